'use strict';
// One fresh headless Chromium per page load: a new empty profile, the emulated phone
// viewport, 4× CPU throttling and the network profile, the page instrumentation installed.
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');
const { benchInstrument } = require('./instrument');

const VIEWPORT = { width: 412, height: 823, deviceScaleFactor: 1.75, isMobile: true, hasTouch: false };

async function openPage(opts, variant) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kelisim-bench-profile-'));
  let browser;
  try {
    browser = await puppeteer.launch({
      executablePath: opts.chromium,
      headless: false, // the flags below ask for headless mode themselves
      userDataDir: dir,
      defaultViewport: null,
      protocolTimeout: 120000,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--hide-scrollbars', '--mute-audio', `--window-size=${VIEWPORT.width},${VIEWPORT.height}`,
      ],
    });
    const page = (await browser.pages())[0] || (await browser.newPage());
    await page.setViewport(VIEWPORT);
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    await cdp.send('Performance.enable');
    await page.emulateCPUThrottling(opts.cpu); // Emulation.setCPUThrottlingRate
    await page.emulateNetworkConditions({ // Network.emulateNetworkConditions
      latency: opts.latency,
      download: (opts.down * 1000) / 8,
      upload: (opts.up * 1000) / 8,
    });
    await page.evaluateOnNewDocument(benchInstrument, { kind: variant.kind, cookie: variant.cookie });
    const close = async () => {
      await browser.close().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    };
    return { browser, page, cdp, close };
  } catch (e) {
    if (browser) await browser.close().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

module.exports = { openPage, VIEWPORT };
