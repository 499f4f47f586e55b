// What a click on a column header asks for. The order itself is the engine's (src/query/order.rs,
// through the worker's `sortResult`); the page holds no ordering rule.

/** The next state when a column header is clicked: ascending, descending, then the original order. */
export function nextSort(current, col) {
  if (!current || current.col !== col) return { col, dir: 'asc' };
  if (current.dir === 'asc') return { col, dir: 'desc' };
  return null;
}
