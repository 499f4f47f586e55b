// Display text of a result cell: times formatted, numbers rounded for reading, objects as JSON.

import { cellText } from '../ui/dom.js';
import { formatTime, isTimeColumn } from '../ui/time.js';

/** A cell as display text; never throws, whatever the value. */
export function displayText(v) {
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return cellText(v);
}

const isEpoch = (v) =>
  typeof v === 'number' ? Number.isFinite(v) : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v));

/** A function turning the column's cells into display text (time columns as dates). */
export function formatterFor(name, utc = true) {
  // A time column holding something that is not a time shows it as it is rather than blank.
  if (isTimeColumn(name)) return (v) => (isEpoch(v) ? formatTime(v, utc) : displayText(v));
  return displayText;
}

/** True when the sampled non-null cells are all numbers (and there is one): such columns align right. */
export function alignsRight(name, rows, col, sample = 200) {
  if (isTimeColumn(name)) return false;
  let seen = false;
  for (let i = 0; i < rows.length && i < sample; i++) {
    const v = rows[i][col];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number') return false;
    seen = true;
  }
  return seen;
}

/** "12,345 rows" (thousands separated the same way in every locale). */
export function countLabel(n, one, many) {
  return `${Number(n).toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
