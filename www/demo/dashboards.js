// Demo of the dashboards with canned answers (www/demo/dashboards-data.json, written by tests/dashboards.rs on the sample data).
// URL options: ?dashboard=ID, ?fail=PANEL (that panel answers an error), ?empty=PANEL (no rows), ?hostile (log values that look like HTML), ?slow.

import '../src/style.css';
import { h, replace } from '../src/ui/dom.js';
import { DASHBOARDS, dashboardById, renderDashboard, renderDashboardPicker } from '../src/dashboards/index.js';
import { renderChart } from '../src/charts/index.js';
import { renderMap } from '../src/map/index.js';
import { renderTable } from '../src/results/table.js';
import data from './dashboards-data.json';

const params = new URLSearchParams(location.search);
const HOSTILE = '<img src=x onerror=alert(1)>';

// Canned answers by the query text the view asks for (the demo has no engine to scope the
// queries to a category, so panels run, and show, their own text).
const answers = new Map();
for (const d of DASHBOARDS) {
  for (const p of d.panels) answers.set(p.query, { dashboard: d.id, panel: p.id, answer: data[d.id][p.id] });
}
window.__runs = []; // the order panels ran in, for the screenshot script

async function run(query, vars) {
  const hit = answers.get(query);
  window.__runs.push(hit ? hit.panel : '?');
  await new Promise((r) => setTimeout(r, params.has('slow') ? 600 : 60));
  if (!hit) return { error: { code: 'DEMO', message: 'This demo has no canned answer for that query.', hints: [] } };
  if (params.get('fail') === hit.panel) return { error: data._error.error };
  if (params.get('empty') === hit.panel) {
    return { ok: { columns: ['user', '_count'], rows: [], aggregated: true, warnings: [{ code: 'W001', message: 'the query\'s _sourceCategory (Labs/AWS/CloudTrail*) matches nothing loaded (loaded: cloudtrail); set the category of the loaded files to match', rows: 0 }] } };
  }
  return params.has('hostile') ? { ok: hostile(hit.answer.ok) } : hit.answer;
}

// Puts HTML-looking text into every text cell of the first rows: it must show as text.
function hostile(result) {
  const rows = result.rows.map((r, i) => (i < 3 ? r.map((v) => (typeof v === 'string' ? `${HOSTILE} ${v}` : v)) : r));
  return { ...result, rows };
}

const renderers = {
  chart: (c, r, type, o) => renderChart(c, r, type, o),
  map: (c, r, o) => renderMap(c, r, { ...o, onSelect: (p) => note(`Selected ${p.city || p.country_name || 'a place'}: ${p.count} logins`) }),
  table: (c, r, o) => renderTable(c, r, o),
};

const pickerHost = h('div', {});
const dashHost = h('div', {});
const log = h('pre', { class: 'demo-log', 'data-testid': 'demo-log' });
replace(document.getElementById('demo'),
  h('p', { class: 'banner', text: 'Dashboards demo: canned answers from the sample data (variables do not filter them). Open in editor prints the query below.' }),
  pickerHost, dashHost, h('h3', { text: 'Events' }), log);

function note(text) {
  log.textContent = `${text}\n${log.textContent}`.slice(0, 4000);
}

let view = null;
let vars = {};
function show(id) {
  const def = dashboardById(id) || DASHBOARDS[0];
  renderDashboardPicker(pickerHost, { current: def.id, onPick: show });
  if (view) view.destroy();
  window.__runs = [];
  view = renderDashboard(dashHost, def, {
    vars,
    run,
    openInEditor: (query, v) => note(`Open in editor with ${JSON.stringify(v)}:\n${query}`),
    onVarsChange: (v) => { vars = v; note(`Variables: ${JSON.stringify(v)}`); },
    renderers,
  });
}
show(params.get('dashboard') || 'console-logins');
