// What detections cost (issue 11): every Sigma rule and behaviour baseline over a folder of
// CloudTrail, in the page (headless Chromium: the run after the load, then three from the view's
// Run button, as the view times them), in the wasm build under node (the heap before and after a
// run: what the run adds to the loaded store), and natively (the release CLI's detect against a
// full-scan query, the 2x target). Reports MB/s of loaded JSON and the ratios.
//   node bench/browser/detect.mjs FOLDER   (e.g. `trailscope generate --events 200000 --out DIR`)

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { serve, browser, settled, ROOT } from '../../www/tests/e2e/support.mjs';

const folder = process.argv[2];
if (!folder) throw new Error('usage: node bench/browser/detect.mjs FOLDER');
const walk = (d) => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
const files = walk(folder).sort();
const bytes = (f) => {
  const b = readFileSync(f);
  return f.endsWith('.gz') ? gunzipSync(b) : b;
};
const jsonBytes = files.reduce((n, f) => n + bytes(f).length, 0);
const mb = jsonBytes / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`${files.length} files, ${mb.toFixed(0)} MB of JSON`);

// ---- the page ----
const server = await serve();
const b = await browser(server.url, { extraArgs: ['--js-flags=--max-old-space-size=4096'] });
const { page } = b;
await page.goto(`${server.url}#sample=off&view=search&q=${encodeURIComponent('_sourceCategory = cloudtrail | count')}`);
await settled(page);
await page.getByTestId('folder-input').setInputFiles(folder);
await settled(page, 900000);
const done = () =>
  page.waitForFunction(
    () => document.querySelector('[data-testid=detections-status]')?.getAttribute('data-state') === 'done',
    null,
    { timeout: 900000 },
  );
await done();
await page.getByTestId('tab-detections').click();
const msOf = (t) => Number(/in ([\d,]+) ms/.exec(t)[1].replace(/,/g, ''));
const first = await page.getByTestId('detections-status').textContent();
const runs = [msOf(first)];
console.log(`page, after the load: ${first}`);
for (let i = 0; i < 3; i++) {
  const n = Number(await page.getByTestId('detections-status').getAttribute('data-runs'));
  await page.getByTestId('detections-run').click();
  await page.waitForFunction(
    (k) => Number(document.querySelector('[data-testid=detections-status]')?.getAttribute('data-runs')) > k,
    n,
    { timeout: 900000 },
  );
  await done();
  const t = await page.getByTestId('detections-status').textContent();
  runs.push(msOf(t));
  console.log(`page, Run ${i + 1}: ${t}`);
}
const stats = await page.evaluate(() => window.trailscope.stats());
await b.close();
await server.close();
const pageMs = median(runs);
console.log(`page: median ${pageMs} ms = ${(mb / (pageMs / 1000)).toFixed(0)} MB/s; wasm heap ${(stats.wasmBytes / 1e6).toFixed(0)} MB`);

// ---- the wasm build under node: what a run adds to the heap ----
const pkg = join(ROOT, 'www/build/pkg');
const { default: init, Engine } = await import(join(pkg, 'trailscope.js'));
const wasm = await init({ module_or_path: readFileSync(join(pkg, 'trailscope_bg.wasm')) });
const engine = new Engine();
const geo = join(ROOT, 'data/geo');
engine.set_geo(readFileSync(join(geo, 'city.tsgeo')), readFileSync(join(geo, 'asn.tsgeo')));
for (const f of files) engine.load(f.slice(folder.length), new Uint8Array(readFileSync(f)), 'cloudtrail');
engine.finish_loading(false);
engine.warm_geo();
const heap = () => wasm.memory.buffer.byteLength / 1e6;
const loaded = heap();
let t = Date.now();
const answer = engine.detect('{}');
const nodeMs = Date.now() - t;
const after = heap();
console.log(
  `wasm under node: ${nodeMs} ms = ${(mb / (nodeMs / 1000)).toFixed(0)} MB/s; heap ${loaded.toFixed(0)} MB loaded, ` +
    `${after.toFixed(0)} MB after detect (x${(after / loaded).toFixed(3)}); answer ${(answer.length / 1e6).toFixed(1)} MB of JSON`,
);

// ---- natively ----
const cli = join(ROOT, 'target', 'release', 'trailscope');
const time = (args) => {
  t = Date.now();
  execFileSync(cli, args, { stdio: ['ignore', 'ignore', 'ignore'] });
  return Date.now() - t;
};
const nat = { detect: [], scan: [] };
for (let i = 0; i < 3; i++) {
  nat.scan.push(time(['query', '--format', 'csv', '* | json "eventName" | count by eventName', folder]));
  nat.detect.push(time(['detect', '--format', 'csv', folder]));
}
const [d, s] = [median(nat.detect), median(nat.scan)];
console.log(
  `native: detect ${d} ms (${(mb / (d / 1000)).toFixed(0)} MB/s), full scan ${s} ms: detect is x${(d / s).toFixed(2)} the scan`,
);
