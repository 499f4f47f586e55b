// Histogram buckets: cleaned and sorted, and a brushed pixel range snapped to whole buckets.

/** @typedef {import('./typedefs.js').Bucket} Bucket */

/**
 * Buckets sorted by start, without malformed ones.
 * @param {Partial<Bucket>[] | null | undefined} buckets
 * @returns {Bucket[]}
 */
export function cleanBuckets(buckets) {
  return (buckets || [])
    .filter((b) => Number.isFinite(b?.start) && Number.isFinite(b?.end) && b.end > b.start)
    .map((b) => ({ start: b.start, end: b.end, count: Number.isFinite(b.count) ? b.count : 0 }))
    .sort((a, b) => a.start - b.start);
}

/**
 * From the start of the first bucket [t0, t1] touches to the end of the last (null if none): a brush selects whole buckets.
 * @param {Bucket[]} buckets
 * @param {number} t0
 * @param {number} t1
 * @returns {[number, number] | null}
 */
export function snapToBuckets(buckets, t0, t1) {
  const hit = buckets.filter((b) => b.end > t0 && b.start <= t1);
  if (!hit.length) return null;
  return [hit[0].start, hit[hit.length - 1].end];
}
