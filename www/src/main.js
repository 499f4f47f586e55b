// The page: wires the worker, the drop zone, the editor, the results and the dashboards.
// Every value from a log reaches the DOM as text (ui/dom.js has no HTML path).

import './style.css';
import { h, replace } from './ui/dom.js';
import { EngineClient } from './engine/client.js';
import { readState, writeState } from './state/url.js';
import { createStatus } from './ui/status.js';
import { createDropzone } from './ui/dropzone.js';
import { createProgress } from './ui/progress.js';
import { renderLoadReport, headline, flatten } from './ui/load-report.js';
import { createTimeRange, resolveRange } from './ui/time-range.js';
import { renderResult } from './ui/result-view.js';
import { openDrilldown } from './ui/drilldown.js';
import { renderPatterns, PATTERN_MODES, patternRange } from './ui/patterns.js';
import { createDetectionsView, renderDetectionStrip } from './ui/detections.js';
import { formatTime, zoneLabel } from './ui/time.js';
import { mismatchedCategory } from './ui/category.js';
import { quoteString } from './ui/query-text.js';
import { createEditor, history, renderHistoryMenu } from './editor/index.js';
import { DASHBOARDS, renderDashboard, renderDashboardPicker } from './dashboards/index.js';
import { renderChart } from './charts/index.js';
import { renderMap } from './map/index.js';
import { countText } from './map/points.js';
import { renderTable } from './results/table.js';
import { renderExplain } from './results/explain.js';

/** @typedef {import('./engine/protocol.js').Summary} Summary */
/** @typedef {import('./engine/protocol.js').QueryResult} QueryResult */
/** @typedef {import('./engine/protocol.js').LoadReport} LoadReport */

/* global __NONCE__ */
const NONCE = typeof __NONCE__ === 'string' ? __NONCE__ : undefined;
const SAMPLE_EVENTS = 20000;
const DEFAULT_QUERY = `_sourceCategory = cloudtrail "ConsoleLogin"
| json "sourceIPAddress" | json field=_raw "responseElements.ConsoleLogin" as loginResult nodrop
| count by sourceIPAddress, loginresult
| lookup latitude, longitude, country_code, city from geo://location on ip = sourceIPAddress
| sort by _count, country_code asc`;

const st = Object.assign(
  { view: 'dashboard', dashboard: 'console-logins', range: 'all', q: DEFAULT_QUERY },
  readState(),
);
if (!location.hash) st.view = 'dashboard';
let utc = st.tz !== 'local';
/** @type {Summary | null} */
let summary = null;
let sample = false;
/** @type {string[]} */
let fieldNames = [];
/** @type {{ res: QueryResult } | null} what to redraw when the time zone or data changes */
let lastRun = null;
/** @type {LoadReport | null} the last load report, for scripts */
let lastLoad = null;
let busy = 0; // searches and loads of this page in progress: they set the status when they end
/** @type {AbortController | null} cancels the load in progress */
let loadAbort = null;
/** @type {Set<AbortController>} cancel each search in progress */
const searches = new Set();
// Nothing runs before the engine is up and the sample (or nothing) loaded: a link's query waits.
/** @type {(value?: unknown) => void} */
let markReady;
const pageReady = new Promise((resolve) => {
  markReady = resolve;
});

const client = new EngineClient();
const status = createStatus();
const progress = createProgress({ onCancel: () => loadAbort && loadAbort.abort() });
client.onProgress = (p) => progress.show(p);
// A failed engine is replaced and given the data again (engine/client.js); the page only says so.
client.onRestart = (r) => {
  if (r.phase === 'start') {
    status.set(
      busy ? status.state() : 'loading',
      'The engine failed: starting a fresh one and loading the data again…',
    );
    return;
  }
  summary = r.summary;
  showSummary();
  if (!loadAbort) progress.hide();
  if (!busy)
    status.set(
      'done',
      `The engine was restarted after a failure and the data loaded again in ${(r.ms / 1000).toFixed(1)} s`,
    );
};
const dropzone = createDropzone({ onFiles: loadFiles });
const category = h('input', {
  type: 'text',
  value: 'cloudtrail',
  'data-testid': 'category',
  size: 18,
  'aria-label': 'Source category for the next files',
  title: 'The _sourceCategory given to the files loaded next',
});
const keepDup = h('input', { type: 'checkbox', 'data-testid': 'keep-duplicates' });
const summaryEl = h('span', { class: 'summary', 'data-testid': 'data-summary' });
const tzSelect = h(
  'select',
  {
    'aria-label': 'Time zone',
    'data-testid': 'timezone',
    on: {
      change: () => {
        utc = tzSelect.value === 'utc';
        st.tz = utc ? undefined : 'local';
        save();
        redraw();
      },
    },
  },
  h('option', { value: 'utc', text: 'UTC' }),
  h('option', { value: 'local', text: 'Local time' }),
);
tzSelect.value = utc ? 'utc' : 'local';
const banner = h('div', {});
const reportHost = h('div', {});
const timeRange = createTimeRange({
  onChange: (v) => {
    st.range = v;
    save();
    rerun();
  },
  utc: () => utc,
});
timeRange.set(st.range);

