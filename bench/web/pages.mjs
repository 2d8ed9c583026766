// pages.mjs: how long each main page of the UI takes to become usable in
// Chromium: from the start of navigation until its heading and its data (or
// its empty / error state) are on screen. Prints one line per page with the
// median and the worst of RUNS loads.
//
// env: BASE_URL, LOGIN, PASSWORD (a coordinator), RUNS (default 5),
// USER_DATA_DIR, CHROMIUM.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../tests/web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const BASE = process.env.BASE_URL;
const RUNS = Number(process.env.RUNS || 5);
const ctx = await chromium.launchPersistentContext(process.env.USER_DATA_DIR, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1366, height: 860 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = ctx.pages()[0] || await ctx.newPage();
page.setDefaultTimeout(60000);

await page.goto(`${BASE}/#/login`);
await page.getByLabel('Tên đăng nhập').fill(process.env.LOGIN);
await page.getByLabel('Mật khẩu').fill(process.env.PASSWORD);
await page.getByRole('button', { name: 'Đăng nhập' }).last().click();
await page.waitForURL((u) => !u.hash.startsWith('#/login'));

// The newest case the coordinator sees, for the case page.
await page.goto(`${BASE}/#/cases`);
await page.locator('main table a').first().waitFor();
const caseHref = await page.locator('main table a').first().getAttribute('href');

// The current year: the bulk filler spreads its cases over the last year.
const y = new Date().getUTCFullYear();
// The last whole month.
const pm = (() => {
  const d = new Date();
  const py = d.getUTCMonth() === 0 ? d.getUTCFullYear() - 1 : d.getUTCFullYear();
  const m = d.getUTCMonth() === 0 ? 12 : d.getUTCMonth();
  return { y: py, m: String(m).padStart(2, '0'), last: new Date(Date.UTC(py, m, 0)).getUTCDate() };
})();
const pages = [
  ['alert inbox', '/inbox'],
  ['case list', '/cases'],
  ['case page', caseHref.slice(1)],
  ['emergency stops', '/stops'],
  ['search "0912"', '/search?q=0912'],
  [`report, month ${pm.y}-${pm.m}`, `/reports?from=${pm.y}-${pm.m}-01&to=${pm.y}-${pm.m}-${pm.last}&kind=month`],
  [`report, year ${y}`, `/reports?from=${y}-01-01&to=${y}-12-31&kind=year`],
  [`printable report, year ${y}`, `/reports/print?from=${y}-01-01&to=${y}-12-31&kind=year`],
  ['bulletins', '/bulletins'],
];

// Usable: the view's root replaced the loading line, and nothing in it is
// still loading.
const usable = () => page.waitForFunction(() => {
  const m = document.querySelector('main');
  return m && m.querySelector('.view') && !m.querySelector('.loading') &&
    m.querySelector('table, .empty, .notice, .tile, .doc-title, article, .card');
});

for (const [name, hash] of pages) {
  const times = [];
  let over = false;
  for (let i = 0; i < RUNS && !over; i += 1) {
    await page.goto('about:blank');
    const t0 = Date.now();
    await page.goto(`${BASE}/#${hash}`);
    try {
      await usable();
      times.push(Date.now() - t0);
    } catch {
      over = true;
    }
  }
  if (over) {
    console.log(`${name.padEnd(34)} not usable within 60 s`);
    continue;
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(34)} median ${String(times[Math.floor(times.length / 2)]).padStart(5)} ms   worst ${String(times[times.length - 1]).padStart(5)} ms`);
}
await ctx.close();
