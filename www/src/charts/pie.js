// Pie (as a donut, with the total in the middle) and its legend of values and shares.
import { s } from '../ui/dom.js';
import { pieSlices } from './data.js';
import { seriesClasses } from './colors.js';
import { formatExact, formatNumber, formatPercent } from './format.js';
import { fitText, textWidth } from './measure.js';
import { tipRow, tipTitle } from './tooltip.js';
import { displayLabels } from './describe.js';
import { focusSeries } from './header.js';

const ROW = 22;
const PCT_W = 44; // room for the share column ("100%" and a gap)

/**
 * A donut of the top slices of a one-series model.
 * @param {import('./typedefs.js').Frame} frame
 * @param {import('./typedefs.js').ChartModel} model
 * @param {import('./typedefs.js').DrawOptions} [options]
 */
export function drawPie({ width, height, tip }, model, { utc = true, onPick } = {}) {
  const { slices, total } = pieSlices(model, 10, displayLabels(model, utc));
  const classes = seriesClasses(slices.map((sl) => ({ name: sl.label, other: sl.other })));
  const measure = model.series[0].name;
  const svg = s('svg', {
    class: 'ts-svg',
    width,
    height,
    role: 'img',
    'aria-label': `Pie chart of ${measure}${model.xName ? ` by ${model.xName}` : ''}`,
  });

  // Beside the pie when there is room, under it when narrow.
  const side = width >= 440;
  const legendH = slices.length * ROW;
  const legendW = side ? Math.min(340, width * 0.48) : width - 32;
  let r;
  let cx;
  let cy;
  let lx;
  let ly;
  if (side) {
    r = Math.max(30, Math.min((width - legendW - 64) / 2, (height - 24) / 2));
    cx = 24 + r;
    cy = height / 2;
    lx = cx + r + 40;
    ly = Math.max(8, (height - legendH) / 2);
  } else {
    r = Math.max(30, Math.min(width / 2 - 16, (height - legendH - 32) / 2));
    cx = width / 2;
    cy = 12 + r;
    lx = 16;
    ly = cy + r + 16;
    svg.setAttribute('height', String(Math.max(height, ly + legendH + 8)));
  }
  const inner = r * 0.58;
  const exact = formatExact(total);
  const totalText = exact.length <= 7 ? exact : formatNumber(total); // 12,345 exactly; 1.2M shortened

  const ring = s('g', { class: 'ts-pie' });
  const legend = s('g', { class: 'ts-pie-legend' });
  /** @param {number} i */
  const tipOf = (i) => [
    tipTitle(slices[i].label),
    tipRow(classes[i], measure, formatExact(slices[i].value)),
    tipRow('', 'share', formatPercent(slices[i].value, total)),
  ];
  /** @param {SVGElement} el @param {number} i */
  const hook = (el, i) => {
    el.addEventListener('pointerenter', (e) => {
      focusSeries(svg, i);
      tip.show(e.clientX, e.clientY, ...tipOf(i));
    });
    el.addEventListener('pointermove', (e) => tip.move(e.clientX, e.clientY));
    el.addEventListener('pointerleave', () => {
      focusSeries(svg, null);
      tip.hide();
    });
    if (onPick && !slices[i].other) {
      el.classList.add('ts-pickable');
      el.addEventListener('click', () =>
        onPick({ column: model.xName, value: slices[i].raw, fields: { ...slices[i].fields } }),
      );
    }
  };

  // Value and share columns, right-aligned, as wide as their widest entry.
  const numW = Math.max(...slices.map((sl) => textWidth(formatNumber(sl.value), 12)));
  const valuesW = PCT_W + numW + 14;
  let a0 = -Math.PI / 2;
  slices.forEach((sl, i) => {
    const a1 = a0 + (sl.value / total) * 2 * Math.PI;
    const seg = s('path', { class: `ts-slice ${classes[i]}`, d: arc(cx, cy, r, inner, a0, a1), dataset: { s: i } });
    hook(seg, i);
    ring.append(seg);
    a0 = a1;

    const y = ly + i * ROW;
    const row = s(
      'g',
      { class: 'ts-legend-item', dataset: { s: i } },
      s('title', { text: sl.label }),
      s('rect', { class: 'ts-legend-hit', x: lx - 4, y, width: legendW + 4, height: ROW }),
      s('rect', { class: `ts-sw-rect ${classes[i]}`, x: lx, y: y + 6, width: 10, height: 10, rx: 2 }),
      s('text', { x: lx + 16, y: y + 15, text: fitText(sl.label, legendW - 16 - valuesW, 12) }),
      s('text', {
        class: 'ts-num',
        x: lx + legendW - PCT_W,
        y: y + 15,
        'text-anchor': 'end',
        text: formatNumber(sl.value),
      }),
      s('text', {
        class: 'ts-value',
        x: lx + legendW,
        y: y + 15,
        'text-anchor': 'end',
        text: formatPercent(sl.value, total),
      }),
    );
    hook(row, i);
    legend.append(row);
  });

  svg.append(
    ring,
    legend,
    s(
      'text',
      {
        class: 'ts-pie-total',
        x: cx,
        y: cy,
        dy: '0.1em',
        'text-anchor': 'middle',
        text: fitText(totalText, inner * 1.7, 22, 600),
      },
      s('title', { text: formatExact(total) }),
    ),
    s('text', {
      class: 'ts-pie-label',
      x: cx,
      y: cy + 18,
      'text-anchor': 'middle',
      text: fitText(measure, inner * 1.6, 11),
    }),
  );
  return svg;
}

/**
 * A ring segment from angle a0 to a1 (radians, clockwise from 3 o'clock); a whole ring when it closes.
 * @param {number} cx @param {number} cy @param {number} r @param {number} inner @param {number} a0 @param {number} a1
 * @returns {string}
 */
function arc(cx, cy, r, inner, a0, a1) {
  if (a1 - a0 >= 2 * Math.PI - 1e-9) {
    return `${arc(cx, cy, r, inner, a0, a0 + Math.PI)}${arc(cx, cy, r, inner, a0 + Math.PI, a0 + 2 * Math.PI - 1e-6)}`;
  }
  /** @param {number} rad @param {number} a */
  const p = (rad, a) => `${(cx + rad * Math.cos(a)).toFixed(2)},${(cy + rad * Math.sin(a)).toFixed(2)}`;
  const large = a1 - a0 > Math.PI ? 1 : 0;
  return `M${p(r, a0)}A${r},${r} 0 ${large} 1 ${p(r, a1)}L${p(inner, a1)}A${inner},${inner} 0 ${large} 0 ${p(inner, a0)}Z`;
}
