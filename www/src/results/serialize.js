// Result to CSV (RFC 4180, safe to open in a spreadsheet) and to JSON text; no DOM, so it is testable in node.

import { formatTime } from '../ui/time.js';

// A spreadsheet treats text starting with these as a formula (tab and CR too, per OWASP).
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as CSV field text, before quoting: numbers exactly, objects as JSON, null as empty. */
function fieldText(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Prefixes a single quote to text a spreadsheet would run as a formula. Real numbers (-5) are left alone. */
export function neutralise(text) {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Quotes a field when it holds a comma, quote, CR or LF, doubling its quotes (RFC 4180). */
export function quoteCsv(text) {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The result as CSV: a header row, CRLF line ends, the columns the engine says are times
 * (`result.kinds`) as formatted text.
 * @param {{ columns: string[], rows: unknown[][], kinds?: import('../engine/protocol.js').ColumnKind[] }} result
 * @param {{ utc?: boolean }} [opts]
 */
export function toCsv(result, { utc = true } = {}) {
  const { columns, rows } = result;
  const kinds = result.kinds || [];
  const times = columns.map((_, c) => kinds[c] === 'time');
  const cell = (v, c) => {
    if (times[c] && typeof v === 'number') return formatTime(v, utc);
    if (typeof v === 'number') return String(v);
    return quoteCsv(neutralise(fieldText(v)));
  };
  const lines = [columns.map((c) => quoteCsv(neutralise(String(c)))).join(',')];
  for (const row of rows) lines.push(columns.map((_, c) => cell(row[c], c)).join(','));
  return lines.join('\r\n') + '\r\n';
}

/**
 * The result's rows as objects `{column: value}`, one per row. The objects have no prototype, so
 * a column named `__proto__` (names can come from log values, through `transpose`) is an own
 * property like any other, never the object's prototype. Their key order is JavaScript's
 * (integer-like names first); `toJson` writes the columns in the table's order.
 */
export function toObjects(result) {
  const { columns, rows } = result;
  return rows.map((row) => {
    const o = Object.create(null);
    columns.forEach((c, i) => {
      o[c] = row[i] === undefined ? null : row[i];
    });
    return o;
  });
}

/** A row as the JSON text of an object, its keys written in column order, every column kept. */
function rowJson(columns, row) {
  const parts = columns.map(
    (c, i) => `${JSON.stringify(String(c))}:${JSON.stringify(row[i] === undefined ? null : row[i]) ?? 'null'}`,
  );
  return `{${parts.join(',')}}`;
}

/**
 * The result as the JSON text of an array of objects `{column: value}`, one row per line
 * (readable, yet compact). Each object has every column as a key, in the table's order, whatever
 * its name (`__proto__`, `10`); a missing value is `null`.
 */
export function toJson(result) {
  const { columns, rows } = result;
  if (rows.length === 0) return '[]\n';
  return '[\n' + rows.map((row) => rowJson(columns, row)).join(',\n') + '\n]\n';
}