// Search view.
const editorHost = h('div', { class: 'editor-host' });
const runButton = h('button', {
  type: 'button',
  class: 'primary',
  'data-testid': 'run-query',
  text: 'Run',
  title: 'Run (Ctrl+Enter)',
  on: { click: () => runSearch() },
});
const historyButton = h('button', { type: 'button', text: 'History', 'data-testid': 'history' });
const cancelQueryButton = h('button', {
  type: 'button',
  text: 'Cancel',
  'data-testid': 'cancel-query',
  hidden: true,
  title: 'Stop the running query (the loaded data stays)',
  on: {
    click: () => {
      for (const c of searches) c.abort();
    },
  },
});
const explainButton = h('button', {
  type: 'button',
  text: 'Explain',
  'data-testid': 'explain-query',
  'aria-pressed': 'false',
  title: 'How the engine runs this query, stage by stage',
  on: { click: () => toggleExplain() },
});
const explainHost = h('div', { 'data-testid': 'explain-host' });
const resultHost = h('div', { 'data-testid': 'results' });
const searchView = h(
  'section',
  { class: 'card', 'data-testid': 'search-view' },
  h(
    'div',
    { class: 'searchbar' },
    editorHost,
    h('div', { class: 'actions' }, runButton, cancelQueryButton, historyButton, explainButton),
  ),
  h('div', { class: 'resultbar' }, timeRange.el),
  explainHost,
  resultHost,
);

// Dashboards view; the Overview shows the detections' counts by level above its panels.
const pickerHost = h('div', {});
const stripHost = h('div', {});
const dashboardHost = h('div', {});
const dashboardView = h('section', { 'data-testid': 'dashboards-view' }, pickerHost, stripHost, dashboardHost);
let dashboard = null;

// Patterns view.
const patternsView = h('section', { 'data-testid': 'patterns-view' });
let patternsShown = 0; // the latest showPatterns: an older one's answer is not drawn

// Detections view: the Sigma rules over what is loaded, run in the worker after every load.
const detections = createDetectionsView({
  client,
  events: () => (summary ? summary.events : 0),
  utc: () => utc,
  scopeCategory: () => scopeCategory(),
  onOpenQuery: (query) => {
    editor.setText(query);
    show('search');
    runSearch(query);
  },
  onChange: () => drawStrip(),
});
const detectionsView = detections.el;

const tabButtons = [
  tab('dashboard', 'Dashboards'),
  tab('detections', 'Detections'),
  tab('patterns', 'Patterns'),
  tab('search', 'Search'),
];
const tabs = h('div', { class: 'tabs', role: 'tablist' }, tabButtons);

replace(
  document.getElementById('app'),
  h(
    'header',
    { class: 'topbar' },
    h('span', { class: 'brand', text: 'Trailscope' }, h('small', { text: 'CloudTrail search, in your browser' })),
    status.el,
    h('span', { class: 'spacer' }),
    summaryEl,
    h('label', {}, 'Times in', tzSelect),
  ),
  h(
    'main',
    {},
    banner,
    h(
      'div',
      { class: 'loadbar' },
      dropzone.el,
      h(
        'div',
        { class: 'loadopts card' },
        h('label', {}, 'Category', category),
        h('label', {}, keepDup, 'Keep duplicate events'),
      ),
    ),
    progress.el,
    reportHost,
    tabs,
    searchView,
    dashboardView,
    detectionsView,
    patternsView,
  ),
  h(
    'footer',
    { class: 'footer' },
    'Everything runs in this tab; no file or query leaves it. IP geolocation by ',
    h('a', { href: 'https://db-ip.com', target: '_blank', rel: 'noopener noreferrer', text: 'DB-IP' }),
    ' (CC BY 4.0); outlines from Natural Earth.',
  ),
);

