// Text width in pixels, to lay out labels before drawing them, in the charts' font (ui/measure.js measures).

import { measureText } from '../ui/measure.js';

let family = 'system-ui, sans-serif';

/**
 * The font family charts are drawn in (read from the chart's element so measurement matches).
 * @param {string} f
 */
export function setFontFamily(f) {
  if (f) family = f;
}

/**
 * Width of `text` at `px` pixels, `weight` 400 or 600.
 * @param {unknown} text
 * @param {number} [px]
 * @param {number} [weight]
 */
export function textWidth(text, px = 12, weight = 400) {
  return measureText(text, `${weight} ${px}px ${family}`);
}

/**
 * `text` cut with an ellipsis to fit `maxWidth` pixels.
 * @param {unknown} text
 * @param {number} maxWidth
 * @param {number} [px]
 * @param {number} [weight]
 */
export function fitText(text, maxWidth, px = 12, weight = 400) {
  const str = String(text);
  if (textWidth(str, px, weight) <= maxWidth) return str;
  const chars = Array.from(str);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(chars.slice(0, mid).join('') + '…', px, weight) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo ? chars.slice(0, lo).join('').trimEnd() + '…' : '…';
}
