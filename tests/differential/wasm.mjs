// The wasm build's door for the differential test: loads every file of a folder into one
// Engine, as the page's worker does, and answers the queries given on stdin.
//   node wasm.mjs DIR < '{"queries": [...], "csv": [...], "detect": {...}}'
//     ->  {"reports": [...], "totals": {...}, "answers": [result...], "csv": [text...], "alerts": [...]}
// `csv` queries are answered as the page's CSV download is, by the engine's writer (`export_csv`
// of the kept result), with `\n` line ends and raw times: what `trailscope query --format csv` writes.
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '../../www/build/pkg');
const { default: init, Engine } = await import(join(pkg, 'trailscope.js'));
await init({ module_or_path: readFileSync(join(pkg, 'trailscope_bg.wasm')) });

const dir = process.argv[2];
const { queries, csv = [], detect = null } = JSON.parse(readFileSync(0, 'utf8'));
const engine = new Engine();
if (detect) {
  // The page fetches the bundled geo tables; here they are read from the repository.
  const geo = join(here, '../../data/geo');
  engine.set_geo(readFileSync(join(geo, 'city.tsgeo')), readFileSync(join(geo, 'asn.tsgeo')));
}
const reports = [];
for (const name of readdirSync(dir).sort()) {
  if (name === 'expected.json') continue;
  const bytes = new Uint8Array(readFileSync(join(dir, name)));
  reports.push(JSON.parse(engine.load(name, bytes, 'cloudtrail')));
}
const { report } = JSON.parse(engine.finish_loading(true));
const answers = queries.map((q) => JSON.parse(engine.query(q, JSON.stringify({ max_messages: 1 }))));
const csvText = csv.map((q) => {
  const { ok, error } = JSON.parse(engine.query(q, '{}'));
  if (!ok) throw new Error(`${q}: ${JSON.stringify(error)}`);
  const text = engine.export_csv(ok.result_id, JSON.stringify({ crlf: false, times: 'raw' }));
  if (typeof text !== 'string') throw new Error(`${q}: ${engine.kept_error()}`);
  return text;
});
// Detections, each alert's events named by their eventID (indexes differ between doors).
let alerts = null;
if (detect) {
  const d = JSON.parse(engine.detect(JSON.stringify(detect)));
  const id = (i) => JSON.parse(engine.raw(i)).eventID ?? '';
  alerts = d.alerts.map((a) => ({
    rule_id: d.rules[a.rule].meta.id,
    detail: a.detail ?? null,
    events: (a.events ?? [a.event]).map(id),
  }));
}
process.stdout.write(JSON.stringify({ reports, totals: report.totals, answers, csv: csvText, alerts }));
