// Comparing a table as the page shows it (cell text, in the order shown) with an expected one.

/**
 * The keys of a query's last `sort` (`[{ col, dir }]`, lower-cased names; Sumo's default
 * direction is descending), or null when the query does not sort.
 */
export function sortKeys(query) {
  const all = [...query.matchAll(/\|\s*sort\s+(?:by\s+)?([^|]*)/gi)];
  if (!all.length) return null;
  return all
    .at(-1)[1]
    .trim()
    .split(/\s*,\s*/)
    .map((k) => {
      const [col, dir] = k.split(/\s+/);
      return { col: col.toLowerCase(), dir: (dir || 'desc').toLowerCase() };
    });
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** Two shown cells in the engine's sort order: numbers by value, text by code unit, empty (null) lowest. */
function compareShown(a, b) {
  if (a === b) return 0;
  if (a === '') return -1;
  if (b === '') return 1;
  if (NUMBER.test(a) && NUMBER.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : 1;
}

/** The first pair of rows of `t` (header + rows of text) out of `keys`' order, or null. */
export function outOfOrder(t, keys) {
  const idx = keys.map((k) => t.header.findIndex((h) => h.toLowerCase() === k.col));
  for (let r = 1; r < t.rows.length; r++) {
    for (let k = 0; k < keys.length; k++) {
      if (idx[k] < 0) continue;
      const c = compareShown(t.rows[r - 1][idx[k]], t.rows[r][idx[k]]) * (keys[k].dir === 'asc' ? 1 : -1);
      if (c < 0) break;
      if (c > 0) return { at: r, before: t.rows[r - 1], after: t.rows[r], key: keys[k].col };
    }
  }
  return null;
}

/**
 * The rows of `t` as runs of consecutive rows sharing the values of `cols`, in order: the
 * sequence of runs is the order shown; rows inside a run (ties) are sorted, compared as a group.
 */
export function runs(t, cols) {
  const idx = cols.map((c) => t.header.findIndex((h) => h.toLowerCase() === c));
  const out = [];
  for (const row of t.rows) {
    const key = idx.map((i) => row[i]);
    if (!out.length || JSON.stringify(out.at(-1).key) !== JSON.stringify(key)) out.push({ key, rows: [] });
    out.at(-1).rows.push(row);
  }
  const text = (row) => JSON.stringify(row);
  for (const r of out) r.rows.sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
  return out;
}
