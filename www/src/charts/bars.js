// Column (vertical) and bar (horizontal) charts, stacked or side by side, over categories or time slots.
import { h, s } from '../ui/dom.js';
import { bands, linear, niceTicks, timeTicks } from './scale.js';
import { extent, stackSeries } from './data.js';
import { seriesClasses } from './colors.js';
import { formatNumber } from './format.js';
import { categoryLabelsX, gridX, gridY, layoutCategoryX, tickLabelWidth, tiltedWidth, timeLabels } from './axis.js';
import { drawModelHeader } from './header.js';
import { fitText, textWidth } from './measure.js';
import { ariaLabel, displayLabels, pickOf, tipFor } from './describe.js';
import { interact } from './interact.js';

const RIGHT = 14;
const DAY = 86400e3;

/** @typedef {import('./typedefs.js').Frame} Frame */
/** @typedef {import('./typedefs.js').ChartModel} ChartModel */
/** @typedef {import('./typedefs.js').DrawOptions} DrawOptions */

/**
 * Vertical columns; time slots sit on a true time scale, each as wide as its slice.
 * @param {Frame} frame
 * @param {ChartModel} model
 * @param {DrawOptions} [options]
 * @returns {SVGSVGElement}
 */
export function drawColumns({ width, height, tip }, model, { stacked = true, utc = true, onPick } = {}) {
  const classes = seriesClasses(model.series);
  const multi = model.series.length > 1;
  const [lo, hi] = extent(model, stacked && multi);
  const svg = s('svg', { class: 'ts-svg', width, height, role: 'img', 'aria-label': ariaLabel('Column', model) });

  const guess = niceTicks(lo, hi, Math.max(2, Math.floor((height - 70) / 45)), { integer: model.integer });
  let left = Math.ceil(tickLabelWidth(guess.ticks)) + 16;
  const plotR = width - RIGHT;
  const n = model.categories.length;
  const time = model.xKind === 'time';
  const labels = model.categories.map((c) => c.label);
  const inner = n > 40 ? 0.12 : 0.22;
  let band = bands(n, [left, plotR], { inner, outer: 0.12 });
  const layout = time ? null : layoutCategoryX(labels, band.step, Math.min(110, height * 0.35));
  if (layout?.tilt) {
    // A tilted first label runs left of its column: move the plot right so more of it shows.
    const want = Math.min(tiltedWidth(labels[0], layout), width * 0.2);
    const first = band.at(0) + band.width / 2;
    if (first < want) {
      left += want - first;
      band = bands(n, [left, plotR], { inner, outer: 0.12 });
    }
  }
  const top = drawModelHeader(svg, model, classes, { x: left, width: plotR - left });
  const bottom = time ? 26 : layout.height + 6;
  const plotB = height - bottom;
  const ticks = niceTicks(lo, hi, Math.max(2, Math.floor((plotB - top) / 45)), { integer: model.integer });
  const y = linear([ticks.min, ticks.max], [plotB, top + 4]);

  /** x positions of category i: [x0, x1) of its slot. @type {(i: number) => [number, number]} */
  let slotOf;
  /** @type {(px: number) => number} */
  let indexAt;
  const times = time ? model.categories.map((c) => Number(c.raw)) : [];
  let x = null;
  if (time) {
    x = linear([times[0], times[n - 1] + model.step], [left + 4, plotR - 4]); // bars clear of the axis
    const MIN_W = 3; // a one-hour slot in a month is a fraction of a pixel: keep it visible and hoverable
    slotOf = (i) => {
      const a = x(times[i]);
      const b = x(times[i] + model.step);
      if (b - a >= MIN_W) return [a, b];
      const room = Math.min(i > 0 ? a - x(times[i - 1]) : Infinity, i < n - 1 ? x(times[i + 1]) - a : Infinity);
      const w = Math.max(b - a, Math.min(MIN_W, room));
      return [(a + b) / 2 - w / 2, (a + b) / 2 + w / 2];
    };
    indexAt = (px) => {
      const t = x.invert(px);
      let a = 0;
      let b = n - 1;
      while (a < b) {
        const m = (a + b + 1) >> 1;
        if (times[m] <= t) a = m;
        else b = m - 1;
      }
      return (
        [a, a + 1, a - 1].find((i) => i >= 0 && i < n && slotOf(i)[0] - 0.5 <= px && px < slotOf(i)[1] + 0.5) ?? -1
      );
    };
  } else {
    slotOf = (i) => [band.at(i), band.at(i) + band.width];
    indexAt = (px) => {
      const i = band.index(px);
      return i >= 0 && i < n ? i : -1;
    };
  }

  const grid = s('g', { class: 'ts-axes' });
  gridY(grid, { ticks: ticks.ticks, y, x0: left, x1: plotR });
  if (time) {
    const tt = timeTicks(times[0], times[n - 1] + model.step, Math.max(2, Math.floor((plotR - left) / 80)), utc);
    const centre = model.step >= DAY && tt.step >= DAY && tt.step % model.step === 0 ? model.step / 2 : 0;
    timeLabels(grid, { ticks: tt.ticks, step: tt.step, x, y: plotB + 18, utc, x0: 2, x1: width - 2, offset: centre });
  } else {
    categoryLabelsX(grid, {
      labels,
      centers: labels.map((_, i) => band.at(i) + band.width / 2),
      y: plotB + 16,
      layout,
    });
  }
  const hover = s('rect', { class: 'ts-hover', x: 0, y: top, width: 0, height: Math.max(0, plotB - top) });
  hover.setAttribute('visibility', 'hidden');
  svg.append(grid, hover);

  const stackedCols = stackSeries(model, stacked && multi);
  const marks = s('g', { class: 'ts-marks' });
  const k = model.series.length;
  const grouped = multi && !stacked;
  for (let i = 0; i < n; i++) {
    const [x0, x1] = slotOf(i);
    const full = x1 - x0;
    const gap = time ? (full > 6 ? Math.max(1, full * 0.18) : full > 2 ? 1 : 0) : 0;
    const w = Math.max(0.5, full - gap);
    stackedCols.forEach((col, si) => {
      const [v0, v1, v] = col[i];
      if (!v) return;
      const sub = grouped ? w / k : w;
      const bx = x0 + gap / 2 + (grouped ? si * sub : 0);
      const yTop = y(v1);
      const hgt = Math.max(1, y(v0) - yTop);
      marks.append(
        s('rect', {
          class: `ts-bar ${classes[si]}`,
          x: bx,
          y: yTop,
          width: Math.max(0.5, grouped ? sub - (sub > 4 ? 1 : 0) : sub),
          height: hgt,
          rx: !multi || grouped ? Math.min(2, sub / 4) : 0,
          dataset: { s: si, i },
        }),
      );
    });
  }
  svg.append(marks);

  interact(svg, {
    tip,
    onPick,
    pickOf: (i, si) => pickOf(model, i, si),
    indexAt,
    show: (i) => {
      const [x0, x1] = slotOf(i);
      const pad = time ? 0 : (band.step - band.width) / 2;
      hover.setAttribute('x', String(x0 - pad));
      hover.setAttribute('width', String(Math.max(1, x1 - x0 + 2 * pad)));
      hover.setAttribute('visibility', 'visible');
      return tipFor(model, classes, i, utc, stacked && multi);
    },
    hide: () => hover.setAttribute('visibility', 'hidden'),
    axis: 'x',
  });
  return svg;
}

