// Scales and ticks: linear maps, round-number value ticks, calendar-aligned time ticks, bands.

/** A linear map from `domain` to `range`, with `invert` for pointer positions. */
export function linear([d0, d1], [r0, r1]) {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const f = (v) => (k ? r0 + (v - d0) * k : (r0 + r1) / 2);
  f.invert = (p) => (k ? d0 + (p - r0) / k : d0);
  return f;
}

/** The 1-2-2.5-5 step that cuts `span` into about `count` parts. */
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
const clean = (v) => (v === 0 ? 0 : Number(v.toPrecision(12)));

const SEC = 1e3, MIN = 60e3, HOUR = 3600e3, DAY = 86400e3;
const STEPS = [SEC, 2 * SEC, 5 * SEC, 10 * SEC, 15 * SEC, 30 * SEC, MIN, 2 * MIN, 5 * MIN, 10 * MIN,
  15 * MIN, 30 * MIN, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY];
const MONTHS = [1, 2, 3, 6, 12, 24, 60, 120];
const MONDAY = 4 * DAY; // 1970-01-01 was a Thursday: weekly ticks fall on Mondays

/**
 * At most `maxCount` ticks over [t0, t1] (epoch ms) on calendar boundaries (whole hours, days,
 * Mondays, months) in UTC or in local time.
 */
export function timeTicks(t0, t1, maxCount, utc = true) {
  if (!(t1 > t0) || maxCount < 1) return { step: 0, ticks: Number.isFinite(t0) ? [t0] : [] };
  const target = (t1 - t0) / Math.max(1, maxCount);
  const step = STEPS.find((s) => s >= target);
  const ticks = [];
  if (step) {
    const off = (t) => (utc ? 0 : -new Date(t).getTimezoneOffset() * MIN);
    const base = step >= 7 * DAY ? MONDAY : 0;
    let t = Math.ceil((t0 + off(t0) - base) / step) * step + base - off(t0);
    for (; t <= t1; t += step) {
      // Local time: re-align after a daylight saving change so ticks stay on the hour.
      const a = step >= HOUR ? t - (((t + off(t) - base) % step) + step) % step : t;
      if (a >= t0 && a <= t1 && a !== ticks[ticks.length - 1]) ticks.push(a);
    }
    return { step, ticks };
  }
  const months = MONTHS.find((m) => m * 30 * DAY >= target) ?? MONTHS[MONTHS.length - 1];
  const d = new Date(t0);
  let y = utc ? d.getUTCFullYear() : d.getFullYear();
  let m = utc ? d.getUTCMonth() : d.getMonth();
  m = Math.ceil(m / months) * months;
  for (;;) {
    const t = utc ? Date.UTC(y, m, 1) : new Date(y, m, 1).getTime();
    if (t > t1) break;
    if (t >= t0) ticks.push(t);
    m += months;
  }
  return { step: months * 30 * DAY, ticks };
}

/** `n` bands over [r0, r1] with gaps between them: start of band i, its width, and the step. */
export function bands(n, [r0, r1], { inner = 0.2, outer = 0.1 } = {}) {
  const step = n > 0 ? (r1 - r0) / (n - inner + 2 * outer) : 0;
  const width = step * (1 - inner);
  const start = r0 + step * outer;
  return { step, width, at: (i) => start + i * step, index: (p) => Math.floor((p - start + (step * inner) / 2) / step) };
}
