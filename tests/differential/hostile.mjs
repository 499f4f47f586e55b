// Hostile input through the wasm build, as the page's worker calls it: no file may trap the
// engine, each is refused or reported, and what was loaded before stays queryable.
//   node hostile.mjs GOOD_FILE.json.gz   (prints a JSON summary; exits 1 on any failure)
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '../../www/build/pkg');
const { default: init, Engine } = await import(join(pkg, 'trailscope.js'));
const wasm = await init({ module_or_path: readFileSync(join(pkg, 'trailscope_bg.wasm')) });

const good = new Uint8Array(readFileSync(process.argv[2]));
const engine = new Engine();
const failures = [];
const seen = [];
const count = () => JSON.parse(engine.query('* | count', '{}')).ok.rows[0][0];

function load(name, bytes) {
  const t0 = performance.now();
  let r;
  try {
    r = JSON.parse(engine.load(name, bytes, 'cloudtrail'));
  } catch (e) {
    failures.push(`${name}: the engine trapped: ${e.message}`);
    return null;
  }
  seen.push({ name, records: r.records, error: r.error, skipped: r.records_skipped, ms: Math.round(performance.now() - t0) });
  return r;
}

load('good.json.gz', good);
JSON.parse(engine.finish_loading(true));
const before = count();

// Cut short at many points: trailers that claim any size.
for (let k = 1; k < 40; k++) {
  const cut = Math.floor((good.length * k) / 40);
  const r = load(`cut-${k}.json.gz`, good.slice(0, cut));
  if (r && !r.error) failures.push(`cut-${k}.json.gz: no error reported`);
}
// A tiny gzip whose trailer says 2 GiB.
const forged = gzipSync(Buffer.from('{"Records":[]}'));
forged.writeUInt32LE(0x80000000, forged.length - 4);
load('forged-size.json.gz', new Uint8Array(forged));
// Floods of tiny elements (~300 KB compressed).
const flood = (open, el, close, n) => new Uint8Array(gzipSync(Buffer.from(open + Array(n).fill(el).join(',') + close), { level: 9 }));
load('empty-records.json.gz', flood('{"Records":[', '{}', ']}', 10_000_000));
load('scalars.json.gz', flood('[', '1', ']', 20_000_000));
// A bomb past the 1 GiB per-file cap.
const bomb = gzipSync(Buffer.alloc(1100 << 20, 0x20), { level: 1 });
load('bomb.json.gz', new Uint8Array(bomb));
// A plain file past the cap is refused before its bytes are copied in (the worker asks).
const huge = engine.refuse('huge.json', 1.5 * 2 ** 30);
if (!huge || !JSON.parse(huge).error) failures.push('huge.json: a 1.5 GiB file was not refused before loading');
if (engine.refuse('small.json', 1000)) failures.push('small.json: a small file was refused');

JSON.parse(engine.finish_loading(true));
const after = count();
if (after < before) failures.push(`events lost: ${before} before, ${after} after`);
const named = (n) => seen.find((s) => s.name === n);
for (const n of ['forged-size.json.gz', 'empty-records.json.gz', 'scalars.json.gz', 'bomb.json.gz']) {
  const s = named(n);
  if (s && !s.error && !s.skipped) failures.push(`${n}: neither refused nor reported`);
}
const heapMiB = Math.round(wasm.memory.buffer.byteLength / 1048576);
process.stdout.write(JSON.stringify({ before, after, heapMiB, files: seen, failures }, null, 1) + '\n');
process.exit(failures.length ? 1 : 0);
