// Column widths that fit the content of the first rows, within bounds, so one long value cannot take the screen.

import { measureText } from '../ui/measure.js';

/**
 * Widths in px for each column: the widest of the header and the first `sample` rows' display text,
 * as measured by `measure(text) -> px`, plus padding, clamped to [min, max].
 */
export function fitWidths(
  columns,
  rows,
  formatters,
  measure,
  { sample = 200, min = 64, max = 360, pad = 26, headerExtra = 18 } = {},
) {
  return columns.map((name, c) => {
    let w = measure(String(name)) + headerExtra;
    const fmt = formatters[c];
    for (let i = 0; i < rows.length && i < sample; i++) {
      const t = fmt(rows[i][c]);
      // Text far longer than the cap cannot widen the column further; skip measuring all of it.
      w = Math.max(w, measure(t.length > 120 ? t.slice(0, 120) : t));
      if (w + pad >= max) break;
    }
    return Math.round(Math.min(max, Math.max(min, w + pad)));
  });
}

/**
 * A text measurer for the given CSS font (ui/measure.js), remembering up to 5,000 texts' widths:
 * a table measures the same values again as it fits and draws.
 * @param {string} font
 * @returns {(text: string) => number}
 */
export function canvasMeasurer(font) {
  /** @type {Map<string, number>} */
  const cache = new Map();
  return (t) => {
    let w = cache.get(t);
    if (w === undefined) {
      w = measureText(t, font);
      if (cache.size < 5000) cache.set(t, w);
    }
    return w;
  };
}

/**
 * Widths grown to use `available` px: spare room goes, in equal shares, to the columns cut short
 * (below their `natural` width), never past it. Returns a new array; nothing changes without room.
 */
export function spread(widths, natural, available) {
  const out = widths.slice();
  let extra = available - out.reduce((a, b) => a + b, 0);
  let open = out.map((w, i) => i).filter((i) => natural[i] > out[i]);
  while (extra >= 1 && open.length > 0) {
    const share = Math.floor(extra / open.length) || 1;
    for (const i of open) {
      const add = Math.min(share, natural[i] - out[i], extra);
      out[i] += add;
      extra -= add;
    }
    open = open.filter((i) => natural[i] > out[i]);
  }
  return out;
}
