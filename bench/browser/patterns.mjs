// What LogReduce costs in the page (issue 14): drop a folder of CloudTrail on the page in
// headless Chromium, then open the Patterns view (`logreduce` over everything loaded) and a
// full-scan query as the baseline of the same run, each three times; then the same two
// queries natively with the release CLI over the same folder. Reports each time and the ratios.
//   node bench/browser/patterns.mjs FOLDER   (e.g. `trailscope generate --events 200000 --out DIR`)

import { readdirSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { serve, browser, settled, runQuery, ROOT } from '../../www/tests/e2e/support.mjs';

const folder = process.argv[2];
if (!folder) throw new Error('usage: node bench/browser/patterns.mjs FOLDER');
const walk = (d) => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
const files = walk(folder);
const SCAN = '_sourceCategory = cloudtrail | json "eventName" | count by eventName';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await serve();
const b = await browser(server.url, { extraArgs: ['--js-flags=--max-old-space-size=4096'] });
const { page } = b;
await page.goto(`${server.url}#sample=off&view=search&q=${encodeURIComponent('_sourceCategory = cloudtrail | count')}`);
await settled(page);
await page.getByTestId('folder-input').setInputFiles(folder);
await settled(page, 600000);
// The Sigma rules run in the worker after the load; measure once they are done.
await page.waitForFunction(
  () => document.querySelector('[data-testid=detections-status]')?.getAttribute('data-state') === 'done',
  null,
  { timeout: 600000 },
);
const summary = await page.getByTestId('data-summary').textContent();
const loaded = await page.evaluate(() => window.trailscope.stats());
console.log(`files: ${files.length}; loaded: ${summary}; wasm heap ${(loaded.wasmBytes / 1e6).toFixed(0)} MB`);

const page_ = { patterns: [], scan: [] };
for (let i = 0; i < 3; i++) {
  const r = await runQuery(page, SCAN);
  const meta = await page.getByTestId('result-meta').textContent();
  page_.scan.push(Number(/([\d.,]+) ms/.exec(meta)?.[1].replace(/,/g, '')) || r.ms);
  // Leave and reopen the view: each opening runs logreduce again.
  await page.getByTestId('tab-search').click();
  await page.getByTestId('tab-patterns').click();
  const status = page.getByTestId('patterns-status').filter({ hasText: /patterns? in/ });
  await status.waitFor({ timeout: 600000 });
  const text = await status.textContent();
  page_.patterns.push(Number(/in ([\d,]+) ms/.exec(text)[1].replace(/,/g, '')));
  console.log(`page round ${i + 1}: ${text}; scan ${page_.scan[i]} ms`);
}
const stats = await page.evaluate(() => window.trailscope.stats());
await b.close();
await server.close();

const cli = join(ROOT, 'target', 'release', 'trailscope');
const native = (q) => {
  const t = Date.now();
  execFileSync(cli, ['query', '--category', 'cloudtrail', q, folder], { stdio: ['ignore', 'ignore', 'inherit'] });
  return Date.now() - t;
};
const nat = { patterns: [], scan: [] };
for (let i = 0; i < 3; i++) {
  nat.patterns.push(native('_sourceCategory = cloudtrail | logreduce'));
  nat.scan.push(native(SCAN));
}
const [pp, ps, np, ns] = [page_.patterns, page_.scan, nat.patterns, nat.scan].map(median);
console.log(`page (loaded store, one worker): logreduce ${pp} ms, scan ${ps} ms, ratio ${(pp / ps).toFixed(2)}; wasm heap ${(loaded.wasmBytes / 1e6).toFixed(0)} MB after the load, ${(stats.wasmBytes / 1e6).toFixed(0)} MB after (wasm memory only grows)`);
console.log(`native one-shot (load included): logreduce ${np} ms, scan ${ns} ms, ratio ${(np / ns).toFixed(2)}`);
