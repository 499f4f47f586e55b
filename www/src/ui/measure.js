// Text width in pixels before anything is drawn: one canvas, made on first use, measures for the
// charts' labels (charts/measure.js) and the table's columns (results/widths.js) without layout.

/** @type {CanvasRenderingContext2D | null | undefined} undefined until first asked for */
let ctx;
let ctxFont = '';

/**
 * Width in px of `text` in the CSS `font` (e.g. `600 12px system-ui`). Without a canvas (no DOM,
 * or a context refused), an estimate: 0.6 em a character, the em read from `font` (12px if none).
 * @param {unknown} text
 * @param {string} font
 */
export function measureText(text, font) {
  const str = String(text);
  if (ctx === undefined)
    ctx = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!ctx) return str.length * fontPx(font) * 0.6;
  // Setting a font parses it: only when it changes.
  if (font !== ctxFont) {
    ctx.font = font;
    ctxFont = font;
  }
  return ctx.measureText(str).width;
}

/** @param {string} font */
function fontPx(font) {
  const m = /(\d+(?:\.\d+)?)px/.exec(font);
  return m ? Number(m[1]) : 12;
}
