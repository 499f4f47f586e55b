// The wasm build's door for the differential test: loads every file of a folder into one
// Engine, as the page's worker does, and answers the queries given on stdin.
//   node wasm.mjs DIR < '{"queries": [...]}'   ->  {"reports": [...], "totals": {...}, "answers": [result...]}
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '../../www/build/pkg');
const { default: init, Engine } = await import(join(pkg, 'trailscope.js'));
await init({ module_or_path: readFileSync(join(pkg, 'trailscope_bg.wasm')) });

const dir = process.argv[2];
const { queries } = JSON.parse(readFileSync(0, 'utf8'));
const engine = new Engine();
const reports = [];
for (const name of readdirSync(dir).sort()) {
  if (name === 'expected.json') continue;
  const bytes = new Uint8Array(readFileSync(join(dir, name)));
  reports.push(JSON.parse(engine.load(name, bytes, 'cloudtrail')));
}
const { report } = JSON.parse(engine.finish_loading(true));
const answers = queries.map((q) => JSON.parse(engine.query(q, JSON.stringify({ max_messages: 1 }))));
process.stdout.write(JSON.stringify({ reports, totals: report.totals, answers }));
