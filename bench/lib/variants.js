'use strict';
// The ways the host page is loaded. Every consent manager gets the same four categories
// (necessary, preferences, analytics, marketing), Russian texts (kelisim's own Russian
// messages from locales/ru/kelisim.ftl, copied into the peers' configurations), a link to the
// privacy policy, a bottom bar, and shows its first layer on the first visit. Each embed
// follows the library's documented way of loading; the configuration is inline in every case.

const RU = {
  title: 'Файлы cookie и персональные данные',
  text:
    'Мы всегда используем файлы cookie, без которых сайт не работает. С вашего согласия мы также ' +
    'используем дополнительные файлы cookie и обрабатываем ваши персональные данные, чтобы улучшать ' +
    'сайт, запоминать ваши настройки и показывать рекламу. Вы можете изменить выбор или отозвать ' +
    'согласие в любое время.',
  policy: 'Политика конфиденциальности',
  acceptAll: 'Принять все',
  rejectAll: 'Отклонить все',
  settings: 'Настройки',
  save: 'Сохранить выбор',
  close: 'Закрыть',
  settingsTitle: 'Настройки файлов cookie',
  settingsText: 'Выберите, какие категории вы разрешаете. Необходимые файлы cookie отключить нельзя.',
  categories: {
    necessary: ['Необходимые', 'Нужны для основной работы и безопасности сайта. Без них сайт работает неправильно.'],
    preferences: ['Предпочтения', 'Запоминают ваш выбор, например язык и регион.'],
    analytics: ['Аналитика', 'Помогают считать посещения и улучшать сайт.'],
    marketing: ['Реклама', 'Используются, чтобы показывать интересную вам рекламу и измерять её эффективность.'],
  },
};
const CATEGORY_IDS = ['necessary', 'preferences', 'analytics', 'marketing'];
const POLICY_URL = '/policy';

