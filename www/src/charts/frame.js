// The chart's box: fills the container's width, follows resizes, hosts the tooltip, and tears down.
import { h } from '../ui/dom.js';
import { setFontFamily } from './measure.js';
import { createTooltip } from './tooltip.js';

export const DEFAULT_HEIGHT = 280;

/**
 * Mounts a chart in `container`. `draw({ width, height, tip, wrap })` returns the element to show;
 * it is called again whenever the size changes. The height is the container's own height when it
 * has one, else `height` (so a chart never makes its container grow and then chase itself).
 * @param {HTMLElement} container
 * @param {{ kind: string, height?: number, label?: string,
 *   draw: (frame: import('./typedefs.js').Frame) => Element }} options
 * @returns {import('./typedefs.js').Mounted}
 */
export function mountFrame(container, { kind, height = DEFAULT_HEIGHT, label, draw }) {
  const wrap = h('div', { class: `ts-chart ts-chart-${kind}`, dataset: { chart: kind } });
  if (label) wrap.setAttribute('aria-label', label);
  const fixed = () => {
    wrap.classList.remove('ts-fill');
    wrap.style.height = `${height}px`;
  };
  const cs = getComputedStyle(container);
  const inner = container.clientHeight - parseFloat(cs.paddingTop || '0') - parseFloat(cs.paddingBottom || '0');
  if (inner > 40) wrap.classList.add('ts-fill');
  else fixed();
  container.append(wrap);
  const tip = createTooltip(wrap);
  /** @type {Element | null} */
  let shown = null;
  let size = '';
  let raf = 0;

  const redraw = () => {
    raf = 0;
    // A container whose height came from old content, not from its style, collapses once the
    // chart is the only thing in it: fall back to the fixed height rather than draw nothing.
    if (wrap.classList.contains('ts-fill') && wrap.clientHeight < 10 && wrap.clientWidth >= 10) fixed();
    const width = Math.floor(wrap.clientWidth);
    const ht = Math.floor(wrap.clientHeight);
    if (width < 10 || ht < 10 || `${width}x${ht}` === size) return; // hidden or unchanged
    size = `${width}x${ht}`;
    setFontFamily(getComputedStyle(wrap).fontFamily);
    tip.hide();
    const next = draw({ width, height: ht, tip, wrap });
    if (shown) shown.replaceWith(next);
    else wrap.prepend(next);
    shown = next;
  };
  const ro =
    typeof ResizeObserver === 'function'
      ? new ResizeObserver(() => {
          if (!raf) raf = requestAnimationFrame(redraw);
        })
      : null;
  ro?.observe(wrap);
  redraw(); // at once, so whoever renders can measure or screenshot without waiting a frame

  return {
    element: wrap,
    destroy() {
      ro?.disconnect();
      if (raf) cancelAnimationFrame(raf);
      wrap.remove();
    },
  };
}

/**
 * A muted message in place of a chart (no data, or a type that does not fit).
 * @param {string} text
 */
export function message(text) {
  return h('div', { class: 'ts-empty', text });
}
