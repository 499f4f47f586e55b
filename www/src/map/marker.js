// A point's glyph: its radius (area proportional to count) and its disc or pie of results.

import { s } from '../ui/dom.js';

export const MIN_RADIUS = 4;
export const MAX_RADIUS = 24;
/** Radius of the invisible target around small points, so one login is still easy to hit. */
export const HIT_RADIUS = 10;

/**
 * count -> radius: sqrt so area tracks count; the biggest point gets MAX_RADIUS, none below MIN_RADIUS.
 * @param {number} maxCount
 * @returns {(count: number) => number}
 */
export function radiusScale(maxCount) {
  const unit = maxCount > 0 ? MAX_RADIUS / Math.sqrt(maxCount) : 0;
  return (count) => Math.max(MIN_RADIUS, Math.min(MAX_RADIUS, Math.sqrt(Math.max(0, count)) * unit));
}

/**
 * An SVG path for the pie slice from angle a0 to a1 (radians, clockwise from 12 o'clock).
 * @param {number} r
 * @param {number} a0
 * @param {number} a1
 */
export function wedgePath(r, a0, a1) {
  /** @param {number} a */
  const pt = (a) => `${round(r * Math.sin(a))} ${round(-r * Math.cos(a))}`;
  const large = a1 - a0 > Math.PI ? 1 : 0;
  return `M0 0L${pt(a0)}A${r} ${r} 0 ${large} 1 ${pt(a1)}Z`;
}

/** @param {number} v */
const round = (v) => Math.round(v * 100) / 100;

/** Smallest slice drawn (radians): two failures among 500 logins must still show as red. */
export const MIN_SLICE = 0.25;

/** @typedef {'success' | 'failure' | 'other'} Kind */

/**
 * Slices [{ kind, from, to }] of a point's success / failure / other shares, clockwise from
 * 12 o'clock, empty ones left out; a small share is widened to MIN_SLICE at the largest's expense.
 * @param {{ success?: number, failure?: number, other?: number }} counts
 * @returns {{ kind: Kind, from: number, to: number }[]}
 */
export function slices({ success = 0, failure = 0, other = 0 }) {
  /** @type {[Kind, number][]} */
  const all = [
    ['success', success],
    ['failure', failure],
    ['other', other],
  ];
  const shares = all.filter(([, n]) => n > 0);
  const total = shares.reduce((sum, [, n]) => sum + n, 0);
  if (total <= 0) return [];
  const angles = shares.map(([, n]) => (n / total) * 2 * Math.PI);
  if (angles.length > 1) {
    const big = angles.indexOf(Math.max(...angles));
    for (let i = 0; i < angles.length; i++) {
      if (i !== big && angles[i] < MIN_SLICE) {
        angles[big] -= MIN_SLICE - angles[i];
        angles[i] = MIN_SLICE;
      }
    }
  }
  let at = 0;
  return shares.map(([kind], i) => ({ kind, from: at, to: (at += angles[i]) }));
}

/**
 * The glyph's SVG nodes at radius r, centred on 0,0: one disc, or a pie for a mixed point.
 * @param {{ success?: number, failure?: number, other?: number }} point
 * @param {number} r
 * @returns {SVGElement[]}
 */
export function glyph(point, r) {
  const parts = slices(point);
  const kindOf = { success: 'ok', failure: 'bad', other: 'unknown' };
  if (parts.length <= 1) {
    const kind = parts.length ? kindOf[parts[0].kind] : 'unknown';
    return [s('circle', { class: `ts-map-fill is-${kind}`, r })];
  }
  return [
    ...parts.map((p) => s('path', { class: `ts-map-fill is-${kindOf[p.kind]}`, d: wedgePath(r, p.from, p.to) })),
    // The ring marks "mixed" even where the slices are too thin to see.
    s('circle', { class: 'ts-map-mixed-ring', r: r + 1.5 }),
  ];
}
