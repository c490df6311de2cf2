// A viewport screenshot of a generated page (index.html, report.html), scrolled to its #fragment:
//   npm install puppeteer-core   (once, in any folder; uses the system's Chromium)
//   NODE_PATH=that/node_modules node scripts/page-screenshot.js 'file:///abs/course/index.html#ae-2d' out.png [1400] [1300]
// Chromium's own `--headless --screenshot` captures a blank viewport when the URL has a #fragment
// (any page, measured with Chromium 150), so it cannot show an in-page link; this waits for the
// load, lets the browser scroll, and captures what a reader sees. CHROMIUM overrides /usr/bin/chromium.
const puppeteer = require('puppeteer-core');
(async () => {
  const [url, out, w = '1400', h = '1300'] = process.argv.slice(2);
  const browser = await puppeteer.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--hide-scrollbars']});
  const page = await browser.newPage();
  await page.setViewport({width: +w, height: +h});
  await page.goto(url, {waitUntil: 'load'});
  const y = await page.evaluate(() => window.scrollY);
  await page.screenshot({path: out});
  console.log(out, 'scrollY', y);
  await browser.close();
})();