const editor = createEditor(editorHost, {
  doc: st.q,
  vocabulary: { operators: [], functions: [] },
  fieldNames: () => fieldNames,
  onRun: () => runSearch(),
  onChange: (text) => prepareGeoFor(text),
  nonce: NONCE,
});

// A query that looks addresses up in geo:// or asn:// opens the tables while it is typed, not
// when it runs: the worker asks the engine whether the text needs them, one question at a time
// (the latest text waits for the answer to the one before).
let geoPrepared = false;
let geoAsking = false;
let geoNext = null;
function prepareGeoFor(text) {
  if (geoPrepared) return;
  if (geoAsking) {
    geoNext = text;
    return;
  }
  geoAsking = true;
  client
    .prepareGeo(text)
    .then(
      (ready) => {
        if (ready) geoPrepared = true;
      },
      () => {},
    )
    .finally(() => {
      geoAsking = false;
      const next = geoNext;
      geoNext = null;
      if (next !== null) prepareGeoFor(next);
    });
}
renderHistoryMenu(historyButton, {
  onPick: (text) => {
    editor.setText(text);
    runSearch();
  },
});

function tab(view, label) {
  return h('button', {
    type: 'button',
    role: 'tab',
    'data-view': view,
    'data-testid': `tab-${view}`,
    text: label,
    on: { click: () => show(view) },
  });
}

function show(view) {
  st.view = view;
  for (const b of tabButtons) b.setAttribute('aria-selected', String(b.dataset.view === view));
  searchView.hidden = view !== 'search';
  dashboardView.hidden = view !== 'dashboard';
  patternsView.hidden = view !== 'patterns';
  detectionsView.hidden = view !== 'detections';
  save();
  if (view === 'dashboard') showDashboard(st.dashboard);
  if (view === 'patterns') showPatterns();
  if (view === 'detections') detections.draw();
}

/** The Overview's strip of detections by level (only on that dashboard); a chip opens Detections. */
function drawStrip() {
  if (st.view !== 'dashboard' || st.dashboard !== 'overview') {
    replace(stripHost);
    return;
  }
  renderDetectionStrip(stripHost, detections.state(), (level) => {
    detections.filterLevel(level);
    show('detections');
  });
}

/** Runs the detections once the page is ready (after every load; the worker runs them in turn). */
async function runDetections() {
  await pageReady;
  return detections.run();
}

function save() {
  writeState({
    q: st.view === 'search' ? st.q : undefined,
    range: st.range === 'all' ? undefined : st.range,
    view: st.view,
    chart: st.chart,
    dashboard: st.view === 'dashboard' ? st.dashboard : undefined,
    patterns: st.view === 'patterns' && st.patterns === 'compare' ? 'compare' : undefined,
    tz: st.tz,
    vars: st.vars && Object.keys(st.vars).length ? st.vars : undefined,
  });
}

/** Shows (or hides) how the engine runs the editor's query: its answer to `explain`. */
async function toggleExplain() {
  if (explainButton.getAttribute('aria-pressed') === 'true') closeExplain();
  else await showExplain();
}

async function showExplain() {
  await pageReady;
  const text = editor.getText();
  const res = await client
    .explain(text, queryOptions())
    .catch((err) => /** @type {const} */ ({ ok: undefined, error: { message: String(err.message || err) } }));
  if (res.error) {
    editor.showDiagnostic(res.error);
    status.set('error', `Query error: ${res.error.message}`);
    return;
  }
  editor.showDiagnostic(null);
  explainButton.setAttribute('aria-pressed', 'true');
  renderExplain(explainHost, res.ok, { onClose: closeExplain });
}

function closeExplain() {
  explainButton.setAttribute('aria-pressed', 'false');
  replace(explainHost);
}

/** The engine's order of a kept result's rows, for the table's header clicks. */
const sortRows = (resultId, column, descending, signal) => client.sortResult(resultId, column, descending, { signal });

