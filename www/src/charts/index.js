// Charts for query results and the Messages histogram: the only module the page imports.
import './charts.css';
import { mountFrame, message } from './frame.js';
import { buildModel, singleValue } from './data.js';
import { drawBars, drawColumns } from './bars.js';
import { drawLines } from './lines.js';
import { drawPie } from './pie.js';
import { drawSingle } from './single.js';
import { drawHistogram } from './histogram.js';
import { cleanBuckets } from './buckets.js';

export { chartTypes, suggestChart } from './types.js';

/** @typedef {import('../ui/types.js').QueryResult} QueryResult */
/** @typedef {import('./typedefs.js').Pick} Pick */
/** @typedef {import('./typedefs.js').Bucket} Bucket */
/** @typedef {import('./typedefs.js').Frame} Frame */
/** @typedef {import('./typedefs.js').Mounted} Mounted */

/** Each chart type's name for people (the page's view picker shows them too). @type {Record<string, string>} */
export const CHART_NAMES = {
  column: 'Column',
  bar: 'Bar',
  line: 'Line',
  area: 'Area',
  pie: 'Pie',
  single: 'Single value',
};

/**
 * Draws `result` as a `type` chart ('column', 'bar', 'line', 'area', 'pie', 'single') in
 * `container`, filling its width (and its height, or `height`, 280 px by default).
 * `stacked` (default: stacked for column, bar and area with several series), `utc` for time
 * labels, `onPick({ column, value, series, fields })` on a click. Returns `{ destroy() }`.
 * @param {HTMLElement} container
 * @param {QueryResult | null | undefined} result
 * @param {string} type
 * @param {{ utc?: boolean, stacked?: boolean, onPick?: (pick: Pick) => void, height?: number }} [options]
 * @returns {Mounted}
 */
export function renderChart(container, result, type, { utc = true, stacked, onPick, height } = {}) {
  const model = buildModel(result, { maxCategories: type === 'pie' ? Infinity : 50 });
  const opts = { utc, stacked: stacked ?? true, onPick };
  /** @type {(frame: Frame) => Element} */
  let draw;
  if (!CHART_NAMES[type]) draw = () => message(`Unknown chart type “${type}”.`);
  else if (result && result.aggregated === false)
    draw = () => message('Messages are not charted: aggregate them first, e.g. | count by eventName.');
  else if (!model) draw = () => message('Nothing to chart: this result has no numbers.');
  else if (type === 'single') {
    const one = singleValue(result);
    draw = one
      ? (f) => drawSingle(f, one, opts)
      : () => message('A single value needs a result of one row with one number.');
  } else if (type === 'pie') {
    draw =
      model.series.length === 1
        ? (f) => drawPie(f, model, opts)
        : () => message('A pie needs one series; this result has several.');
  } else if (type === 'column') draw = (f) => drawColumns(f, model, opts);
  else if (type === 'bar') draw = (f) => drawBars(f, model, opts);
  else draw = (f) => drawLines(f, model, { ...opts, area: type === 'area', stacked });
  return mountFrame(container, { kind: type, height, label: `${CHART_NAMES[type] ?? 'Chart'}`, draw });
}

/**
 * Draws the events-over-time histogram of `buckets` ([{ start, end, count }], epoch ms).
 * Dragging across it calls `onBrush(startMs, endMs)` (snapped to bucket edges, always numbers);
 * a click clears the selection and calls `onClear()` if given. Height: the container's, else
 * `height` (140).
 * @param {HTMLElement} container
 * @param {Partial<Bucket>[] | null | undefined} buckets
 * @param {import('./typedefs.js').HistogramOptions & { height?: number }} [options]
 * @returns {Mounted}
 */
export function renderHistogram(container, buckets, { utc = true, onBrush, onClear, height = 140 } = {}) {
  const clean = cleanBuckets(buckets);
  /** @type {{ selection: [number, number] | null }} */
  const state = { selection: null };
  /** @type {(frame: Frame) => Element} */
  const draw = clean.length
    ? (f) => drawHistogram(f, clean, state, { utc, onBrush, onClear })
    : () => message('No events in this time range.');
  return mountFrame(container, { kind: 'histogram', height, label: 'Events over time', draw });
}
