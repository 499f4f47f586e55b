// Screenshots of the charts demo (serve www/ on 127.0.0.1:8711 first): node www/demo/charts.shots.mjs
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'shots');
mkdirSync(out, { recursive: true });
const origin = 'http://127.0.0.1:8711/';
const url = process.env.CHARTS_URL || `${origin}demo/charts.html`;
const profile = mkdtempSync(join(tmpdir(), 'charts-shots-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1240, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = ctx.pages()[0] || await ctx.newPage();
const problems = [];
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
page.on('dialog', (d) => { problems.push(`dialog opened: ${d.message()}`); d.dismiss(); });
page.on('request', (r) => { if (!r.url().startsWith(origin)) problems.push(`request off origin: ${r.url()}`); });

await page.goto(url);
await page.waitForSelector('body[data-ready=true]');
await page.waitForTimeout(200);

const panel = (id) => page.locator(`#${id}`);
const shot = async (name, id) => {
  await (id ? panel(id).screenshot({ path: join(out, `charts-${name}.png`) }) : page.screenshot({ path: join(out, `charts-${name}.png`), fullPage: true }));
  console.log('shot', name);
};
const hoverAt = async (id, fx, fy) => {
  await panel(id).scrollIntoViewIfNeeded();
  const box = await panel(id).locator('.ts-chart').boundingBox();
  await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
  await page.waitForTimeout(80);
};

await shot('page');
for (const id of ['by-event', 'agents-pie', 'hourly', 'one-day', 'logins', 'by-user', 'failed', 'agents-bar', 'user-result', 'outlier', 'area', 'hostile-series', 'intellij', 'event-columns', 'grouped', 'no-height', 'narrow-pie', 'huge', 'messages']) await shot(id, id);

await hoverAt('one-day', 0.55, 0.6); await shot('hover-column', 'one-day');
await hoverAt('by-user', 0.7, 0.7); await shot('hover-stacked', 'by-user');
await hoverAt('hourly', 0.4, 0.5); await shot('hover-line', 'hourly');
await hoverAt('outlier', 0.5, 0.5); await shot('hover-outlier', 'outlier');
await page.locator('#agents-pie .ts-legend-item').nth(3).hover(); await page.waitForTimeout(80); await shot('hover-pie-hostile', 'agents-pie');
await page.locator('#hostile-series .ts-legend-item').nth(2).hover(); await page.waitForTimeout(80); await shot('hover-legend-hostile', 'hostile-series');
await hoverAt('agents-bar', 0.5, 0.25); await shot('hover-bar', 'agents-bar');

// Brush: drag across the middle of the histogram.
await panel('histogram').scrollIntoViewIfNeeded();
const hb = await panel('histogram').locator('.ts-chart').boundingBox();
await page.mouse.move(hb.x + hb.width * 0.35, hb.y + hb.height * 0.5);
await page.mouse.down();
await page.mouse.move(hb.x + hb.width * 0.45, hb.y + hb.height * 0.5, { steps: 5 });
await page.mouse.move(hb.x + hb.width * 0.55, hb.y + hb.height * 0.5, { steps: 5 });
await shot('brushing', 'histogram');
await page.mouse.up();
console.log('after brush:', await page.locator('#picked').innerText());
await page.mouse.move(hb.x + hb.width * 0.8, hb.y + hb.height * 0.3);
await shot('brushed', 'histogram');
await page.mouse.click(hb.x + hb.width * 0.2, hb.y + hb.height * 0.5);
console.log('after click:', await page.locator('#picked').innerText(), 'brush visible:', await page.locator('#histogram .ts-brush').getAttribute('visibility'));

// Click a bar: the pick names the category.
await page.mouse.move(0, 0);
const bar = page.locator('#by-event .ts-bar').first();
await bar.click();
console.log('after bar click:', await page.locator('#picked').innerText());

// Local time and a chart type switch.
await page.locator('#logins .types button[data-type=line]').click();
await page.waitForTimeout(50);
await shot('logins-line', 'logins');

// Hostile text stays text: no element was made from it anywhere in the charts.
const safety = await page.evaluate(() => ({
  imgs: document.querySelectorAll('main img, main script, main [onerror]').length,
  texts: [...document.querySelectorAll('main text, main title, main div')].filter((e) => e.textContent.includes('<img src=x')).length,
}));
console.log('hostile check:', safety);

// Every type over every result (types that do not fit say so instead of drawing): no exceptions.
const matrix = await page.evaluate(() => {
  const { renderChart, chartTypes, results } = globalThis.chartsDemo;
  const host = document.createElement('div');
  host.style.width = '640px';
  document.body.append(host);
  const out = [];
  for (const [name, r] of Object.entries(results)) {
    for (const type of ['column', 'bar', 'line', 'area', 'pie', 'single']) {
      try {
        const v = renderChart(host, r, type, { utc: false, stacked: false });
        const drawn = host.querySelector('svg, .ts-single') ? 'drawn' : 'message';
        if (chartTypes(r).includes(type) && drawn !== 'drawn') out.push(`${name}/${type}: offered but not drawn`);
        v.destroy();
      } catch (e) { out.push(`${name}/${type}: ${e.message}`); }
    }
  }
  host.remove();
  return out;
});
console.log('type matrix:', matrix.length ? matrix : 'all fine');

// Resizing: a narrow viewport redraws every chart to its new width.
await page.setViewportSize({ width: 560, height: 900 });
await page.waitForTimeout(300);
for (const id of ['by-user', 'agents-pie', 'by-event', 'histogram']) await shot(`narrow-${id}`, id);
const widths = await page.evaluate(() => [...document.querySelectorAll('.ts-chart')].map((c) => [c.clientWidth, c.querySelector('svg')?.getAttribute('width')]).slice(0, 4));
console.log('widths after resize:', JSON.stringify(widths));

await ctx.close();
rmSync(profile, { recursive: true, force: true });
console.log(problems.length ? `PROBLEMS:\n${problems.join('\n')}` : 'no console errors, no dialogs, no off-origin requests');
