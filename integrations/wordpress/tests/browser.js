// The WordPress test in headless Chromium (Debian's chromium, driven by playwright-core), run by
// scripts/test-wordpress.sh against a real WordPress. `browser.js activate`: the admin activates
// the plugin on the Plugins screen and saves the allowed origin in its settings. Then, with the
// plugin active (`browser.js`):
//   1. the home page: the configuration and the loader (with data-kelisim-autoblock) come first
//      in <head>, before any other script; the banner shows; Google's tag, printed after them by
//      another plugin, does not run; "Accept all" posts the record to the plugin's REST route
//      (201), sets the consent cookie, and the tag runs once;
//   2. wp-admin in Kazakh (the admin's locale): "Consent records" finds the consent by its
//      identifier, verifies the chain, downloads the export (written to EXPORT_FILE);
//   3. the settings page: a configuration with a wrong key is refused naming the key, deleting the
//      records without typing the table's name is refused, a good configuration is saved and
//      reaches the page;
//   4. "One file" in the settings: ignored while automatic blocking is on (the plain kelisim.js
//      stays); automatic blocking off, the page names kelisim-lite.js (plain, with the hint);
//      with "One file" too, the page names kelisim-one.js alone, async, without preload hints, and
//      the banner shows with no request for the first layer's own files.
// Prints the consent id on stdout. env: SITE (http://127.0.0.1:PORT), CHROMIUM, EXPORT_FILE.
const { chromium } = require('playwright-core');
const fs = require('node:fs');

