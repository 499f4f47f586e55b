// Sorting result rows by one column: ranks are computed once per column, each click is a counting sort.

import { radixOrder } from './radix.js';

const NUMERIC_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

const isNull = (v) => v === null || v === undefined;

/** Text order by Unicode code point (not UTF-16 unit, not locale): fast and the same everywhere. */
export function compareText(a, b) {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral characters) sort after U+E000..U+FFFF in code-point order.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

const asText = (v) => (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Ascending order of two cells: numbers numerically and before text, text by code point, nulls last. */
export function compareValues(a, b) {
  const an = isNull(a);
  const bn = isNull(b);
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  const x = typeof a === 'number';
  const y = typeof b === 'number';
  if (x && y) return a < b ? -1 : a > b ? 1 : 0;
  if (x !== y) return x ? -1 : 1;
  return compareText(asText(a), asText(b));
}

/** True when every non-null cell of the column is a number or a number written as text. */
export function isNumericColumn(rows, col) {
  let seen = false;
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i][col];
    if (isNull(v)) continue;
    if (typeof v === 'number' ? Number.isNaN(v) : !(typeof v === 'string' && NUMERIC_TEXT.test(v))) return false;
    seen = true;
  }
  return seen;
}

/**
 * Each row's rank in the column's ascending order of distinct values (`distinct` for nulls).
 * A column of numbers or numeric text ranks by value, so "10" follows "9".
 */
export function columnRanks(rows, col) {
  const n = rows.length;
  const ranks = new Uint32Array(n);
  let nonNull = 0;
  if (isNumericColumn(rows, col)) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = rows[i][col];
      keys[i] = isNull(v) ? NaN : Number(v);
    }
    // Distinct values in order, then each row's rank by binary search (a Map of doubles is slow).
    const sorted = keys.filter((k) => !Number.isNaN(k)).sort();
    nonNull = sorted.length;
    let distinct = 0;
    for (let i = 0; i < sorted.length; i++)
      if (i === 0 || sorted[i] !== sorted[distinct - 1]) sorted[distinct++] = sorted[i];
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      if (Number.isNaN(k)) {
        ranks[i] = distinct;
        continue;
      }
      let lo = 0;
      let hi = distinct - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] < k) lo = mid + 1;
        else hi = mid;
      }
      ranks[i] = lo;
    }
    return { ranks, distinct, numeric: true, nonNull };
  }
  // Text: the non-null cells in one list; radix-sorted when all are plain strings (the usual case).
  const vals = [];
  const at = [];
  let plain = true;
  for (let i = 0; i < n; i++) {
    const v = rows[i][col];
    if (isNull(v)) continue;
    vals.push(v);
    at.push(i);
    if (plain && !isPlainBmpText(v)) plain = false;
  }
  nonNull = vals.length;
  let distinct = 0;
  if (plain && mostlyDistinct(vals)) {
    // Sorting every cell spares a Map when nearly all differ; equal neighbours share a rank.
    const order = radixOrder(vals);
    for (let k = 0; k < order.length; k++) {
      if (k > 0 && vals[order[k]] !== vals[order[k - 1]]) distinct++;
      ranks[at[order[k]]] = distinct;
    }
    if (order.length > 0) distinct++;
  } else {
    // Many repeats: sort each distinct value once.
    const rankOf = new Map();
    for (const v of vals) rankOf.set(v, 0);
    const values = [...rankOf.keys()];
    if (plain) {
      const order = radixOrder(values);
      for (let r = 0; r < order.length; r++) rankOf.set(values[order[r]], r);
    } else {
      values.sort(compareValues);
      values.forEach((v, r) => rankOf.set(v, r));
    }
    distinct = values.length;
    for (let k = 0; k < vals.length; k++) ranks[at[k]] = rankOf.get(vals[k]);
  }
  // Nulls rank after every value.
  if (nonNull < n) for (let i = 0; i < n; i++) if (isNull(rows[i][col])) ranks[i] = distinct;
  return { ranks, distinct, numeric: false, nonNull };
}

/** True when a sample of the values has few repeats (IP addresses, ids), false for categories. */
export function mostlyDistinct(vals, sample = 2000) {
  const step = Math.max(1, Math.floor(vals.length / sample));
  const seen = new Set();
  let taken = 0;
  for (let i = 0; i < vals.length; i += step, taken++) seen.add(vals[i]);
  return seen.size >= taken * 0.97;
}

// Without surrogates, UTF-16 unit order (what the radix sort uses) is code-point order.
const ASTRAL = /[\ud800-\udfff]/;
const isPlainBmpText = (v) => typeof v === 'string' && !ASTRAL.test(v);

/**
 * Row indices in `dir` ('asc' or 'desc') order of the ranks; ties keep their original order and
 * nulls stay last either way. A stable counting sort: linear in rows plus distinct values.
 */
export function sortOrder({ ranks, distinct }, dir) {
  const n = ranks.length;
  const desc = dir === 'desc';
  const start = new Uint32Array(distinct + 2);
  const key = (r) => (r === distinct ? distinct : desc ? distinct - 1 - r : r);
  for (let i = 0; i < n; i++) start[key(ranks[i]) + 1]++;
  for (let k = 1; k < start.length; k++) start[k] += start[k - 1];
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[start[key(ranks[i])]++] = i;
  return out;
}

/** The next state when a column header is clicked: ascending, descending, then the original order. */
export function nextSort(current, col) {
  if (!current || current.col !== col) return { col, dir: 'asc' };
  if (current.dir === 'asc') return { col, dir: 'desc' };
  return null;
}