/** The engine's CSV of a kept result, for the export button. */
const exportCsv = (resultId, options) => client.exportCsv(resultId, options);

function queryOptions(extra = {}) {
  return {
    range: resolveRange(st.range, summary && summary.time),
    now_ms: Date.now(),
    tz_offset_minutes: -new Date().getTimezoneOffset(),
    ...extra,
  };
}

async function runSearch(text = editor.getText()) {
  st.q = text;
  st.view = 'search';
  save();
  await pageReady;
  status.set('running', 'Running the query…');
  runButton.disabled = true;
  const abort = new AbortController();
  searches.add(abort);
  cancelQueryButton.hidden = false;
  busy++;
  try {
    const res = await client.query(text, queryOptions(), { signal: abort.signal });
    if (res.error) {
      editor.showDiagnostic(res.error);
      status.set('error', `Query error: ${res.error.message}`);
      // The editor shows the message, the hints and the underlined span; old results go.
      replace(resultHost);
      return;
    }
    editor.showDiagnostic(null);
    history.add(text);
    if (explainButton.getAttribute('aria-pressed') === 'true') showExplain();
    lastRun = { res: res.ok };
    drawSearchResult();
    status.set(
      'done',
      `${countText(res.ok.total ?? res.ok.rows.length, res.ok.aggregated ? 'rows' : 'messages')} in ${Math.round(res.ok.elapsed_ms)} ms`,
    );
  } catch (err) {
    if (err.cancelled) {
      replace(resultHost);
      status.set(
        'idle',
        `Query cancelled; the data stays loaded${err.reloadMs ? ` (loaded again in ${(err.reloadMs / 1000).toFixed(1)} s)` : ''}`,
      );
    } else if (err.engineFailure) {
      // Not the query's fault as far as anyone can tell: said where query errors are said.
      editor.showDiagnostic({
        message: err.message,
        hints: ['This is a bug in Trailscope, not in the query. The page started a fresh engine; other queries work.'],
      });
      replace(resultHost);
      status.set('error', `Query error: ${err.message}`);
    } else status.set('error', String(err.message || err));
  } finally {
    busy--;
    searches.delete(abort);
    cancelQueryButton.hidden = searches.size === 0;
    runButton.disabled = false;
  }
}

function drawSearchResult() {
  if (!lastRun) return;
  const res = lastRun.res;
  const fix = mismatchedCategory(res);
  const fixBanner = fix
    ? h(
        'div',
        { class: 'banner warn', 'data-testid': 'category-mismatch' },
        h('span', {
          class: 'grow',
          text: `The query asks for _sourceCategory ${fix.wanted}, but the loaded files are ${fix.loaded.join(', ') || 'uncategorised'}: nothing matches.`,
        }),
        h('button', {
          type: 'button',
          'data-testid': 'set-category',
          text: `Set the loaded files' category to ${fix.category}`,
          on: {
            click: async () => {
              summary = await client.setCategory(fix.category);
              category.value = fix.category;
              showSummary();
              runSearch();
            },
          },
        }),
      )
    : null;
  const host = h('div', {});
  replace(resultHost, fixBanner, host);
  renderResult(host, res, {
    chart: st.chart,
    utc,
    sortRows,
    exportCsv,
    on: {
      onChart: (c) => {
        st.chart = c;
        save();
      },
      onSelectPoint: (p) => openDrilldown(p, { client, utc }),
      onBrush: (a, b) => {
        st.range = `${Math.floor(a)}-${Math.ceil(b)}`;
        timeRange.set(st.range);
        save();
        runSearch();
      },
      onAddFilter: (field, value) => {
        editor.setText(`${editor.getText()}\n${filterFor(res, field, value)}`);
        runSearch();
      },
      getRaw: (i) => client.raw(i),
    },
  });
}

/** `| where field = "value"`; a field the page added from the JSON is extracted first. */
function filterFor(res, field, value) {
  const auto = (res.auto_fields || []).find(([name]) => name === field);
  const where = `| where ${field} = ${quoteString(value)}`;
  return auto ? `| json field=_raw ${quoteString(auto[1])} as ${field}\n${where}` : where;
}

