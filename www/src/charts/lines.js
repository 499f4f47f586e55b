// Line and area charts: series over time (or categories), stacked areas, outlier bands.
import { s } from '../ui/dom.js';
import { bands, linear, niceTicks, timeTicks } from './scale.js';
import { extent, runs, stackSeries } from './data.js';
import { seriesClasses } from './colors.js';
import { formatExact } from './format.js';
import { categoryLabelsX, gridY, layoutCategoryX, tickLabelWidth, timeLabels } from './axis.js';
import { drawModelHeader } from './header.js';
import { ariaLabel, pickOf, tipFor } from './describe.js';
import { interact } from './interact.js';
import { tipRow } from './tooltip.js';

const RIGHT = 16;

/**
 * A line chart, or with `area` filled areas (stacked unless `stacked` is false).
 * @param {import('./typedefs.js').Frame} frame
 * @param {import('./typedefs.js').ChartModel} model
 * @param {import('./typedefs.js').DrawOptions & { area?: boolean }} [options]
 * @returns {SVGSVGElement}
 */
export function drawLines({ width, height, tip }, model, { area = false, stacked, utc = true, onPick } = {}) {
  const classes = seriesClasses(model.series);
  const multi = model.series.length > 1;
  const piled = area && multi && stacked !== false; // lines never stack: a stacked line reads as a total
  const [lo, hi] = extent(model, piled);
  const svg = s('svg', {
    class: 'ts-svg',
    width,
    height,
    role: 'img',
    'aria-label': ariaLabel(area ? 'Area' : 'Line', model),
  });

  const guess = niceTicks(lo, hi, Math.max(2, Math.floor((height - 70) / 45)), { integer: model.integer });
  const left = Math.ceil(tickLabelWidth(guess.ticks)) + 16;
  const plotR = width - RIGHT;
  const top = drawModelHeader(svg, model, classes, { x: left, width: plotR - left });

  const n = model.categories.length;
  const time = model.xKind === 'time';
  const labels = model.categories.map((c) => c.label);
  const band = bands(n, [left, plotR], { inner: 0, outer: 0 });
  const layout = time ? null : layoutCategoryX(labels, band.step, Math.min(110, height * 0.35));
  const plotB = height - (time ? 26 : layout.height + 6);
  const ticks = niceTicks(lo, hi, Math.max(2, Math.floor((plotB - top) / 45)), { integer: model.integer });
  const y = linear([ticks.min, ticks.max], [plotB, top + 4]);

  /** @type {number[]} */
  let xs;
  let x = null;
  const times = time ? model.categories.map((c) => Number(c.raw)) : [];
  if (time) {
    const pad = n === 1 ? model.step / 2 : 0;
    x = linear([times[0] - pad, times[n - 1] + pad], [left + 4, plotR - 4]);
    xs = times.map((t) => x(t));
  } else {
    xs = labels.map((_, i) => band.at(i) + band.width / 2);
  }

  const grid = s('g', { class: 'ts-axes' });
  gridY(grid, { ticks: ticks.ticks, y, x0: left, x1: plotR });
  if (time) {
    const tt = timeTicks(x.invert(left), x.invert(plotR), Math.max(2, Math.floor((plotR - left) / 80)), utc);
    timeLabels(grid, { ticks: tt.ticks, step: tt.step, x, y: plotB + 18, utc, x0: 2, x1: width - 2 });
  } else {
    categoryLabelsX(grid, { labels, centers: xs, y: plotB + 16, layout });
  }
  svg.append(grid);

  /** @type {[number, number][]} */
  const parts = time ? runs(times, model.step) : [[0, n - 1]];
  const levels = stackSeries(model, piled);
  const marks = s('g', { class: 'ts-marks' });
  const spacing = n > 1 ? (xs[n - 1] - xs[0]) / (n - 1) : Infinity;
  if (spacing < 3) svg.classList.add('ts-dense'); // hundreds of points: a thinner line keeps peaks apart

  for (const ser of model.series) if (ser.band) marks.append(bandPath(ser.band, xs, y, parts));
  model.series.forEach((ser, si) => {
    const upperAt = (i) => y(piled ? (levels[si][i][2] >= 0 ? levels[si][i][1] : levels[si][i][0]) : ser.values[i]);
    const baseAt = (i) => y(piled ? (levels[si][i][2] >= 0 ? levels[si][i][0] : levels[si][i][1]) : 0);
    const g = s('g', { class: `ts-series ${classes[si]}`, dataset: { s: si } });
    for (const [a, b] of parts) {
      const line = path(a, b, (i) => [xs[i], upperAt(i)]);
      if (area) g.append(s('path', { class: 'ts-area', d: `${line}${path(b, a, (i) => [xs[i], baseAt(i)], 'L')}Z` }));
      if (a === b) g.append(s('circle', { class: 'ts-dot', cx: xs[a], cy: upperAt(a), r: 2.5 }));
      else g.append(s('path', { class: 'ts-line', d: line }));
    }
    // Dots on every point only while they are far enough apart to read as points.
    if (spacing >= 16 && !area)
      for (let i = 0; i < n; i++) g.append(s('circle', { class: 'ts-dot', cx: xs[i], cy: upperAt(i), r: 2.5 }));
    ser.band?.forEach((b, i) => {
      if (b?.violation) g.append(s('circle', { class: 'ts-violation', cx: xs[i], cy: upperAt(i), r: 4 }));
    });
    marks.append(g);
  });
  svg.append(marks);

  const guide = s('g', { class: 'ts-guide' });
  guide.setAttribute('visibility', 'hidden');
  svg.append(guide);

  interact(svg, {
    tip,
    onPick,
    pickOf: (i) => pickOf(model, i),
    axis: 'x',
    indexAt: (px) => {
      if (px < left - 8 || px > plotR + 8) return -1;
      let best = 0;
      for (let i = 1; i < n; i++) if (Math.abs(xs[i] - px) < Math.abs(xs[best] - px)) best = i;
      return best;
    },
    show: (i) => {
      guide.replaceChildren(s('line', { class: 'ts-guide-line', x1: xs[i], x2: xs[i], y1: top, y2: plotB }));
      model.series.forEach((ser, si) => {
        const v = piled ? (levels[si][i][2] >= 0 ? levels[si][i][1] : levels[si][i][0]) : ser.values[i];
        guide.append(s('circle', { class: `ts-focus-dot ${classes[si]}`, cx: xs[i], cy: y(v), r: 4 }));
      });
      guide.setAttribute('visibility', 'visible');
      const rows = tipFor(model, classes, i, utc, piled);
      for (const ser of model.series) {
        const b = ser.band?.[i];
        if (b)
          rows.push(
            tipRow('ts-c-band', 'expected', `${formatExact(round(b.lower))} to ${formatExact(round(b.upper))}`),
          );
        if (b?.violation) rows.push(tipRow('ts-c-failure', 'outlier', 'yes'));
      }
      return rows;
    },
    hide: () => guide.setAttribute('visibility', 'hidden'),
  });
  return svg;
}

