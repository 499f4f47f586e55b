// Screenshots of the map demo (serve www/ on 127.0.0.1:8712 first): node www/demo/map.shots.mjs
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'shots');
mkdirSync(out, { recursive: true });
const base = process.env.MAP_URL || 'http://127.0.0.1:8712/demo/map.html';
const profile = mkdtempSync(join(tmpdir(), 'map-shots-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1200, height: 820 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = ctx.pages()[0] || await ctx.newPage();
const problems = [];
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
page.on('dialog', (d) => { problems.push(`dialog opened: ${d.message()}`); d.dismiss(); });
page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
page.on('request', (r) => { if (!r.url().startsWith('http://127.0.0.1:8712/')) problems.push(`request off origin: ${r.url()}`); });

async function shoot(name, url, steps = async () => {}) {
  await page.goto(url);
  await page.waitForSelector('[data-testid="map-point"]', { state: 'attached', timeout: 5000 }).catch(() => {});
  await page.waitForTimeout(150);
  await steps();
  await page.screenshot({ path: join(out, `map-${name}.png`) });
  console.log('shot', name);
}

const point = (i) => page.locator('[data-testid="map-point"]').nth(i);
const info = async () => page.evaluate(() => ({
  maps: document.querySelectorAll('[data-testid="map"]').length,
  points: [...document.querySelectorAll('[data-testid="map-point"]')].map((p) => p.getAttribute('aria-label')),
  imgs: document.querySelectorAll('.ts-map img, .ts-map script').length,
  tip: document.querySelector('.ts-map-tip')?.textContent.slice(0, 80),
}));

await shoot('overview', base);
console.log(await info());

await shoot('hover', base, async () => {
  await point(0).hover();
  await page.waitForTimeout(100);
});
await shoot('hover-hostile', base, async () => {
  const hostile = page.locator('[data-testid="map-point"][aria-label^="<img"]');
  await hostile.hover();
  console.log(await info());
});
await shoot('selected', base, async () => {
  const ny = page.locator('[data-testid="map-point"][aria-label^="New York"]');
  await ny.click();
  await page.waitForTimeout(100);
  console.log('pressed', await ny.getAttribute('aria-pressed'), 'selection:', await page.locator('#selection-body').innerText());
});
await shoot('zoomed', base, async () => {
  const box = await page.locator('[data-testid="map"]').boundingBox();
  // Wheel over central Europe, then drag a little.
  const fra = await page.locator('[data-testid="map-point"][aria-label^="Frankfurt"]').boundingBox();
  await page.mouse.move(fra.x + fra.width / 2, fra.y + fra.height / 2);
  for (let i = 0; i < 6; i++) { await page.mouse.wheel(0, -250); await page.waitForTimeout(30); }
  await page.mouse.move(box.x + 200, box.y + 200);
  await page.mouse.down();
  await page.mouse.move(box.x + 260, box.y + 230, { steps: 5 });
  await page.mouse.up();
  await page.waitForTimeout(100);
  await page.locator('[data-testid="map-point"][aria-label^="Berlin"]').hover();
});
await shoot('buttons', base, async () => {
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.waitForTimeout(400);
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await page.waitForTimeout(400);
});
await shoot('keyboard', base, async () => {
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  console.log('focused', await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'selected', await page.locator('.is-selected').count());
});
await shoot('api', base, async () => {
  const r = await page.evaluate(() => {
    const wheel = (dy) => {
      const e = new WheelEvent('wheel', { deltaY: dy, clientX: 400, clientY: 300, bubbles: true, cancelable: true });
      document.querySelector('.ts-map-svg').dispatchEvent(e);
      return e.defaultPrevented;
    };
    const outAtHome = wheel(120);
    const inAtHome = wheel(-120);
    // select() from the outside: marks, scrolls into view if needed, does not call onSelect.
    window.mapView.select(window.mapView.points.find((p) => p.city === 'Sydney'));
    const marked = document.querySelector('.ts-map-point.is-selected')?.getAttribute('aria-label');
    window.mapView.select(null);
    return { outAtHome, inAtHome, marked, cleared: document.querySelectorAll('.is-selected').length, onSelectCalls: window.selectedByClick || 0 };
  });
  console.log('api', r);
});
await shoot('fill', base + '?fill', async () => {
  console.log('fill box', await page.locator('[data-testid="map"]').boundingBox());
});
await shoot('dark', base + '?dark', async () => { await point(1).hover(); });
await page.setViewportSize({ width: 640, height: 760 });
await shoot('narrow', base, async () => { await point(2).hover(); });
await shoot('empty', base + '?empty');
await page.setViewportSize({ width: 1200, height: 820 });

await ctx.close();
rmSync(profile, { recursive: true, force: true });
console.log(problems.length ? problems.join('\n') : 'no console errors, dialogs or off-origin requests');
