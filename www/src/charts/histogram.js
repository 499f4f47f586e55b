// The Messages view's histogram: events per time bucket, with a brush to narrow the time range.
import { s } from '../ui/dom.js';
import { linear, niceTicks, timeTicks } from './scale.js';
import { formatExact, formatSlot } from './format.js';
import { gridY, tickLabelWidth, timeLabels } from './axis.js';
import { attachBrush } from './brush.js';
import { tipRow, tipTitle } from './tooltip.js';
import { snapToBuckets } from './buckets.js';

/**
 * Draws `buckets`; `state.selection` ([startMs, endMs] or null) survives redraws. A drag calls
 * `onBrush(startMs, endMs)` snapped to bucket edges; a click clears the selection and calls `onClear()`.
 * @param {import('./typedefs.js').Frame} frame
 * @param {import('./typedefs.js').Bucket[]} buckets
 * @param {{ selection: [number, number] | null }} state
 * @param {import('./typedefs.js').HistogramOptions} [options]
 * @returns {SVGSVGElement}
 */
export function drawHistogram({ width, height, tip }, buckets, state, { utc = true, onBrush, onClear } = {}) {
  const svg = s('svg', { class: 'ts-svg ts-histogram', width, height, role: 'img', 'aria-label': 'Events over time' });
  const n = buckets.length;
  const max = Math.max(0, ...buckets.map((b) => b.count));
  const top = 8;
  const plotB = height - 22;
  const ticks = niceTicks(0, max, Math.max(2, Math.floor((plotB - top) / 32)), { integer: true });
  const left = Math.ceil(tickLabelWidth(ticks.ticks)) + 14;
  const plotR = width - 12;
  const t0 = buckets[0].start;
  const t1 = buckets[n - 1].end;
  const x = linear([t0, t1], [left, plotR]);
  const y = linear([ticks.min, ticks.max], [plotB, top]);

  const grid = s('g', { class: 'ts-axes' });
  gridY(grid, { ticks: ticks.ticks, y, x0: left, x1: plotR });
  const tt = timeTicks(t0, t1, Math.max(2, Math.floor((plotR - left) / 80)), utc);
  timeLabels(grid, { ticks: tt.ticks, step: tt.step, x, y: plotB + 16, utc, x0: 2, x1: width - 2 });
  const hover = s('rect', { class: 'ts-hover', x: 0, y: top, width: 0, height: plotB - top });
  hover.setAttribute('visibility', 'hidden');
  svg.append(grid, hover);

  const marks = s('g', { class: 'ts-marks' });
  for (const b of buckets) {
    if (!b.count) continue;
    const bx = x(b.start);
    const full = x(b.end) - bx;
    const gap = full > 4 ? 1 : 0;
    const yTop = y(b.count);
    marks.append(
      s('rect', {
        class: 'ts-bar ts-c1',
        x: bx + gap / 2,
        y: yTop,
        width: Math.max(0.5, full - gap),
        height: Math.max(1, plotB - yTop),
      }),
    );
  }
  svg.append(marks);

  /** @param {number} px */
  const at = (px) => {
    const t = x.invert(px);
    return buckets.findIndex((b) => b.start <= t && t < b.end);
  };
  /** @param {number} a @param {number} b */
  const rangeTip = (a, b) => {
    const total = buckets.filter((k) => k.end > a && k.start < b).reduce((acc, k) => acc + k.count, 0);
    return [tipTitle(formatSlot(a, b - a, utc)), tipRow('ts-c1', 'events', formatExact(total))];
  };

  const brush = attachBrush(svg, {
    x0: left,
    x1: plotR,
    y0: top,
    y1: plotB,
    onMove: (a, b, e) => {
      hover.setAttribute('visibility', 'hidden');
      const snapped = snapToBuckets(buckets, x.invert(a), x.invert(b));
      if (snapped) tip.show(e.clientX, e.clientY, ...rangeTip(...snapped));
    },
    onEnd: (a, b) => {
      tip.hide();
      const snapped = snapToBuckets(buckets, x.invert(a), x.invert(b));
      state.selection = snapped;
      if (snapped) onBrush?.(snapped[0], snapped[1]);
      return snapped && [x(snapped[0]), x(snapped[1])];
    },
    onClick: () => {
      state.selection = null;
      onClear?.();
    },
  });
  if (state.selection) brush.set(x(Math.max(t0, state.selection[0])), x(Math.min(t1, state.selection[1])));

  svg.addEventListener('pointermove', (e) => {
    if (brush.dragging()) return;
    const i = at(e.clientX - svg.getBoundingClientRect().left);
    if (i < 0) {
      hover.setAttribute('visibility', 'hidden');
      tip.hide();
      return;
    }
    const b = buckets[i];
    hover.setAttribute('x', String(x(b.start)));
    hover.setAttribute('width', String(Math.max(1, x(b.end) - x(b.start))));
    hover.setAttribute('visibility', 'visible');
    tip.show(
      e.clientX,
      e.clientY,
      tipTitle(formatSlot(b.start, b.end - b.start, utc)),
      tipRow('ts-c1', 'events', formatExact(b.count)),
    );
  });
  svg.addEventListener('pointerleave', () => {
    if (!brush.dragging()) {
      hover.setAttribute('visibility', 'hidden');
      tip.hide();
    }
  });
  return svg;
}
