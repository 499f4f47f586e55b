// Result to JSON text; no DOM, so it is testable in node. The CSV download is the engine's
// (`src/query/csv.rs`, through the worker's `exportCsv`): the page has no CSV writer. JSON stays
// here: it writes the values the page was sent, exactly (`JSON.stringify` of each cell, no time
// formatting), its one rule being that every column is a key in the table's order, `__proto__`
// included.

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
