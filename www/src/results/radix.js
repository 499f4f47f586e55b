// Sorting many strings without a comparator: an MSD radix sort on UTF-16 units, several times faster
// than Array#sort with a JS comparator on 100,000 distinct values.

const SMALL = 24; // ranges this short are finished by insertion sort
const BYTE = 256; // units above this make a range fall back to a comparator sort

const before = (a, b) => a < b;

/** Insertion sort of idx[lo, hi) by string; the strings share their first d units, so `<` is enough. */
function insertion(strs, idx, lo, hi) {
  for (let i = lo + 1; i < hi; i++) {
    const v = idx[i];
    const s = strs[v];
    let j = i - 1;
    while (j >= lo && before(s, strs[idx[j]])) {
      idx[j + 1] = idx[j];
      j--;
    }
    idx[j + 1] = v;
  }
}

/**
 * Indices of `strs` in ascending UTF-16 unit order (which is code-point order when no string holds
 * a surrogate); equal strings keep their input order. `small` is the range size left to insertion sort.
 */
export function radixOrder(strs, small = SMALL) {
  const n = strs.length;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const tmp = new Uint32Array(n);
  const count = new Int32Array(BYTE + 2);
  const stack = [0, n, 0]; // (lo, hi, depth) triples still to sort
  while (stack.length > 0) {
    const d = stack.pop();
    const hi = stack.pop();
    const lo = stack.pop();
    if (hi - lo <= small) {
      insertion(strs, idx, lo, hi);
      continue;
    }
    count.fill(0);
    let wide = false;
    for (let i = lo; i < hi; i++) {
      const s = strs[idx[i]];
      // Bucket 0: the string ends here; bucket c + 1 for unit c.
      const c = d < s.length ? s.charCodeAt(d) + 1 : 0;
      if (c > BYTE) {
        wide = true;
        break;
      }
      count[c + 1]++;
    }
    if (wide) {
      // Rare non-Latin-1 text: a comparator sort of this range only.
      const part = Array.from(idx.subarray(lo, hi)).sort((a, b) =>
        strs[a] < strs[b] ? -1 : strs[a] > strs[b] ? 1 : a - b,
      );
      idx.set(part, lo);
      continue;
    }
    // All in one bucket (a shared prefix): look one unit further without moving anything.
    let single = -1;
    for (let b = 1; b <= BYTE + 1; b++) {
      if (count[b] === hi - lo) single = b - 1;
      if (count[b] !== 0) break;
    }
    if (single > 0) {
      stack.push(lo, hi, d + 1);
      continue;
    }
    if (single === 0) continue; // every string ended: all equal
    for (let b = 1; b <= BYTE + 1; b++) count[b] += count[b - 1];
    // count[b] is now where bucket b starts; scatter stably through tmp.
    const start = count.slice(0, BYTE + 1);
    for (let i = lo; i < hi; i++) {
      const s = strs[idx[i]];
      const c = d < s.length ? s.charCodeAt(d) + 1 : 0;
      tmp[lo + count[c]++] = idx[i];
    }
    idx.set(tmp.subarray(lo, hi), lo);
    for (let b = 1; b <= BYTE; b++) {
      const a = lo + start[b];
      const z = lo + (b < BYTE ? start[b + 1] : hi - lo);
      if (z - a > 1) stack.push(a, z, d + 1);
    }
  }
  return idx;
}
