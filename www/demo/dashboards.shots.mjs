// Screenshots of the dashboards demo (serve www/ on 127.0.0.1:8715 first): node www/demo/dashboards.shots.mjs
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'shots');
mkdirSync(out, { recursive: true });
const origin = 'http://127.0.0.1:8715/';
const base = `${origin}demo/dashboards.html`;
const profile = mkdtempSync(join(tmpdir(), 'dash-shots-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = ctx.pages()[0] || await ctx.newPage();
const problems = [];
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
page.on('dialog', (d) => { problems.push(`dialog opened: ${d.message()}`); d.dismiss(); });
page.on('request', (r) => { if (!r.url().startsWith(origin)) problems.push(`request off origin: ${r.url()}`); });

const settled = () => page.waitForFunction(() => {
  const ps = [...document.querySelectorAll('[data-testid="panel"]')];
  return ps.length > 0 && ps.every((p) => !['queued', 'running'].includes(p.dataset.state));
}, null, { timeout: 20000 });
const states = () => page.evaluate(() => Object.fromEntries(
  [...document.querySelectorAll('[data-testid="panel"]')].map((p) => [p.dataset.panelId, p.dataset.state])));

async function shoot(name, query, steps = async () => {}, { full = true } = {}) {
  await page.goto(`${base}${query}`);
  await settled();
  await steps();
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(out, `dashboards-${name}.png`), fullPage: full });
  console.log('shot', name, JSON.stringify(await states()));
}

for (const id of ['overview', 'user-monitoring', 'console-logins', 'access-denied']) await shoot(id, `?dashboard=${id}`);
console.log('run order (console-logins):', await page.goto(`${base}?dashboard=console-logins`).then(settled).then(() => page.evaluate(() => window.__runs)));

// Scrolled to the bottom first: the panels on screen run before the ones above.
await page.goto(`${base}?dashboard=console-logins&slow`);
await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
await page.waitForSelector('[data-testid="panel"][data-state="running"][data-panel-id="outlier-failed"]');
await page.screenshot({ path: join(out, 'dashboards-running.png') });
await settled();
console.log('run order when scrolled down:', await page.evaluate(() => window.__runs));

await shoot('query-open', '?dashboard=user-monitoring', async () => {
  const panel = page.locator('[data-panel-id="recent-admin-activity"]');
  await panel.getByRole('button', { name: 'Query' }).click();
  await panel.getByRole('button', { name: 'Open in editor' }).click();
  await panel.scrollIntoViewIfNeeded();
}, { full: false });
await shoot('error-empty', '?dashboard=overview&fail=top-users&empty=created-resources', async () => {}, { full: false });
await shoot('hostile', '?dashboard=access-denied&hostile', async () => {
  const text = await page.locator('[data-panel-id="agent-messages"]').innerText();
  console.log('hostile text shown as text:', text.includes('<img src=x onerror=alert(1)>'), 'img elements:', await page.locator('main img').count());
});
await shoot('vars', '?dashboard=console-logins', async () => {
  await page.locator('input[data-var="user"]').fill('olivia.martin');
  await page.locator('input[data-var="user"]').press('Enter');
  await settled();
  console.log('log:', (await page.locator('[data-testid="demo-log"]').innerText()).split('\n')[0]);
}, { full: false });
// Refresh: drawn answers stay, dimmed, while their panels wait and run again.
await page.goto(`${base}?dashboard=access-denied`);
await settled();
await page.goto(`${base}?dashboard=access-denied&slow`);
await settled();
await page.getByRole('button', { name: 'Refresh' }).click();
await page.waitForSelector('[data-panel-id="denied-by-user-agent"][data-state="running"]');
await page.screenshot({ path: join(out, 'dashboards-refreshing.png') });
await settled();

await page.setViewportSize({ width: 760, height: 1000 });
await shoot('narrow', '?dashboard=console-logins', async () => {}, { full: false });

await ctx.close();
rmSync(profile, { recursive: true, force: true });
console.log(problems.length ? `PROBLEMS:\n${problems.join('\n')}` : 'no problems');
