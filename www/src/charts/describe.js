// What a chart says in words: its caption, its tooltips, its aria label, and what a click picks.
import { formatExact, formatSlot } from './format.js';
import { formatTime } from '../ui/time.js';
import { tipRow, tipTitle } from './tooltip.js';

/** @typedef {import('./typedefs.js').ChartModel} ChartModel */

/**
 * Category labels as shown: times formatted (in UTC or local time), other values as they are.
 * @param {ChartModel} model
 * @param {boolean} [utc]
 */
export function displayLabels(model, utc = true) {
  return model.categories.map((c) => (model.xKind === 'time' ? formatTime(c.raw, utc) : c.label));
}

/**
 * What a chart's caption says was left out.
 * @param {ChartModel} model
 */
export function captionOf(model) {
  const parts = [];
  if (model.truncated)
    parts.push(`Top ${model.truncated.shown} of ${model.truncated.total} ${model.xName ?? 'values'} values`);
  if (model.seriesTruncated)
    parts.push(`${model.seriesTruncated.total - model.seriesTruncated.shown} smaller series summed as “other”`);
  return parts.join(' · ');
}

/**
 * The tooltip for category `i`: its label or time slot, each series' exact value, and the total.
 * @param {ChartModel} model
 * @param {string[]} classes
 * @param {number} i
 * @param {boolean} utc
 * @param {boolean} stacked
 */
export function tipFor(model, classes, i, utc, stacked) {
  const cat = model.categories[i];
  const title = model.xKind === 'time' ? formatSlot(cat.raw, model.step, utc) : cat.label;
  const rows = model.series.map((s, k) => tipRow(classes[k], s.name, formatExact(s.values[i])));
  if (stacked && model.series.length > 1) {
    rows.push(tipRow('', 'total', formatExact(model.series.reduce((a, s) => a + s.values[i], 0)), { strong: true }));
  }
  return [tipTitle(title), ...rows];
}

/**
 * What a click on category `i` (and series `k`, if on a bar) names, for drill-down.
 * @param {ChartModel} model
 * @param {number} i
 * @param {number} [k]
 * @returns {import('./typedefs.js').Pick}
 */
export function pickOf(model, i, k) {
  const cat = model.categories[i];
  const ser = k === undefined ? null : model.series[k];
  return {
    column: model.xName,
    value: cat.raw,
    series: ser && !ser.other ? ser.name : undefined,
    fields: { ...cat.fields, ...(ser && !ser.other ? ser.fields : {}) },
  };
}

/**
 * A sentence for screen readers: `Column chart of _count by eventName`.
 * @param {string} kind
 * @param {ChartModel} model
 */
export function ariaLabel(kind, model) {
  const what = model.series.length > 1 ? `${model.series.length} series` : model.series[0].name;
  return `${kind} chart of ${what}${model.xName ? ` by ${model.xName}` : ''}`;
}