const SITE = process.env.SITE;
const fail = (msg) => { throw new Error(msg); };
const check = (cond, msg) => { if (!cond) fail(msg); };
// SCREENSHOTS=DIR: screenshots of the screens, for a look (not compared).
const shot = async (page, name) => {
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/${name}.png`, fullPage: true });
};

async function login(browser) {
  const admin = await browser.newContext();
  const ap = await admin.newPage();
  await ap.goto(SITE + '/wp-login.php');
  await ap.fill('#user_login', 'admin');
  await ap.fill('#user_pass', 'kelisim-test-password');
  await Promise.all([ap.waitForNavigation(), ap.click('#wp-submit')]);
  return ap;
}

// `browser.js activate`: the admin activates the plugin on the Plugins screen and names the one
// other origin the conformance suite posts from in its settings.
async function activate(browser) {
  const ap = await login(browser);
  await ap.goto(SITE + '/wp-admin/plugins.php');
  await Promise.all([ap.waitForNavigation(), ap.click('tr[data-slug="kelisim"] .activate a')]);
  check(await ap.locator('tr[data-slug="kelisim"].active').count() === 1, 'the plugin is not active');
  await ap.goto(SITE + '/wp-admin/admin.php?page=kelisim');
  await ap.fill('#kelisim_origins', 'https://shop.example.kz');
  await Promise.all([ap.waitForNavigation(), ap.click('.submit button')]);
  const notice = await ap.textContent('#kelisim-notice');
  check(notice.includes('Баптаулар сақталды'), `the origins were not saved: ${notice}`);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  try {
    if (process.argv[2] === 'activate') {
      await activate(browser);
      return;
    }
    const context = await browser.newContext();
    // Google's tag, printed by a plugin after kelisim's loader (the test's mu-plugin), answered
    // here: automatic blocking must hold it until Accept all.
    let tagHits = 0;
    await context.route('https://www.googletagmanager.com/**', (route) => {
      tagHits += 1;
      route.fulfill({ contentType: 'text/javascript', body: 'window.__tagRan = (window.__tagRan || 0) + 1;' });
    });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    // 1. The visitor.
    await page.goto(SITE + '/', { waitUntil: 'domcontentloaded' });
    const head = await page.evaluate(() => {
      const scripts = [...document.head.querySelectorAll('script')];
      const loader = scripts[1];
      return {
        first: scripts[0] && scripts[0].id,
        firstType: scripts[0] && scripts[0].type,
        loaderSrc: loader && loader.getAttribute('src'),
        autoblock: loader ? loader.hasAttribute('data-kelisim-autoblock') : false,
        asyncOrDefer: loader ? loader.async || loader.defer : true,
        config: JSON.parse(document.getElementById('kelisim-config').textContent),
      };
    });
    check(head.first === 'kelisim-config' && head.firstType === 'application/json',
      `the configuration is not the first script in <head>: ${JSON.stringify(head)}`);
    check(/\/wp-content\/plugins\/kelisim\/dist\/kelisim\.js\?v=[0-9a-f]{12}$/.test(head.loaderSrc || ''),
      `the loader is not the second script, from the plugin: ${head.loaderSrc}`);
    check(head.autoblock && !head.asyncOrDefer, 'the loader lacks data-kelisim-autoblock or is async');
    check(head.config.endpoint === SITE + '/wp-json/kelisim/v1/records',
      `the endpoint is not the plugin's route: ${head.config.endpoint}`);

    const accept = page.locator('#kelisim-root [data-kelisim-action="accept-all"]').first();
    await accept.waitFor({ state: 'visible', timeout: 30000 });
    await shot(page, 'home');
    // Written in the page's HTML, the tag may be fetched (the browser's preload scanner) but must
    // not run (contract.md, "Automatic blocking").
    check((await page.evaluate(() => window.__tagRan)) === undefined,
      `Google's tag ran before consent (${tagHits} requests)`);
    const posted = page.waitForResponse(
      (r) => r.url().includes('/wp-json/kelisim/v1/records') && r.request().method() === 'POST',
      { timeout: 30000 });
    await accept.click();
    const response = await posted;
    check(response.status() === 201, `the record was answered ${response.status()}`);
    const answer = await response.json();
    check(answer.status === 'stored' && answer.hash && answer.hash.length === 64,
      `not stored: ${JSON.stringify(answer)}`);
    const consent = await page.evaluate(() => window.kelisim.getConsent());
    check(consent && consent.categories && consent.categories.analytics === true,
      `Accept all did not grant analytics: ${JSON.stringify(consent)}`);
    await page.waitForFunction(() => window.__tagRan === 1, null, { timeout: 10000 })
      .catch(() => fail(`Google's tag did not run once after Accept all (${tagHits} requests)`));
    const cookies = await context.cookies(SITE);
    check(cookies.some((c) => c.name === 'kelisim' && c.value.includes(consent.id)),
      'no consent cookie with the consent id');
    check(errors.length === 0, `errors on the page: ${errors.join('; ')}`);

    // 2. The admin, in Kazakh.
    const ap = await login(browser);
    await ap.goto(`${SITE}/wp-admin/admin.php?page=kelisim-records&consent=${encodeURIComponent(consent.id)}`);
    check((await ap.textContent('h1')).trim() === 'Келісім жазбалары', 'the records screen is not in Kazakh');
    const rows = await ap.locator('#kelisim-results tbody tr').allTextContents();
    check(rows.length === 1 && rows[0].includes('берілді') && rows[0].includes('analytics'),
      `the search did not find the one record: ${JSON.stringify(rows)}`);
    await Promise.all([ap.waitForNavigation(), ap.click('button[name="kelisim_verify"]')]);
    const verified = await ap.textContent('#kelisim-notice');
    check(verified.includes('Хэш тізбегі тексерілді'), `the chain did not verify: ${verified}`);
    await shot(ap, 'records');
    const href = await ap.getAttribute('#kelisim-export', 'href');
    const exported = await ap.request.get(href);
    check(exported.status() === 200, `the export answered ${exported.status()}`);
    check(/attachment; filename="kelisim-ledger-localhost-\d{4}-\d\d-\d\d\.jsonl"/.test(exported.headers()['content-disposition'] || ''),
      'the export is not a .jsonl download');
    const text = await exported.text();
    check(text.split('\n').some((l) => l && JSON.parse(l).consent_id === consent.id), 'the export lacks the record');
    fs.writeFileSync(process.env.EXPORT_FILE, text);

    await ap.goto(SITE + '/wp-admin/plugins.php');
    const note = await ap.textContent('#kelisim-uninstall-note');
    check(note.includes('Плагинді жою келісім жазбаларын сақтап қалады') && note.includes('wp_kelisim_ledger'),
      `the Plugins screen does not say that deleting keeps the records: ${note}`);

    // 3. The settings page.
    await ap.goto(SITE + '/wp-admin/admin.php?page=kelisim');
    await ap.fill('#kelisim_config', '{ "revision": "2", "languages": ["kk", "de"] }');
    await Promise.all([ap.waitForNavigation(), ap.click('.submit button')]);
    let notice = await ap.textContent('#kelisim-notice');
    await shot(ap, 'settings-refused');
    check(notice.includes('Баптаулар сақталмады') && notice.includes('revision') && notice.includes('languages[1]'),
      `a wrong configuration was not refused naming its keys: ${notice}`);
    check((await ap.inputValue('#kelisim_config')).includes('"de"'), 'the refused text was not kept for fixing');
    await ap.fill('#kelisim_config', '{ "revision": 2 ');
    await Promise.all([ap.waitForNavigation(), ap.click('.submit button')]);
    notice = await ap.textContent('#kelisim-notice');
    check(notice.includes('Конфигурация JSON емес'), `broken JSON was not refused: ${notice}`);
    await ap.fill('#kelisim_config', '{ "revision": 2, "languages": ["ru", "kk", "en"] }');
    await ap.check('input[name="kelisim_delete_records"]');
    await Promise.all([ap.waitForNavigation(), ap.click('.submit button')]);
    notice = await ap.textContent('#kelisim-notice');
    check(notice.includes('wp_kelisim_ledger') && notice.includes('Баптаулар сақталмады'),
      `deleting the records was accepted without the confirmation: ${notice}`);
    await ap.uncheck('input[name="kelisim_delete_records"]');
    await Promise.all([ap.waitForNavigation(), ap.click('.submit button')]);
    notice = await ap.textContent('#kelisim-notice');
    check(notice.includes('Баптаулар сақталды'), `a good configuration was not saved: ${notice}`);
    await page.goto(SITE + '/');
    const saved = await page.evaluate(() => JSON.parse(document.getElementById('kelisim-config').textContent));
    check(saved.revision === 2 && saved.languages[0] === 'ru' && saved.endpoint.endsWith('/wp-json/kelisim/v1/records'),
      `the saved configuration did not reach the page: ${JSON.stringify(saved)}`);

    // 4. The one-file loader: with automatic blocking on it is not used (that needs the small plain
    // loader); with automatic blocking off, the page names kelisim-one.js alone, async, without
    // preload hints, and the banner shows with no request for the first layer's own files.
    const loaderOf = (p) => p.evaluate(() => {
      const loader = document.head.querySelectorAll('script')[1];
      return {
        src: loader && loader.getAttribute('src'),
        autoblock: loader ? loader.hasAttribute('data-kelisim-autoblock') : false,
        async: loader ? loader.async : false,
        // The first layer's hints (printed by the plugin); not the app's modulepreload link that
        // the loader adds itself once the banner is shown and the page idle.
        hints: [...document.querySelectorAll('link[rel="modulepreload"], link[rel="preload"]')]
          .filter((l) => l.href.includes('/dist/app/first')).length,
      };
    });
    const save = async (oneFile, autoblock) => {
      await ap.goto(SITE + '/wp-admin/admin.php?page=kelisim');
      await ap.setChecked('input[name="kelisim_one_file"]', oneFile);
      await ap.setChecked('input[name="kelisim_autoblock"]', autoblock);
      await Promise.all([ap.waitForNavigation(), ap.click('.submit button')]);
      notice = await ap.textContent('#kelisim-notice');
      check(notice.includes('Баптаулар сақталды') && await ap.isChecked('input[name="kelisim_one_file"]') === oneFile
        && await ap.isChecked('input[name="kelisim_autoblock"]') === autoblock,
        `one file ${oneFile}, automatic blocking ${autoblock} were not saved: ${notice}`);
    };
    await save(true, true);
    await page.goto(SITE + '/', { waitUntil: 'domcontentloaded' });
    let loader = await loaderOf(page);
    check(/\/dist\/kelisim\.js\?v=/.test(loader.src || '') && loader.autoblock && !loader.async,
      `with automatic blocking on, the one-file loader replaced the plain kelisim.js: ${JSON.stringify(loader)}`);
    // Automatic blocking off: the loader built without it (kelisim-lite.js), still a plain
    // script, with the first layer's hints; the banner shows.
    await save(false, false);
    const liteVisitor = await browser.newContext();
    await liteVisitor.route('https://www.googletagmanager.com/**', (route) => route.fulfill({ contentType: 'text/javascript', body: '' }));
    const lite = await liteVisitor.newPage();
    lite.on('pageerror', (e) => errors.push(String(e)));
    await lite.goto(SITE + '/', { waitUntil: 'domcontentloaded' });
    loader = await loaderOf(lite);
    check(/\/wp-content\/plugins\/kelisim\/dist\/kelisim-lite\.js\?v=[0-9a-f]{12}$/.test(loader.src || '')
      && !loader.async && !loader.autoblock && loader.hints === 1,
      `without automatic blocking, the page does not name kelisim-lite.js, plain, after its hint: ${JSON.stringify(loader)}`);
    await lite.locator('#kelisim-root [data-kelisim-action="accept-all"]').first().waitFor({ state: 'visible', timeout: 30000 });
    await liteVisitor.close();
    await save(true, false);
    const visitor = await browser.newContext();
    await visitor.route('https://www.googletagmanager.com/**', (route) => route.fulfill({ contentType: 'text/javascript', body: '' }));
    const one = await visitor.newPage();
    const firstLayerRequests = [];
    one.on('request', (r) => { if (r.url().includes('/dist/app/first')) firstLayerRequests.push(r.url()); });
    one.on('pageerror', (e) => errors.push(String(e)));
    await one.goto(SITE + '/', { waitUntil: 'domcontentloaded' });
    loader = await loaderOf(one);
    check(/\/wp-content\/plugins\/kelisim\/dist\/kelisim-one\.js\?v=[0-9a-f]{12}$/.test(loader.src || '')
      && loader.async && !loader.autoblock && loader.hints === 0,
      `the one-file loader is not printed alone, async, as the second script: ${JSON.stringify(loader)}`);
    await one.locator('#kelisim-root [data-kelisim-action="accept-all"]').first().waitFor({ state: 'visible', timeout: 30000 });
    await shot(one, 'home-one-file');
    check(firstLayerRequests.length === 0, `the first layer was fetched beside kelisim-one.js: ${firstLayerRequests}`);
    check(errors.length === 0, `errors on the page: ${errors.join('; ')}`);
    await visitor.close();
    console.log(consent.id);
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error('browser test: ' + (e && e.stack || e)); process.exit(1); });
