// Pointer handling for charts laid out by category: hover shows a tooltip, click picks.

/**
 * Hovering anywhere in a category's column or row (`axis` 'x' or 'y') shows its tooltip, not
 * only over the bar, which may be a pixel high; a click picks it. `indexAt(px)` is -1 off data.
 * @param {SVGSVGElement} svg
 * @param {{ tip: import('./typedefs.js').Tooltip, onPick?: (pick: import('./typedefs.js').Pick) => void,
 *   pickOf: (i: number, series?: number) => import('./typedefs.js').Pick, indexAt: (px: number) => number,
 *   show: (i: number) => HTMLElement[], hide: () => void, axis: 'x' | 'y' }} options
 */
export function interact(svg, { tip, onPick, pickOf: pick, indexAt, show, hide, axis }) {
  let current = -1;
  /** @param {Event} e the legend has its own hover (it focuses a series): not a place on the axis */
  const onLegend = (e) => e.target instanceof Element && e.target.closest('.ts-header') !== null;
  /** @param {MouseEvent} e */
  const at = (e) => {
    const r = svg.getBoundingClientRect();
    return indexAt(axis === 'x' ? e.clientX - r.left : e.clientY - r.top);
  };
  svg.addEventListener('pointermove', (e) => {
    const i = onLegend(e) ? -1 : at(e);
    if (i < 0) {
      current = -1;
      hide();
      tip.hide();
      return;
    }
    if (i !== current) tip.show(e.clientX, e.clientY, ...show(i));
    else tip.move(e.clientX, e.clientY);
    current = i;
  });
  svg.addEventListener('pointerleave', () => {
    current = -1;
    hide();
    tip.hide();
  });
  if (onPick) {
    svg.classList.add('ts-pickable');
    svg.addEventListener('click', (e) => {
      const i = onLegend(e) ? -1 : at(e);
      if (i < 0) return;
      const si = e.target instanceof Element ? e.target.getAttribute('data-s') : null;
      onPick(pick(i, si === null ? undefined : Number(si)));
    });
  }
}