/**
 * Horizontal bars, one row per category; a long list scrolls instead of squeezing its labels.
 * @param {Frame} frame
 * @param {ChartModel} model
 * @param {DrawOptions} [options]
 * @returns {SVGSVGElement | HTMLDivElement}
 */
export function drawBars({ width, height, tip }, model, { stacked = true, utc = true, onPick } = {}) {
  const classes = seriesClasses(model.series);
  const multi = model.series.length > 1;
  const n = model.categories.length;
  const [lo, hi] = extent(model, stacked && multi);
  const labels = displayLabels(model, utc);
  const labelW = Math.min(Math.max(...labels.map((l) => textWidth(l, 12))), width * 0.38, 280);
  const left = Math.ceil(labelW) + 18;
  // Single series: each bar carries its value at its end, so leave room for the longest.
  const valueW = multi ? 0 : Math.max(...model.series[0].values.map((v) => textWidth(formatNumber(v), 11))) + 10;
  const plotR = width - RIGHT - valueW;

  const svg = s('svg', { class: 'ts-svg', width, role: 'img', 'aria-label': ariaLabel('Bar', model) });
  // + room for the value labels above the plot
  const top = drawModelHeader(svg, model, classes, { x: left, width: width - RIGHT - left }) + 16;
  const rowH = Math.min(34, Math.max(20, (height - top - 8) / n));
  const plotB = top + rowH * n;
  const total = Math.max(height, plotB + 8);
  svg.setAttribute('height', String(total));

  const ticks = niceTicks(lo, hi, Math.max(2, Math.floor((plotR - left) / 64)), { integer: model.integer });
  // The longest bar reaches the edge: a rounded-up axis would leave a quarter of the width empty.
  const x0 = lo < 0 ? ticks.min : 0;
  const x1 = hi > 0 ? hi : ticks.max;
  ticks.ticks = ticks.ticks.filter((t) => t >= x0 && t <= x1);
  const x = linear([x0, x1], [left, plotR]);
  const band = bands(n, [top, plotB], { inner: 0.28, outer: 0.1 });

  const grid = s('g', { class: 'ts-axes' });
  gridX(grid, { ticks: ticks.ticks, x, y0: top, y1: plotB, labelY: top - 8 });
  labels.forEach((label, i) => {
    grid.append(
      s(
        'text',
        {
          class: 'ts-tick ts-cat',
          x: left - 8,
          y: band.at(i) + band.width / 2,
          dy: '0.34em',
          'text-anchor': 'end',
          text: fitText(label, labelW, 12),
        },
        s('title', { text: label }),
      ),
    );
  });
  const hover = s('rect', { class: 'ts-hover', x: 0, y: 0, width: width, height: 0 });
  hover.setAttribute('visibility', 'hidden');
  svg.append(grid, hover);

  const cols = stackSeries(model, stacked && multi);
  const marks = s('g', { class: 'ts-marks' });
  const grouped = multi && !stacked;
  const k = model.series.length;
  for (let i = 0; i < n; i++) {
    const by = band.at(i);
    cols.forEach((col, si) => {
      const [v0, v1, v] = col[i];
      if (!v) return;
      const sub = grouped ? band.width / k : band.width;
      marks.append(
        s('rect', {
          class: `ts-bar ${classes[si]}`,
          x: x(v0),
          y: by + (grouped ? si * sub : 0),
          width: Math.max(1, x(v1) - x(v0)),
          height: Math.max(0.5, grouped ? sub - (sub > 4 ? 1 : 0) : sub),
          rx: !multi || grouped ? 2 : 0,
          dataset: { s: si, i },
        }),
      );
    });
    if (!multi) {
      const v = model.series[0].values[i];
      marks.append(
        s('text', {
          class: 'ts-value',
          x: x(Math.max(0, v)) + 6,
          y: by + band.width / 2,
          dy: '0.34em',
          text: formatNumber(v),
        }),
      );
    }
  }
  svg.append(marks);

  interact(svg, {
    tip,
    onPick,
    pickOf: (i, si) => pickOf(model, i, si),
    indexAt: (py) => {
      const i = band.index(py);
      return i >= 0 && i < n ? i : -1;
    },
    show: (i) => {
      hover.setAttribute('y', String(band.at(i) - (band.step - band.width) / 2));
      hover.setAttribute('height', String(band.step));
      hover.setAttribute('visibility', 'visible');
      return tipFor(model, classes, i, utc, stacked && multi);
    },
    hide: () => hover.setAttribute('visibility', 'hidden'),
    axis: 'y',
  });
  return total > height ? h('div', { class: 'ts-scroll' }, svg) : svg;
}