// Inline JSON/JS must not close its <script> early.
const safe = (s) => s.replace(/<\//g, '<\\/');

const fs = require('fs');
const path = require('path');

/** kelisim's loader inlined into the page (no request for kelisim.js); app/ found by data-base. */
function kelisimInlineHead() {
  const loader = fs.readFileSync(path.join(__dirname, '..', '..', 'dist', 'kelisim.js'), 'utf8');
  return kelisimHead('async').replace(
    /  <script src="\/kelisim\/kelisim.js" async><\/script>\n/,
    `  <script data-base="/kelisim/">${loader.replace(/<\/script/gi, '<\\/script')}</script>\n`,
  );
}

/** dist/embed.html's preload hints, then kelisim's usual head with the embed's loader (async:
 * kelisim-lite.js since 2026-12-07, kelisim.js before). */
function kelisimEmbedHead() {
  const embed = fs.readFileSync(path.join(__dirname, '..', '..', 'dist', 'embed.html'), 'utf8');
  const hints = embed.split('\n').filter((l) => l.startsWith('<link ')).map((l) => `  ${l}\n`).join('');
  const loader = (embed.match(/<script src="\/kelisim\/([^"]+)"/) || [])[1] || 'kelisim.js';
  return hints + kelisimHead('async').replace('/kelisim/kelisim.js', `/kelisim/${loader}`);
}

function kelisimHead(attr, extra = {}) {
  const config = {
    revision: 1,
    ...extra,
    language: 'ru',
    policy_url: POLICY_URL,
    categories: [
      { id: 'necessary', required: true },
      { id: 'preferences' },
      { id: 'analytics' },
      { id: 'marketing' },
    ],
  };
  return (
    `  <script type="application/json" id="kelisim-config">${safe(JSON.stringify(config))}</script>\n` +
    `  <script src="/kelisim/kelisim.js" ${attr}></script>\n`
  );
}

function cookieconsentSnippets() {
  const t = RU;
  const config = {
    // Its default hides the banner from automated browsers (navigator.webdriver), which this
    // benchmark is; a real visitor sees it.
    hideFromBots: false,
    guiOptions: {
      consentModal: { layout: 'bar inline', position: 'bottom', equalWeightButtons: true },
      preferencesModal: { layout: 'box' },
    },
    categories: {
      necessary: { enabled: true, readOnly: true },
      preferences: {},
      analytics: {},
      marketing: {},
    },
    language: {
      default: 'ru',
      translations: {
        ru: {
          consentModal: {
            title: t.title,
            description: t.text,
            acceptAllBtn: t.acceptAll,
            acceptNecessaryBtn: t.rejectAll,
            showPreferencesBtn: t.settings,
            footer: `<a href="${POLICY_URL}" target="_blank" rel="noopener">${t.policy}</a>`,
          },
          preferencesModal: {
            title: t.settingsTitle,
            acceptAllBtn: t.acceptAll,
            acceptNecessaryBtn: t.rejectAll,
            savePreferencesBtn: t.save,
            closeIconLabel: t.close,
            sections: [{ description: t.settingsText }].concat(
              CATEGORY_IDS.map((id) => ({
                title: t.categories[id][0],
                description: t.categories[id][1],
                linkedCategory: id,
              })),
            ),
          },
        },
      },
    },
  };
  return {
    // The documented embed: the stylesheet in <head>, the script deferred, run() on load.
    head:
      '  <link rel="stylesheet" href="/vendor/cookieconsent/cookieconsent.css">\n' +
      '  <script defer src="/vendor/cookieconsent/cookieconsent.umd.js"></script>\n',
    body:
      '  <script>\n' +
      "  addEventListener('DOMContentLoaded', function () {\n" +
      `    CookieConsent.run(${safe(JSON.stringify(config))});\n` +
      '  });\n' +
      '  </script>\n',
  };
}

function klaroHead() {
  const t = RU;
  const purposes = {};
  for (const id of CATEGORY_IDS) purposes[id] = { title: t.categories[id][0], description: t.categories[id][1] };
  const config = {
    version: 1,
    elementID: 'klaro',
    styling: { theme: ['light', 'bottom', 'wide'] },
    storageMethod: 'cookie',
    cookieName: 'klaro',
    cookieExpiresAfterDays: 395,
    lang: 'ru',
    htmlTexts: false,
    groupByPurpose: true,
    showNoticeTitle: true,
    default: false,
    mustConsent: false,
    acceptAll: true,
    hideDeclineAll: false,
    hideLearnMore: false,
    translations: {
      ru: {
        privacyPolicyUrl: POLICY_URL,
        consentNotice: { title: t.title, description: t.text + ' {privacyPolicy}', learnMore: t.settings },
        privacyPolicy: { name: t.policy, text: '{privacyPolicy}' },
        consentModal: { title: t.settingsTitle, description: t.settingsText },
        ok: t.acceptAll,
        acceptAll: t.acceptAll,
        decline: t.rejectAll,
        save: t.save,
        close: t.close,
        purposes,
        session: { title: 'Сессия сайта', description: t.categories.necessary[1] },
        settings: { title: 'Настройки сайта', description: t.categories.preferences[1] },
        metrika: { title: 'Веб-аналитика', description: t.categories.analytics[1] },
        ads: { title: 'Рекламные метки', description: t.categories.marketing[1] },
      },
    },
    // Klaro asks about services, grouped by purpose: one service per category.
    services: [
      { name: 'session', purposes: ['necessary'], required: true },
      { name: 'settings', purposes: ['preferences'] },
      { name: 'metrika', purposes: ['analytics'] },
      { name: 'ads', purposes: ['marketing'] },
    ],
  };
  // The documented embed: the configuration first, then klaro.js (styles and translations
  // included) deferred, pointed at it with data-config.
  return (
    `  <script>var klaroConfig = ${safe(JSON.stringify(config))};</script>\n` +
    '  <script defer data-config="klaroConfig" src="/vendor/klaro/klaro.js"></script>\n'
  );
}

// kind: which banner to look for; cookie: the consent cookie each one writes.
const VARIANTS = {
  none: {
    label: 'no consent manager',
    kind: 'none',
    cookie: null,
    head: '',
    body: '',
  },
  'kelisim-async': {
    label: 'kelisim (async)',
    kind: 'kelisim',
    cookie: 'kelisim',
    head: kelisimHead('async'),
    body: '',
  },
  get 'kelisim-inline'() {
    return { label: 'kelisim (inline loader)', kind: 'kelisim', cookie: 'kelisim', head: kelisimInlineHead(), body: '' };
  },
  // The recommended embed (dist/embed.html, scripts/build.sh): the first layer's glue and wasm
  // hinted with their integrity in the page, so they load in the loader's round trip.
  get 'kelisim-embed'() {
    return { label: 'kelisim (embed.html: preload hints)', kind: 'kelisim', cookie: 'kelisim', head: kelisimEmbedHead(), body: '' };
  },
  // The loader with the first layer inside it (dist/kelisim-one.js, scripts/one-response.js):
  // one response after the page before the banner.
  'kelisim-one': {
    label: 'kelisim (kelisim-one.js: first layer inside the loader)',
    kind: 'kelisim',
    cookie: 'kelisim',
    head: kelisimHead('async').replace('/kelisim/kelisim.js', '/kelisim/kelisim-one.js'),
    body: '',
  },
  'kelisim-defer': {
    label: 'kelisim (defer)',
    kind: 'kelisim',
    cookie: 'kelisim',
    head: kelisimHead('defer'),
    body: '',
  },
  // The same with a consent record endpoint: the records made by the app are POSTed (the
  // benchmark's server answers 204) instead of staying in the visitor's storage.
  'kelisim-endpoint': {
    label: 'kelisim (async, record endpoint)',
    kind: 'kelisim',
    cookie: 'kelisim',
    head: kelisimHead('async', { endpoint: '/consent-records' }),
    body: '',
  },
  cookieconsent: {
    label: 'vanilla-cookieconsent 3.1.0',
    kind: 'cookieconsent',
    cookie: 'cc_cookie',
    head: cookieconsentSnippets().head,
    body: cookieconsentSnippets().body,
  },
  klaro: {
    label: 'klaro 0.7.22',
    kind: 'klaro',
    cookie: 'klaro',
    head: klaroHead(),
    body: '',
  },
};

const KELISIM = ['kelisim-async', 'kelisim-embed', 'kelisim-one', 'kelisim-defer', 'kelisim-inline', 'kelisim-endpoint'];
const PEERS = ['cookieconsent', 'klaro'];
const DEFAULT_ORDER = ['none', 'kelisim-async', 'kelisim-embed', 'kelisim-one', 'kelisim-defer', 'kelisim-inline', 'kelisim-endpoint', 'cookieconsent', 'klaro'];

function renderPage(template, name) {
  const v = VARIANTS[name];
  return template.replace('<!--bench:head-->\n', v.head).replace('<!--bench:body-->\n', v.body);
}

module.exports = { VARIANTS, KELISIM, PEERS, DEFAULT_ORDER, renderPage };
