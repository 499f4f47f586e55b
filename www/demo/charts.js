// Charts demo: every chart type over results the engine's CLI gave for the sample account.
import { h, replace } from '../src/ui/dom.js';
import { chartTypes, renderChart, renderHistogram, suggestChart } from '../src/charts/index.js';
import data from './charts.data.json';

const HOSTILE = '<img src=x onerror=alert(1)>';
// A hostile userAgent, as a log could carry it: it must be shown as text, never run.
const agents = { ...data.agents, rows: [...data.agents.rows.slice(0, 3), [HOSTILE, 140], ...data.agents.rows.slice(3)] };
// The same hostile text as a transposed column name (a user), to reach legends and tooltips.
const hostileUsers = {
  ...data.logins,
  columns: ['_timeslice', 'Success', 'Failure', HOSTILE],
  rows: data.logins.rows.map(([t, f, s]) => [t, s, f, (t / 86400e3) % 3 === 0 ? 2 : null]),
};

const panels = [
  { id: 'histogram', title: 'Messages over time (histogram)', histogram: data.hourly, wide: true, size: 'short' },
  { id: 'by-event', title: 'Events by eventName', result: data.byEvent, size: 'tall' },
  { id: 'agents-pie', title: 'AccessDenied by userAgent', result: agents, type: 'pie', size: 'tall' },
  { id: 'hourly', title: 'Events per hour (a month)', result: data.hourly, wide: true },
  { id: 'one-day', title: 'Events per hour (one day)', result: data.oneDay },
  { id: 'logins', title: 'Console logins per day', result: data.logins },
  { id: 'by-user', title: 'Events per day by user (transposed)', result: data.byUser, wide: true },
  { id: 'failed', title: 'Failed console logins', result: data.failed },
  { id: 'agents-bar', title: 'AccessDenied by userAgent (bars)', result: agents, type: 'bar' },
  { id: 'user-result', title: 'Console logins by user and result', result: data.byUserResult },
  { id: 'outlier', title: 'Events per 6 h with outlier band', result: data.outlier },
  { id: 'area', title: 'Events per day by user (area)', result: data.byUser, type: 'area' },
  { id: 'hostile-series', title: 'Hostile series name', result: hostileUsers, type: 'line' },
  { id: 'intellij', title: 'IntelliJ AccessDenied by user', result: data.intellijErrors },
  { id: 'event-columns', title: 'Events by eventName as columns (top 50, tilted labels)', result: data.byEvent, type: 'column', wide: true },
  { id: 'grouped', title: 'Console logins per day, side by side (stacked: false)', result: data.logins, type: 'column', opts: { stacked: false } },
  { id: 'no-height', title: 'Container without a height (280 px default)', result: data.oneDay, type: 'line', size: 'auto' },
  { id: 'narrow-pie', title: 'Pie in a narrow panel', result: agents, type: 'pie', size: 'narrow' },
  { id: 'huge', title: 'A huge single value', result: { columns: ['bytes'], rows: [[98765432109]], aggregated: true, query: '| sum(bytes) as bytes' } },
  { id: 'messages', title: 'Messages: nothing to chart', result: { columns: ['_messagetime', '_raw'], rows: [[0, '{}']], aggregated: false, query: '"AccessDenied"' }, type: 'column' },
];

const picked = document.getElementById('picked');
const local = document.getElementById('local');
const views = [];

function show(text) {
  picked.textContent = text;
}

function panel(p) {
  const host = h('div', { class: `host ${p.size || ''}`, dataset: { panel: p.id } });
  const query = p.result?.query ?? p.histogram?.query ?? '';
  const types = p.result ? chartTypes(p.result) : [];
  let type = p.type ?? suggestChart(p.result);
  let view = null;
  const buttons = types.map((t) => h('button', {
    type: 'button', text: t, 'aria-pressed': String(t === type), dataset: { type: t },
    on: { click: () => { type = t; buttons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.type === t))); draw(); } },
  }));
  const draw = () => {
    view?.destroy();
    const utc = !local.checked;
    if (p.histogram) {
      const buckets = p.histogram.rows.map(([t, count]) => ({ start: t, end: t + 3600e3, count }));
      view = renderHistogram(host, buckets, {
        utc,
        onBrush: (a, b) => show(`brush ${new Date(a).toISOString()} – ${new Date(b).toISOString()}`),
        onClear: () => show('brush cleared'),
      });
    } else {
      view = renderChart(host, p.result, type, { ...p.opts, utc, onPick: (pick) => show(`pick ${JSON.stringify(pick)}`) });
    }
  };
  views.push(draw);
  const el = h('section', { class: `panel${p.wide ? ' wide' : ''}`, id: p.id },
    h('h2', { text: p.title }),
    h('div', { class: 'query', text: query, title: query }),
    types.length ? h('div', { class: 'types' }, buttons) : null,
    host);
  return { el, draw };
}

const built = panels.map(panel);
replace(document.getElementById('panels'), built.map((b) => b.el));
built.forEach((b) => b.draw());
local.addEventListener('change', () => views.forEach((d) => d()));
// For charts.shots.mjs: renders every type over every result, looking for exceptions.
globalThis.chartsDemo = { renderChart, chartTypes, results: { ...data, agents, hostileUsers } };
document.body.dataset.ready = 'true';
