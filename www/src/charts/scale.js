// Scales and ticks: linear maps, round-number value ticks, calendar-aligned time ticks, bands.

import {
  timeDay,
  timeHour,
  timeMinute,
  timeMonday,
  timeMonth,
  timeSecond,
  timeYear,
  utcDay,
  utcHour,
  utcMinute,
  utcMonday,
  utcMonth,
  utcSecond,
  utcYear,
} from 'd3-time';

/**
 * A map from numbers to pixels, with `invert` from pixels back.
 * @typedef {((v: number) => number) & { invert: (p: number) => number }} Linear
 */

/**
 * A linear map from `domain` to `range`, with `invert` for pointer positions.
 * @param {[number, number]} domain
 * @param {[number, number]} range
 * @returns {Linear}
 */
export function linear([d0, d1], [r0, r1]) {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  /** @param {number} v */
  const f = (v) => (k ? r0 + (v - d0) * k : (r0 + r1) / 2);
  return Object.assign(f, {
    /** @param {number} p */
    invert: (p) => (k ? d0 + (p - r0) / k : d0),
  });
}

/**
 * The 1-2-2.5-5 step that cuts `span` into about `count` parts.
 * @param {number} span
 * @param {number} count
 */
export function niceStep(span, count) {
  const raw = span / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const m = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
  return m * mag;
}

/**
 * Round ticks covering [min, max] (about `count` of them). `integer` keeps steps whole, so a
 * count axis never shows 0.5 of an event.
 * @param {number} min
 * @param {number} max
 * @param {number} [count]
 * @param {{ integer?: boolean }} [options]
 * @returns {{ min: number, max: number, step: number, ticks: number[] }}
 */
export function niceTicks(min, max, count = 5, { integer = false } = {}) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = [0, 1];
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    if (min === 0) max = 1;
    else if (min > 0) min = 0;
    else max = 0;
  }
  let step = niceStep(max - min, count);
  if (integer && step < 1) step = 1;
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks = [];
  for (let i = 0, n = Math.round((hi - lo) / step); i <= n; i++) ticks.push(clean(lo + i * step));
  return { min: clean(lo), max: clean(hi), step, ticks };
}

// Floating point sums (0.1 + 0.2) would otherwise print as 0.30000000000000004.
/** @param {number} v */
const clean = (v) => (v === 0 ? 0 : Number(v.toPrecision(12)));

// Calendar arithmetic (month lengths, daylight saving in local time, Mondays) is d3-time's; this
// file only picks the step that gives at most `maxCount` ticks.
const SEC = 1e3,
  MIN = 60e3,
  HOUR = 3600e3,
  DAY = 86400e3;
const UTC = { s: utcSecond, m: utcMinute, h: utcHour, d: utcDay, w: utcMonday, mo: utcMonth, y: utcYear };
const LOCAL = { s: timeSecond, m: timeMinute, h: timeHour, d: timeDay, w: timeMonday, mo: timeMonth, y: timeYear };
/** [nominal step in ms, unit, every] @type {[number, keyof typeof UTC, number][]} */
const STEPS = [
  [SEC, 's', 1],
  [2 * SEC, 's', 2],
  [5 * SEC, 's', 5],
  [10 * SEC, 's', 10],
  [15 * SEC, 's', 15],
  [30 * SEC, 's', 30],
  [MIN, 'm', 1],
  [2 * MIN, 'm', 2],
  [5 * MIN, 'm', 5],
  [10 * MIN, 'm', 10],
  [15 * MIN, 'm', 15],
  [30 * MIN, 'm', 30],
  [HOUR, 'h', 1],
  [2 * HOUR, 'h', 2],
  [3 * HOUR, 'h', 3],
  [6 * HOUR, 'h', 6],
  [12 * HOUR, 'h', 12],
  [DAY, 'd', 1],
  [2 * DAY, 'd', 2],
  [7 * DAY, 'w', 1],
  [14 * DAY, 'w', 2],
  [30 * DAY, 'mo', 1],
  [61 * DAY, 'mo', 2],
  [91 * DAY, 'mo', 3],
  [182 * DAY, 'mo', 6],
  [365 * DAY, 'y', 1],
  [730 * DAY, 'y', 2],
  [1826 * DAY, 'y', 5],
  [3652 * DAY, 'y', 10],
];

/**
 * Ticks on calendar boundaries between t0 and t1 (epoch ms), at most about `maxCount`: whole
 * seconds, minutes, hours, days, Mondays, months or years, in UTC or local time. `step` is the
 * nominal distance between ticks (for choosing a label format).
 * @param {number} t0
 * @param {number} t1
 * @param {number} maxCount
 * @param {boolean} [utc]
 * @returns {{ step: number, ticks: number[] }}
 */
export function timeTicks(t0, t1, maxCount, utc = true) {
  if (!(t1 > t0) || maxCount < 1) return { step: 0, ticks: Number.isFinite(t0) ? [t0] : [] };
  const target = (t1 - t0) / Math.max(1, maxCount);
  const [step, unit, every] = STEPS.find(([s]) => s >= target) ?? STEPS[STEPS.length - 1];
  const base = (utc ? UTC : LOCAL)[unit];
  // Weeks have no `every` aligned to a fixed origin: take every n-th Monday from the first.
  const interval = unit === 'w' ? base : base.every(every);
  let ticks = interval.range(new Date(t0), new Date(t1 + 1)).map(Number);
  if (unit === 'w' && every > 1) ticks = ticks.filter((t) => Math.round(t / (7 * DAY)) % every === 0);
  return { step, ticks };
}

/**
 * `n` bands over [r0, r1] with gaps between them: start of band i, its width, and the step.
 * @param {number} n
 * @param {[number, number]} range
 * @param {{ inner?: number, outer?: number }} [options]
 */
export function bands(n, [r0, r1], { inner = 0.2, outer = 0.1 } = {}) {
  const step = n > 0 ? (r1 - r0) / (n - inner + 2 * outer) : 0;
  const width = step * (1 - inner);
  const start = r0 + step * outer;
  return {
    step,
    width,
    /** @param {number} i */
    at: (i) => start + i * step,
    /** @param {number} p */
    index: (p) => Math.floor((p - start + (step * inner) / 2) / step),
  };
}
