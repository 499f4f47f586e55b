// Field statistics for the Messages view's field browser: which rows have a field, and its top values.

import { compareValues } from './sort.js';

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
  all.sort((a, b) => b.count - a.count || compareValues(a.value, b.value));
  return all.slice(0, limit);
}
