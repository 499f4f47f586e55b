// Pointer handling for charts laid out by category: hover shows a tooltip, click picks.

/**
 * Hovering anywhere in a category's column or row (`axis` 'x' or 'y') shows its tooltip, not
 * only over the bar, which may be a pixel high; a click picks it. `indexAt(px)` is -1 off data.
 */
export function interact(svg, { tip, onPick, pickOf: pick, indexAt, show, hide, axis }) {
  let current = -1;
  const at = (e) => {
    const r = svg.getBoundingClientRect();
    return indexAt(axis === 'x' ? e.clientX - r.left : e.clientY - r.top);
  };
  svg.addEventListener('pointermove', (e) => {
    // The legend has its own hover (it focuses a series); it is not a place on the axis.
    const i = e.target.closest?.('.ts-header') ? -1 : at(e);
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
      const i = e.target.closest?.('.ts-header') ? -1 : at(e);
      if (i < 0) return;
      const si = e.target?.dataset?.s;
      onPick(pick(i, si === undefined ? undefined : Number(si)));
    });
  }
}