function rerun() {
  if (st.view === 'search' && lastRun) runSearch();
  if (st.view === 'dashboard' && dashboard) dashboard.refresh();
  if (st.view === 'patterns') showPatterns();
}

function redraw() {
  if (st.view === 'detections') detections.draw();
  if (st.view === 'search') drawSearchResult();
  if (st.view === 'dashboard') showDashboard(st.dashboard);
  if (st.view === 'patterns') showPatterns();
  showSummary();
}

/** The category the views scope their queries to: the loaded data's, else the next files'. */
function scopeCategory() {
  return (summary && summary.categories[0]) || category.value.trim();
}

/**
 * Draws the Patterns view: `logreduce` (or `logcompare` of the last day with the day before)
 * over the loaded category, scoped by the engine; a row opens its events in Search, by the
 * engine's query for its signature.
 */
function showPatterns() {
  const mode = st.patterns === 'compare' ? 'compare' : 'reduce';
  const shown = ++patternsShown;
  renderPatterns(patternsView, {
    mode,
    utc,
    run: async (m) => {
      await pageReady;
      const own = PATTERN_MODES[m].query;
      const [query] = await client.scopeTo([own], scopeCategory()).catch(() => [own]);
      const range = patternRange(m, resolveRange(st.range, summary && summary.time), summary && summary.time);
      const res = await client.query(query, { ...queryOptions(), range });
      return shown === patternsShown ? res : { error: { message: 'replaced by a newer view' } };
    },
    onMode: (m) => {
      st.patterns = m === 'compare' ? 'compare' : undefined;
      save();
      showPatterns();
    },
    onOpen: async (signature) => {
      // A logreduce signature over the page's range is found exactly; a logcompare one (of
      // two windows) by its keyword.
      const query = await client.signatureQuery(signature, scopeCategory(), mode === 'reduce');
      editor.setText(query);
      show('search');
      runSearch(query);
    },
  });
}

let dashboardShown = 0; // the latest showDashboard: an older one's answer is not drawn

/** Draws a dashboard, its queries scoped by the engine to the loaded data's category. */
async function showDashboard(id) {
  const def = DASHBOARDS.find((d) => d.id === id) || DASHBOARDS[0];
  st.dashboard = def.id;
  save();
  renderDashboardPicker(pickerHost, { current: def.id, onPick: (next) => showDashboard(next) });
  drawStrip();
  const shown = ++dashboardShown;
  const own = def.panels.map((p) => p.query);
  const queries = await client.scopeTo(own, scopeCategory()).catch(() => own);
  if (shown !== dashboardShown) return;
  if (dashboard && dashboard.destroy) dashboard.destroy();
  dashboard = renderDashboard(dashboardHost, def, {
    queries,
    vars: st.vars || {},
    run: (query, vars) => client.query(query, queryOptions({ vars })),
    openInEditor: async (query, vars) => {
      // The engine writes the variables in, as it does when it runs the query.
      editor.setText(await client.substitute(query, vars).catch(() => query));
      show('search');
      runSearch();
    },
    onVarsChange: (vars) => {
      st.vars = vars;
      save();
    },
    renderers: {
      chart: (c, r, type, o = {}) => renderChart(c, r, type, { utc, ...o }),
      map: (c, r, o = {}) => renderMap(c, r, { utc, onSelect: (p) => openDrilldown(p, { client, utc }), ...o }),
      table: (c, r, o = {}) => renderTable(c, r, { utc, sortRows, ...o }),
    },
  });
}

function showSummary() {
  if (!summary || !summary.events) {
    summaryEl.textContent = 'No events loaded';
    return;
  }
  const span = summary.time
    ? ` · ${formatTime(summary.time.earliest_ms, utc).slice(0, 16)} → ${formatTime(summary.time.latest_ms, utc).slice(0, 16)} ${zoneLabel(utc)}`
    : '';
  summaryEl.textContent = `${summary.events.toLocaleString()} event${summary.events === 1 ? '' : 's'}${sample ? ' (sample)' : ''}${span}`;
}

function showSampleBanner() {
  replace(
    banner,
    sample
      ? h(
          'div',
          { class: 'banner', 'data-testid': 'sample-banner' },
          h('span', {
            class: 'grow',
            text: 'You are looking at a generated sample: a month of one AWS account, with a sign-in from New York and a noisy IntelliJ plugin to find. Drop your own CloudTrail logs to replace it.',
          }),
          h('button', {
            type: 'button',
            'data-testid': 'clear-sample',
            text: 'Clear sample',
            on: { click: clearSample },
          }),
        )
      : null,
  );
}

