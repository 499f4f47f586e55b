// Display text of a result cell: times formatted, numbers rounded for reading, objects as JSON.

import { cellText } from '../ui/dom.js';
import { formatTime } from '../ui/time.js';

/** A cell as display text; never throws, whatever the value. */
export function displayText(v) {
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return cellText(v);
}

/**
 * A function turning a column's cells into display text, by the column's kind as the engine
 * says it (`result.kinds`): a `time` column's numbers as dates, anything else as it is.
 * @param {import('../engine/protocol.js').ColumnKind | undefined} kind @param {boolean} [utc]
 */
export function formatterFor(kind, utc = true) {
  if (kind === 'time') return (v) => (typeof v === 'number' ? formatTime(v, utc) : displayText(v));
  return displayText;
}

/** "12,345 rows" (thousands separated the same way in every locale). */
export function countLabel(n, one, many) {
  return `${Number(n).toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
