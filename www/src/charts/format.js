// Text for charts: compact numbers on axes (1.2k), exact numbers in tooltips, short labels, time ticks.
import { formatTime } from '../ui/time.js';

const UNITS = ['', 'k', 'M', 'B', 'T'];
const DAY = 86400e3;

/** A compact number for an axis or a label: 950, 1.2k, 12.5k, 3.4M, 0.25. */
export function formatNumber(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return '';
  if (!Number.isFinite(n)) return n > 0 ? '∞' : '-∞';
  if (n === 0) return '0';
  let unit = Math.min(UNITS.length - 1, Math.max(0, Math.floor(Math.log10(Math.abs(n)) / 3)));
  let text = digits(n / 1000 ** unit);
  // Rounding can carry into the next unit (999.7 -> "1000"), which should read "1k".
  if (Math.abs(Number(text)) >= 1000 && unit < UNITS.length - 1) {
    unit += 1;
    text = digits(n / 1000 ** unit);
  }
  return text + UNITS[unit];
}

function digits(v) {
  const a = Math.abs(v);
  let t;
  if (a >= 100) t = v.toFixed(0);
  else if (a >= 10) t = v.toFixed(1);
  else if (a >= 1) t = v.toFixed(2);
  else if (a >= 0.001) t = v.toPrecision(3);
  else return v.toExponential(1).replace(/\.0e/, 'e');
  return t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t;
}

const EXACT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/** The full value for a tooltip: 12,345 or 0.123457 (null shows as a dash). */
export function formatExact(n) {
  if (n === null || n === undefined) return '–';
  if (typeof n !== 'number') return String(n);
  return EXACT.format(n);
}

/** A share of a whole: 42%, 4.2%, 0.4%, <0.1%. */
export function formatPercent(part, whole) {
  if (!(whole > 0)) return '';
  const p = (part / whole) * 100;
  if (p > 0 && p < 0.1) return '<0.1%';
  return `${p >= 10 ? Math.round(p) : Math.round(p * 10) / 10}%`;
}

/** At most `max` characters, ending in an ellipsis when cut (code points, so emoji stay whole). */
export function ellipsize(text, max) {
  const chars = Array.from(String(text ?? ''));
  if (chars.length <= max) return chars.join('');
  if (max <= 1) return '…';
  return (
    chars
      .slice(0, max - 1)
      .join('')
      .trimEnd() + '…'
  );
}

/**
 * A time axis label. The step decides the precision: days and months show dates; finer steps
 * show the time of day, with the date instead at midnight so a multi-day axis stays anchored.
 */
export function formatTimeTick(t, step, utc = true) {
  const full = formatTime(t, utc); // YYYY-MM-DD HH:MM:SS
  if (step >= 365 * DAY) return full.slice(0, 4);
  if (step >= 28 * DAY) return full.slice(0, 7);
  if (step >= DAY) return full.slice(5, 10);
  if (full.slice(11) === '00:00:00') return full.slice(5, 10);
  if (step < 60e3) return full.slice(11, 19);
  return full.slice(11, 16);
}

/** A time slot for a tooltip: `2024-09-14 10:00 – 11:00`, or two full times across days. */
export function formatSlot(t, step, utc = true) {
  const a = formatTime(t, utc);
  if (!(step > 0)) return a;
  const b = formatTime(t + step, utc);
  const secs = step % 60e3 !== 0;
  const cut = (x) => (secs ? x : x.slice(0, 16));
  if (step >= DAY && a.endsWith('00:00:00') && b.endsWith('00:00:00')) {
    return step === DAY ? a.slice(0, 10) : `${a.slice(0, 10)} – ${b.slice(0, 10)}`;
  }
  return a.slice(0, 10) === b.slice(0, 10) ? `${cut(a)} – ${cut(b).slice(11)}` : `${cut(a)} – ${cut(b)}`;
}
