// The key: what the colours mean (only those on the map) and what a point's size means.

import { h, s } from '../ui/dom.js';
import { glyph } from './marker.js';
import { countText } from './points.js';

/** [status, label, the counts of a glyph showing it] @type {[import('./types.js').MapPoint['status'], string, Parameters<typeof glyph>[0]][]} */
const KINDS = [
  ['success', 'Success', { success: 1 }],
  ['failure', 'Failure', { failure: 1 }],
  ['mixed', 'Mixed', { success: 1, failure: 1 }],
  ['unknown', 'No result', { other: 1 }],
];

/**
 * The largest 1, 2 or 5 × 10^k not above `n` (at least 1): a round count for the size key.
 * @param {number} n
 * @returns {number}
 */
export function roundCount(n) {
  if (!(n >= 1)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(n)));
  return [5, 2, 1].map((m) => m * p).find((v) => v <= n);
}

/**
 * A legend for `points`; `radius` is the map's count -> radius scale; `unit` names what is counted.
 * @param {import('./types.js').MapPoint[]} points
 * @param {(count: number) => number} radius
 * @param {{ unit?: string, skippedCount?: number }} [options]
 */
export function legend(points, radius, { unit = 'logins', skippedCount = 0 } = {}) {
  const present = new Set(points.map((p) => p.status));
  const items = KINDS.filter(([kind]) => present.has(kind)).map(([, label, shares]) =>
    h(
      'li',
      { class: 'ts-map-legend-item' },
      s(
        'svg',
        { class: 'ts-map-swatch', width: 14, height: 14, viewBox: '-7 -7 14 14', 'aria-hidden': 'true' },
        s('g', { class: 'ts-map-glyph' }, glyph(shares, 5)),
      ),
      h('span', { text: label }),
    ),
  );
  const max = points.reduce((m, p) => Math.max(m, p.count), 0);
  // A reference circle at most a quarter of the largest count keeps the key short.
  const ref = roundCount(max / 4);
  return h(
    'div',
    { class: 'ts-map-legend' },
    items.length ? h('ul', { class: 'ts-map-legend-kinds', 'aria-label': 'Colours' }, items) : null,
    ref > 1 ? sizeKey([1, ref], radius, unit) : null,
    skippedCount > 0
      ? h('span', { class: 'ts-map-legend-note', text: `${countText(skippedCount, unit)} without a location` })
      : null,
  );
}

/**
 * Circles at the map's own sizes for the given counts, each with its number.
 * @param {number[]} counts
 * @param {(count: number) => number} radius
 * @param {string} unit
 */
function sizeKey(counts, radius, unit) {
  const rs = counts.map(radius);
  const hgt = Math.ceil(2 * Math.max(...rs)) + 2;
  return h(
    'div',
    { class: 'ts-map-legend-size', 'aria-label': `Point area by number of ${unit}` },
    counts.map((n, i) =>
      h(
        'span',
        { class: 'ts-map-legend-size-item' },
        s(
          'svg',
          { width: 2 * rs[i] + 2, height: hgt, viewBox: `0 0 ${2 * rs[i] + 2} ${hgt}`, 'aria-hidden': 'true' },
          s('circle', { class: 'ts-map-size-ring', cx: rs[i] + 1, cy: hgt / 2, r: rs[i] }),
        ),
        h('span', { text: n.toLocaleString('en-US') }),
      ),
    ),
    h('span', { class: 'ts-map-legend-unit', text: unit }),
  );
}
