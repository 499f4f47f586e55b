// Histogram buckets: cleaned and sorted, and a brushed pixel range snapped to whole buckets.

/** Buckets sorted by start, without malformed ones. */
export function cleanBuckets(buckets) {
  return (buckets || [])
    .filter((b) => Number.isFinite(b?.start) && Number.isFinite(b?.end) && b.end > b.start)
    .map((b) => ({ start: b.start, end: b.end, count: Number.isFinite(b.count) ? b.count : 0 }))
    .sort((a, b) => a.start - b.start);
}

/** From the start of the first bucket [t0, t1] touches to the end of the last (null if none): a brush selects whole buckets. */
export function snapToBuckets(buckets, t0, t1) {
  const hit = buckets.filter((b) => b.end > t0 && b.start <= t1);
  if (!hit.length) return null;
  return [hit[0].start, hit[hit.length - 1].end];
}
