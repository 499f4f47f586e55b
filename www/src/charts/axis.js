// Axes: value gridlines with compact numbers, time labels on calendar ticks, category labels that never overlap.
import { s } from '../ui/dom.js';
import { fitText, textWidth } from './measure.js';
import { formatNumber, formatTimeTick } from './format.js';

const TILT = (35 * Math.PI) / 180;

/** The widest value label among `ticks`. */
export function tickLabelWidth(ticks) {
  return Math.max(0, ...ticks.map((t) => textWidth(formatNumber(t), 11)));
}

/** Horizontal gridlines at each tick, labelled on the left of `x0`. */
export function gridY(g, { ticks, y, x0, x1 }) {
  for (const t of ticks) {
    const py = Math.round(y(t)) + 0.5;
    g.append(s('line', { class: t === 0 ? 'ts-grid ts-zero' : 'ts-grid', x1: x0, x2: x1, y1: py, y2: py }));
    g.append(
      s('text', { class: 'ts-tick', x: x0 - 8, y: py, dy: '0.34em', 'text-anchor': 'end', text: formatNumber(t) }),
    );
  }
}

/** Vertical gridlines at each tick, labelled at `labelY` (above the plot for scrolling bar charts). */
export function gridX(g, { ticks, x, y0, y1, labelY }) {
  for (const t of ticks) {
    const px = Math.round(x(t)) + 0.5;
    g.append(s('line', { class: t === 0 ? 'ts-grid ts-zero' : 'ts-grid', x1: px, x2: px, y1: y0, y2: y1 }));
    g.append(s('text', { class: 'ts-tick', x: px, y: labelY, 'text-anchor': 'middle', text: formatNumber(t) }));
  }
}

/**
 * Time labels under the plot at `y` (the tick's time, plus `offset` ms to centre labels in
 * day-wide slots); a label that would leave [x0, x1] or overlap the previous one is dropped.
 */
export function timeLabels(g, { ticks, step, x, y, utc, x0, x1, offset = 0 }) {
  let last = -Infinity;
  for (const t of ticks) {
    const label = formatTimeTick(t, step, utc);
    const px = x(t + offset);
    const w = textWidth(label, 11);
    if (px - w / 2 < x0 - 4 || px + w / 2 > x1 + 4 || px - w / 2 < last + 8) continue;
    last = px + w / 2;
    g.append(
      s('line', { class: 'ts-tickmark', x1: Math.round(px) + 0.5, x2: Math.round(px) + 0.5, y1: y - 14, y2: y - 10 }),
    );
    g.append(s('text', { class: 'ts-tick', x: px, y, 'text-anchor': 'middle', text: label }));
  }
}

/**
 * How to label categories under columns `bandStep` apart: flat when all fit, else tilted and cut
 * to `maxHeight`, and only every n-th when even tilted labels would collide.
 */
export function layoutCategoryX(labels, bandStep, maxHeight) {
  const widths = labels.map((l) => textWidth(l, 11));
  if (widths.every((w) => w <= bandStep - 6)) return { tilt: false, every: 1, height: 20, maxWidth: bandStep - 6 };
  const every = Math.max(1, Math.ceil(15 / bandStep));
  const maxWidth = Math.max(20, (maxHeight - 14) / Math.sin(TILT));
  const longest = Math.min(maxWidth, Math.max(...widths));
  return { tilt: true, every, height: Math.ceil(longest * Math.sin(TILT) + 18), maxWidth };
}

/** How far a tilted label reaches left of its column (after cutting to the layout's width). */
export function tiltedWidth(label, layout) {
  return Math.min(layout.maxWidth, textWidth(label, 11)) * Math.cos(TILT) + 4;
}

/** Category labels under columns centred at `centers[i]`, laid out by `layoutCategoryX`. */
export function categoryLabelsX(g, { labels, centers, y, layout }) {
  labels.forEach((label, i) => {
    if (i % layout.every) return;
    const cx = centers[i];
    if (!layout.tilt) {
      g.append(
        s(
          'text',
          { class: 'ts-tick', x: cx, y, 'text-anchor': 'middle', text: fitText(label, layout.maxWidth, 11) },
          s('title', { text: label }),
        ),
      );
      return;
    }
    // Tilted labels run down-left from their column; keep the first ones inside the picture.
    const room = Math.min(layout.maxWidth, (cx - 2) / Math.cos(TILT));
    const ty = y - 6;
    g.append(
      s(
        'text',
        {
          class: 'ts-tick',
          x: cx,
          y: ty,
          'text-anchor': 'end',
          dy: '0.7em',
          transform: `rotate(-35 ${cx} ${ty})`,
          text: fitText(label, room, 11),
        },
        s('title', { text: label }),
      ),
    );
  });
}
