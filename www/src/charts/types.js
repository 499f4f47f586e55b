// Which chart types suit a result, best first.
import { buildModel } from './data.js';

const LINE_POINTS = 60; // beyond this many time slots, columns get too thin and a line reads better
const MANY_CATEGORIES = 10;
const LONG_LABEL = 12;

/** The chart types that make sense for `result`, best first ('table' and 'map' are not ours). */
export function chartTypes(result) {
  const m = buildModel(result, { maxCategories: Infinity });
  if (!m) return [];
  const oneValue = m.rowCount === 1 && m.measures.length === 1 && m.series.length === 1;
  if (m.xKind === 'time') {
    const types = m.categories.length > LINE_POINTS ? ['line', 'area', 'column'] : ['column', 'line', 'area'];
    return oneValue ? [...types, 'single'] : types;
  }
  if (m.xKind === 'none') return oneValue ? ['single'] : ['column', 'bar'];
  // Long names (user agents, ARNs) and long lists fit better as horizontal bars.
  const long = m.categories.length > MANY_CATEGORIES || m.categories.some((c) => c.label.length > LONG_LABEL);
  const types = long ? ['bar', 'column'] : ['column', 'bar'];
  const vals = m.series.length === 1 ? m.series[0].values : null;
  if (vals && m.categories.length >= 2 && vals.every((v) => v >= 0) && vals.filter((v) => v > 0).length >= 2)
    types.push('pie');
  if (oneValue) types.push('single');
  return types;
}

/** The best chart type for `result`, or null when it cannot be charted. */
export function suggestChart(result) {
  return chartTypes(result)[0] ?? null;
}
