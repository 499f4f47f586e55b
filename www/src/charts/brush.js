// Drag-to-select across a plot's x range; a click without a drag clears.
import { s } from '../ui/dom.js';

const CLICK = 3; // pixels of movement below which a press is a click

/**
 * Lets the pointer draw a selection over [x0, x1] x [y0, y1] of `svg`. `onMove(a, b)` follows the
 * drag (pixels, a <= b), `onEnd(a, b)` ends it and returns the pixels to keep drawn (snapped), or
 * null; `onClick()` is a press without a drag. Returns `set(a, b)` to redraw a kept selection.
 * @param {SVGSVGElement} svg
 * @param {{ x0: number, x1: number, y0: number, y1: number,
 *   onMove?: (a: number, b: number, e: PointerEvent) => void,
 *   onEnd?: (a: number, b: number) => [number, number] | null,
 *   onClick?: () => void }} options
 */
export function attachBrush(svg, { x0, x1, y0, y1, onMove, onEnd, onClick }) {
  const sel = s('rect', { class: 'ts-brush', x: 0, y: y0, width: 0, height: Math.max(0, y1 - y0) });
  sel.setAttribute('visibility', 'hidden');
  svg.append(sel);
  /** @param {number | null} a @param {number | null} b */
  const set = (a, b) => {
    if (a === null || b === null) {
      sel.setAttribute('visibility', 'hidden');
      return;
    }
    sel.setAttribute('x', String(a));
    sel.setAttribute('width', String(Math.max(1, b - a)));
    sel.setAttribute('visibility', 'visible');
  };
  /** @param {number} px */
  const clamp = (px) => Math.max(x0, Math.min(x1, px));
  /** @param {PointerEvent} e */
  const local = (e) => e.clientX - svg.getBoundingClientRect().left;
  /** @type {number | null} */
  let start = null;
  let moved = false;

  svg.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    const px = local(e);
    const py = e.clientY - svg.getBoundingClientRect().top;
    if (px < x0 || px > x1 || py < y0 - 4 || py > y1 + 24) return;
    start = clamp(px);
    moved = false;
    svg.setPointerCapture?.(e.pointerId);
    e.preventDefault(); // no text selection while dragging
  });
  svg.addEventListener('pointermove', (e) => {
    if (start === null) return;
    const px = clamp(local(e));
    if (!moved && Math.abs(px - start) < CLICK) return;
    moved = true;
    const [a, b] = px < start ? [px, start] : [start, px];
    set(a, b);
    onMove?.(a, b, e);
  });
  /** @param {PointerEvent} e @param {boolean} cancelled */
  const finish = (e, cancelled) => {
    if (start === null) return;
    const px = clamp(local(e));
    const [a, b] = px < start ? [px, start] : [start, px];
    start = null;
    svg.releasePointerCapture?.(e.pointerId);
    if (cancelled) {
      set(null, null);
      return;
    }
    if (!moved) {
      set(null, null);
      onClick?.();
      return;
    }
    const kept = onEnd?.(a, b);
    if (kept) set(kept[0], kept[1]);
    else set(null, null);
  };
  svg.addEventListener('pointerup', (e) => finish(e, false));
  svg.addEventListener('pointercancel', (e) => finish(e, true));
  return { set, dragging: () => start !== null && moved };
}
