// Field statistics for the Messages view's field browser: which rows have a field, and its top values.

const HIDDEN = new Set(['_messagetime', '_raw']);

/** True for the columns the field browser and the message chips show. */
export function isBrowsable(name) {
  return !HIDDEN.has(String(name).toLowerCase());
}

const present = (v) => v !== null && v !== undefined && v !== '';

/** Browsable column indices, in column order but metadata (`_sourceCategory`...) after the log's own fields. */
export function browsableColumns(columns) {
  const cols = [];
  columns.forEach((name, col) => isBrowsable(name) && cols.push(col));
  const meta = (c) => (String(columns[c]).startsWith('_') ? 1 : 0);
  return cols.sort((a, b) => meta(a) - meta(b) || a - b);
}

/** One entry per browsable column (see browsableColumns): `{ name, col, count }`, count = rows with a value. */
export function fieldStats(result) {
  const { columns, rows } = result;
  const cols = browsableColumns(columns);
  const counts = new Array(cols.length).fill(0);
  for (const row of rows) for (let k = 0; k < cols.length; k++) if (present(row[cols[k]])) counts[k]++;
  return cols.map((col, k) => ({ name: columns[col], col, count: counts[k] }));
}

/**
 * Two values in a stable order for ties in the field browser's top values (which count the
 * messages the page holds): numbers before text, text by code point. Not the table's sort,
 * which the engine does.
 */
function tieOrder(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number' || typeof b === 'number') return typeof a === 'number' ? -1 : 1;
  const x = String(a);
  const y = String(b);
  if (x === y) return 0;
  // Code point order: compare by code points, not UTF-16 units.
  const xs = [...x];
  const ys = [...y];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++)
    if (xs[i] !== ys[i]) return xs[i].codePointAt(0) - ys[i].codePointAt(0);
  return xs.length - ys.length;
}

/**
 * The `limit` most frequent non-empty values of a column as `{ value, count }`, most frequent
 * first; ties in value order so the list does not change between runs.
 */
export function topValues(rows, col, limit = 10) {
  const counts = new Map();
  for (const row of rows) {
    const v = row[col];
    if (!present(v)) continue;
    // Objects are counted by their JSON text: two equal arrays are one value.
    const key = typeof v === 'object' ? JSON.stringify(v) : v;
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  const all = [...counts].map(([value, count]) => ({ value, count }));
  all.sort((a, b) => b.count - a.count || tieOrder(a.value, b.value));
  return all.slice(0, limit);
}