async function clearSample() {
  summary = await client.clear();
  sample = false;
  fieldNames = [];
  showSampleBanner();
  showSummary();
  replace(resultHost);
  replace(reportHost);
  status.set('idle', 'Sample cleared: drop CloudTrail logs to start');
  if (st.view === 'dashboard') showDashboard(st.dashboard);
  runDetections();
  dropzone.el.scrollIntoView({ block: 'center' });
}

async function loadFiles(files) {
  await pageReady;
  const started = performance.now();
  // Dropped logs replace the sample rather than mixing with it; dropped Sigma rules alone run
  // over it (the engine says which files are rules).
  const names = files.map((f) => f.name);
  const onlyRules = sample && (await client.ruleFiles(names).catch(() => names.map(() => false))).every(Boolean);
  if (sample && !onlyRules) {
    await client.clear();
    sample = false;
    showSampleBanner();
  }
  status.set('loading', `Loading ${files.length.toLocaleString()} file${files.length === 1 ? '' : 's'}…`);
  const abort = new AbortController();
  loadAbort = abort;
  busy++;
  try {
    const { report, summary: s } = await client.load(files, category.value.trim() || 'cloudtrail', keepDup.checked, {
      signal: abort.signal,
    });
    summary = s;
    lastLoad = report;
    report.answerMs = performance.now() - started;
    if (report.timing) report.timing.deliveredMs = Date.now() - report.timing.endedAt;
    progress.hide();
    renderLoadReport(reportHost, report, s, { utc });
    showSummary();
    report.pageMs = performance.now() - started;
    const line = headline(report, s);
    // Tables and rules load no events, and are no failure.
    const other = flatten(report.files).some((f) => (f.table && !f.error) || f.rule);
    if (!report.totals.records && !other) status.set('error', `Nothing could be loaded: ${line}`);
    else status.set('done', `${line} in ${(report.ms / 1000).toFixed(1)} s`);
    fieldNames = await client.fields();
    rerun();
    // The rules run in the worker after the load, in turn with any query asked meanwhile.
    runDetections();
  } catch (err) {
    progress.hide();
    if (err.summary) {
      summary = err.summary;
      showSummary();
    }
    status.set('error', `Loading failed: ${err.message || err}`);
  } finally {
    busy--;
    if (loadAbort === abort) loadAbort = null;
  }
}

async function start() {
  status.set('loading', 'Starting the engine…');
  const { vocabulary } = await client.init();
  editor.setVocabulary && editor.setVocabulary(vocabulary);
  if (st.sample !== 'off') {
    status.set('loading', 'Loading the sample data set…');
    try {
      const r = await client.sample(SAMPLE_EVENTS, 'cloudtrail');
      summary = r.summary;
      sample = true;
      fieldNames = await client.fields();
      status.set('done', `Sample loaded: ${summary.events.toLocaleString()} events`);
    } catch (err) {
      summary = err.summary || null;
      status.set('error', `The sample could not be loaded: ${err.message || err}`);
    }
  } else {
    summary = await client.clear();
    status.set('idle', 'Drop CloudTrail logs to start');
  }
  showSampleBanner();
  showSummary();
  markReady();
  show(['search', 'patterns', 'detections'].includes(st.view) ? st.view : 'dashboard');
  if (st.view === 'search') runSearch(st.q);
  if (sample) runDetections();
}

start().catch((err) => {
  status.set('error', `The engine could not start: ${err.message || err}`);
  markReady();
});

// A small handle for scripts and the browser benchmark: answers come from the same worker.
window.trailscope = Object.freeze({
  stats: () => client.stats(),
  lastLoad: () =>
    lastLoad && {
      totals: lastLoad.totals,
      ms: lastLoad.ms,
      pageMs: lastLoad.pageMs,
      answerMs: lastLoad.answerMs,
      timing: lastLoad.timing,
      cancelled: lastLoad.cancelled,
      recovery: lastLoad.recovery,
    },
  query: (text, options = {}) => client.query(text, queryOptions(options)),
});
