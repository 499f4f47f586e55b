// Time display: UTC by default, the viewer's local zone when the page's switch says so.

/** @param {number} n @param {number} [w] */
const pad = (n, w = 2) => String(n).padStart(w, '0');

/**
 * `YYYY-MM-DD HH:MM:SS` (with `.mmm` when `ms` is set) in UTC or local time; '' for no time.
 * @param {unknown} epochMs
 * @param {boolean} [utc]
 * @param {{ ms?: boolean }} [options]
 */
export function formatTime(epochMs, utc = true, { ms = false } = {}) {
  if (epochMs === null || epochMs === undefined || !Number.isFinite(Number(epochMs))) return '';
  const d = new Date(Number(epochMs));
  const get = utc
    ? [
        d.getUTCFullYear(),
        d.getUTCMonth() + 1,
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
        d.getUTCMilliseconds(),
      ]
    : [
        d.getFullYear(),
        d.getMonth() + 1,
        d.getDate(),
        d.getHours(),
        d.getMinutes(),
        d.getSeconds(),
        d.getMilliseconds(),
      ];
  const [y, mo, da, hh, mi, ss, mss] = get;
  const base = `${y}-${pad(mo)}-${pad(da)} ${pad(hh)}:${pad(mi)}:${pad(ss)}`;
  return ms ? `${base}.${pad(mss, 3)}` : base;
}

/**
 * The zone label shown beside times.
 * @param {boolean} [utc]
 */
export function zoneLabel(utc = true) {
  if (utc) return 'UTC';
  const off = -new Date().getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return `UTC${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

/**
 * The browser's time zone, as the engine's CSV writer takes it: its tz database name (the
 * engine applies its rules, so a date across a DST change reads as `formatTime` shows it) and
 * its offset now, east positive (used if the engine does not know the name).
 * @returns {{ zone?: string, offset_minutes: number }}
 */
export function localZone() {
  let zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    zone = undefined;
  }
  return { zone, offset_minutes: -new Date().getTimezoneOffset() };
}
