// The strip above a plot: a caption (what was cut) and the legend, with full names in <title> tooltips.
import { s } from '../ui/dom.js';
import { fitText, textWidth } from './measure.js';
import { captionOf } from './describe.js';

const ROW = 18;
const MAX_ITEM = 190;

/**
 * Draws the caption and legend from (x, 0) across `width`; returns the height used.
 * `items` are { name, cls }; `onFocus(i | null)` is told which legend item the pointer is on.
 * @param {SVGSVGElement} svg
 * @param {{ x: number, width: number, caption?: string, items?: { name: string, cls: string }[],
 *   onFocus?: (i: number | null) => void }} options
 */
export function drawHeader(svg, { x, width, caption, items = [], onFocus }) {
  let y = 4;
  const g = s('g', { class: 'ts-header' });
  if (caption) {
    g.append(
      s(
        'text',
        { class: 'ts-caption', x, y: y + 11, text: fitText(caption, width, 11) },
        s('title', { text: caption }),
      ),
    );
    y += ROW;
  }
  if (items.length > 1) {
    let cx = x;
    let row = 0;
    items.forEach((it, i) => {
      const label = fitText(it.name, MAX_ITEM, 12);
      const w = 14 + textWidth(label, 12) + 16;
      if (cx > x && cx + w - 16 > x + width) {
        cx = x;
        row++;
      }
      const cy = y + row * ROW;
      const item = s(
        'g',
        { class: 'ts-legend-item', transform: `translate(${cx},${cy})`, dataset: { s: i } },
        s('title', { text: it.name }),
        s('rect', { class: `ts-sw-rect ${it.cls}`, x: 0, y: 3, width: 10, height: 10, rx: 2 }),
        s('text', { x: 14, y: 12, text: label }),
      );
      if (onFocus) {
        item.addEventListener('pointerenter', () => onFocus(i));
        item.addEventListener('pointerleave', () => onFocus(null));
      }
      g.append(item);
      cx += w;
    });
    y += (row + 1) * ROW;
  }
  svg.append(g);
  return y > 4 ? y + 6 : 8;
}

/**
 * The header of a chart of `model` from (x, 0) across `width`: the caption of what was cut, and a
 * legend of its series in their colour `classes` (when there are several) whose hover focuses one.
 * Returns the height used.
 * @param {SVGSVGElement} svg
 * @param {import('./typedefs.js').ChartModel} model
 * @param {string[]} classes
 * @param {{ x: number, width: number }} at
 */
export function drawModelHeader(svg, model, classes, { x, width }) {
  return drawHeader(svg, {
    x,
    width,
    caption: captionOf(model),
    items: model.series.length > 1 ? model.series.map((ser, i) => ({ name: ser.name, cls: classes[i] })) : [],
    onFocus: (i) => focusSeries(svg, i),
  });
}

/**
 * Dims every series but `i` (null restores them all): legend hover shows one series at a time.
 * @param {SVGSVGElement} svg
 * @param {number | null} i
 */
export function focusSeries(svg, i) {
  svg.classList.toggle('ts-focus', i !== null);
  for (const el of svg.querySelectorAll('[data-s]'))
    el.classList.toggle('ts-on', i !== null && el.getAttribute('data-s') === String(i));
}
