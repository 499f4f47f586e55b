// One query's answer: the aggregates as a table, a chart or a map; messages with their
// histogram; export of either.

import { h, replace } from './dom.js';
import { renderTable } from '../results/table.js';
import { renderMessages } from '../results/messages.js';
import { renderExportButtons } from '../results/export.js';
import { CHART_NAMES, chartTypes, renderChart, renderHistogram } from '../charts/index.js';
import { hasGeo, renderMap } from '../map/index.js';

/** @type {Record<string, string>} */
const LABELS = { table: 'Table', ...CHART_NAMES, map: 'Map' };

/** The views an aggregate result can take, table first. */
export function viewsFor(result) {
  const v = ['table', ...chartTypes(result).filter((t) => t !== 'table' && t !== 'map')];
  if (hasGeo(result)) v.push('map');
  return v;
}

/**
 * Draws `res` (the worker's answer) into `host`. `chart` is the wanted view; `on` has
 * onChart(type), onSelectPoint(point), onBrush(start, end), onAddFilter(field, value), getRaw(i);
 * `sortRows` asks the engine for a table's row order (see renderTable), `exportCsv` for a
 * result's CSV (see renderExportButtons).
 */
export function renderResult(host, res, { chart, utc, on, sortRows, exportCsv }) {
  let current = null;
  const destroy = () => {
    if (current && current.destroy) current.destroy();
    current = null;
  };
  const body = h('div', { class: 'result-host' });
  const meta = h('span', { class: 'meta', 'data-testid': 'result-meta', text: describe(res) });
  const warn =
    res.warnings && res.warnings.length
      ? h(
          'div',
          { class: 'warnings', 'data-testid': 'result-warnings' },
          res.warnings.map((w) =>
            h('div', {
              'data-code': w.code,
              text: w.rows ? `${w.message} (${w.rows.toLocaleString()} rows)` : w.message,
            }),
          ),
        )
      : null;
  const bar = h('div', { class: 'resultbar' });
  if (res.aggregated) {
    const views = viewsFor(res);
    let type = views.includes(chart) ? chart : 'table';
    const buttons = views.map((v) =>
      h('button', {
        type: 'button',
        'aria-pressed': String(v === type),
        'data-view': v,
        text: LABELS[v] || v,
        on: {
          click: () => {
            type = v;
            buttons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.view === v)));
            draw();
            on.onChart && on.onChart(v);
          },
        },
      }),
    );
    const draw = () => {
      destroy();
      body.className = `result-host ${type === 'table' ? '' : type === 'map' ? 'map' : 'chart'}`;
      replace(body);
      if (type === 'table') current = renderTable(body, res, { utc, sortRows });
      else if (type === 'map') current = renderMap(body, res, { utc, onSelect: on.onSelectPoint });
      else current = renderChart(body, res, type, { utc });
    };
    replace(
      bar,
      h('span', { class: 'chartpick', 'data-testid': 'chart-picker' }, buttons),
      h('span', { class: 'grow' }),
      meta,
    );
    draw();
  } else {
    const hist = h('div', { class: 'histogram-host', 'data-testid': 'histogram' });
    replace(bar, meta, h('span', { class: 'grow' }));
    const buckets = res.histogram
      ? res.histogram.counts.map((count, i) => ({
          start: res.histogram.start + i * res.histogram.step,
          end: res.histogram.start + (i + 1) * res.histogram.step,
          count,
        }))
      : [];
    const list = h('div', {});
    replace(host, bar, warn, hist, list);
    const histView = renderHistogram(hist, buckets, { utc, onBrush: on.onBrush });
    const msgs = renderMessages(list, res, { utc, getRaw: on.getRaw, onAddFilter: on.onAddFilter });
    current = {
      destroy() {
        histView.destroy && histView.destroy();
        msgs.destroy && msgs.destroy();
      },
    };
    renderExportButtons(bar, () => res, { utc, exportCsv });
    return { destroy };
  }
  replace(host, bar, warn, body);
  renderExportButtons(bar, () => res, { utc, exportCsv });
  return { destroy };
}

function describe(res) {
  const n = res.total ?? res.rows.length;
  const ms = res.elapsed_ms !== undefined ? ` in ${Math.round(res.elapsed_ms).toLocaleString()} ms` : '';
  if (res.aggregated) return `${n.toLocaleString()} row${n === 1 ? '' : 's'}${ms}`;
  const shown = res.rows.length < n ? ` (showing the newest ${res.rows.length.toLocaleString()})` : '';
  return `${n.toLocaleString()} message${n === 1 ? '' : 's'}${shown}${ms}`;
}