/**
 * An SVG path through points from index a to b (either direction).
 * @param {number} a
 * @param {number} b
 * @param {(i: number) => [number, number]} at
 * @param {string} [first]
 */
function path(a, b, at, first = 'M') {
  const dir = a <= b ? 1 : -1;
  let d = '';
  for (let i = a; ; i += dir) {
    const [px, py] = at(i);
    d += `${d ? 'L' : first}${px.toFixed(1)},${py.toFixed(1)}`;
    if (i === b) break;
  }
  return d;
}

/**
 * The expected range of an `outlier` series, shaded behind its line.
 * @param {(import('./typedefs.js').BandPoint | null)[]} band
 * @param {number[]} xs
 * @param {(v: number) => number} y
 * @param {[number, number][]} parts
 */
function bandPath(band, xs, y, parts) {
  const g = s('g', { class: 'ts-band' });
  for (const [a, b] of parts) {
    if (a === b || !band[a]) continue;
    const upper = path(a, b, (i) => [xs[i], y(band[i]?.upper ?? 0)]);
    const lower = path(b, a, (i) => [xs[i], y(band[i]?.lower ?? 0)], 'L');
    g.append(s('path', { d: `${upper}${lower}Z` }));
  }
  return g;
}

/** @param {number} v */
const round = (v) => Math.round(v * 100) / 100;
