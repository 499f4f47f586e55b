// Issue 5's browser benchmark: drop ~1 GB of CloudTrail as .json.gz files on the page in
// headless Chromium, then run the five blog queries twice through the editor. Reports load
// time, each query's time (as the engine measured it, and as the page saw it), the wasm heap
// and Chromium's memory.
//   node bench/browser/run.mjs [folder]   (default /tmp/trailscope-bench/s3, see bench/make-data.py)

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join } from 'node:path';
import { serve, browser, settled, runQuery, ROOT } from '../../www/tests/e2e/support.mjs';

const folder = process.argv[2] || '/tmp/trailscope-bench/s3';
const walk = (d) => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
const files = walk(folder);
const gz = files.reduce((n, f) => n + statSync(f).size, 0);

const blog = readdirSync(join(ROOT, 'tests', 'queries', 'blog')).filter((f) => f.endsWith('.sumo')).sort()
  .map((f) => [f.slice(0, 2), readFileSync(join(ROOT, 'tests', 'queries', 'blog', f), 'utf8').split('\n').filter((l) => !l.startsWith('//')).join('\n')
    .replace(/cm-core\/cloudtrail/g, 'cloudtrail')]);

const rssMb = () => {
  try {
    const out = execSync("ps -C chromium -o rss= 2>/dev/null || true").toString();
    return Math.round(out.split('\n').filter(Boolean).reduce((n, x) => n + Number(x), 0) / 1024);
  } catch { return null; }
};

const server = await serve();
const b = await browser(server.url, { extraArgs: ['--js-flags=--max-old-space-size=4096'] });
const { page } = b;
// The page reruns its current query after a load; a count over the hot columns keeps that from
// warming anything the blog queries use.
await page.goto(`${server.url}#sample=off&view=search&q=${encodeURIComponent('_sourceCategory = cloudtrail | count')}`);
await settled(page);
console.log(`files: ${files.length}, gzip bytes: ${(gz / 1e6).toFixed(1)} MB`);
const t0 = Date.now();
await page.getByTestId('folder-input').setInputFiles(folder);
const st = await settled(page, 600000);
const loadS = (Date.now() - t0) / 1000;
const summary = await page.getByTestId('data-summary').textContent();
const stats = await page.evaluate(() => window.trailscope.stats());
const ll = await page.evaluate(() => window.trailscope.lastLoad());
console.log(`load: ${loadS.toFixed(2)} s wall including the driver handing over the files; ${(ll.pageMs / 1000).toFixed(2)} s from the page receiving them to the report drawn (answer after ${(ll.answerMs / 1000).toFixed(2)} s, ${(ll.timing.deliveredMs / 1000).toFixed(2)} s after the worker sent it; the worker started after ${(ll.timing.queuedMs / 1000).toFixed(2)} s); in the worker ${(ll.ms / 1000).toFixed(2)} s: waiting for reads ${(ll.timing.readWaitMs / 1000).toFixed(2)} s (indexing meanwhile ${(ll.timing.indexWhileWaitingMs / 1000).toFixed(2)} s), engine ${(ll.timing.engineMs / 1000).toFixed(2)} s, sort/dedupe/index ${(ll.timing.finishMs / 1000).toFixed(2)} s`);
console.log(`loaded: ${summary}; wasm heap ${(stats.wasmBytes / 1e6).toFixed(0)} MB; chromium RSS ${rssMb()} MB`);
// The page runs the Sigma rules in the worker after every load; the queries wait for them (they
// run one at a time), so they are measured after the run, which is reported on its own.
await page.waitForFunction(
  () => document.querySelector('[data-testid=detections-status]')?.getAttribute('data-state') === 'done',
  null,
  { timeout: 600000 },
);
console.log(`detections: ${await page.getByTestId('detections-status').textContent()}`);
// Each query is typed into the editor; a second passes, as when a person finishes typing (the
// page opens the geo table as soon as the text names geo://); then Ctrl+Enter. Reported: the
// engine's own time (what the page shows) and the time from the key press to the status saying
// done, as the driver sees it.
for (const round of [1, 2]) {
  for (const [name, q] of blog) {
    const r = await runQuery(page, q, { pauseMs: 1000 });
    const meta = await page.getByTestId('result-meta').textContent().catch(() => '');
    console.log(`round ${round} ${name}: ${meta} · ${r.ms} ms from Ctrl+Enter to done (${r.state})`);
  }
}
const after = await page.evaluate(() => window.trailscope.stats());
console.log(`after queries: wasm heap ${(after.wasmBytes / 1e6).toFixed(0)} MB; chromium RSS ${rssMb()} MB`);
console.log(`foreign requests: ${b.foreign.length}`);
await b.close();
await server.close();
