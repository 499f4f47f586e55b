// Pan and zoom: the view as (zoom, world-frame centre), its math, and the pointer/wheel controller.

export const MIN_ZOOM = 1;
// 1:110m outlines get coarse past this, and points have long separated by then.
export const MAX_ZOOM = 24;

/** @typedef {import('./types.js').View} View */
/** @typedef {import('./types.js').Bounds} Bounds */
/** @typedef {import('./types.js').Size} Size */
/** @typedef {import('./types.js').Transform} Transform */
/** @typedef {import('./types.js').XY} XY */

/**
 * The view that shows `home` whole: zoom 1 centred on it.
 * @param {Bounds} home
 * @returns {View}
 */
export function homeView(home) {
  return { z: 1, cx: (home.x0 + home.x1) / 2, cy: (home.y0 + home.y1) / 2 };
}

/**
 * Screen pixels per world unit at zoom 1: `home` fits the viewport.
 * @param {number} width
 * @param {number} height
 * @param {Bounds} home
 */
export function fitScale(width, height, home) {
  return Math.max(1e-6, Math.min(width / (home.x1 - home.x0), height / (home.y1 - home.y0)));
}

/**
 * { k, x, y }: screen = world * k + (x, y).
 * @param {View} view
 * @param {Size} size
 * @param {Bounds} home
 * @returns {Transform}
 */
export function transformOf(view, size, home) {
  const k = fitScale(size.width, size.height, home) * view.z;
  return { k, x: size.width / 2 - view.cx * k, y: size.height / 2 - view.cy * k };
}

/**
 * A world-frame point on screen.
 * @param {Transform} t
 * @param {XY} world
 * @returns {XY}
 */
export function toScreen(t, [wx, wy]) {
  return [wx * t.k + t.x, wy * t.k + t.y];
}

/**
 * A screen point in the world frame.
 * @param {Transform} t
 * @param {XY} screen
 * @returns {XY}
 */
export function toWorld(t, [sx, sy]) {
  return [(sx - t.x) / t.k, (sy - t.y) / t.k];
}

/**
 * Keeps the zoom in range and the view inside `limits` (the world frame): the map cannot be
 * dragged away; along an axis where the whole world fits, it stays centred.
 * @param {View} view
 * @param {Size} size
 * @param {Bounds} home
 * @param {Bounds} limits
 * @returns {View}
 */
export function clampView(view, size, home, limits) {
  const z = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, view.z));
  const k = fitScale(size.width, size.height, home) * z;
  /** @type {(c: number, lo: number, hi: number, half: number) => number} */
  const axis = (c, lo, hi, half) => (hi - lo <= 2 * half ? (lo + hi) / 2 : Math.min(hi - half, Math.max(lo + half, c)));
  return {
    z,
    cx: axis(view.cx, limits.x0, limits.x1, size.width / 2 / k),
    cy: axis(view.cy, limits.y0, limits.y1, size.height / 2 / k),
  };
}

/**
 * Zooms by `factor` keeping the world point under screen point (sx, sy) where it is (unless that would leave the world).
 * @param {View} view
 * @param {number} factor
 * @param {XY} at
 * @param {Size} size
 * @param {Bounds} home
 * @param {Bounds} limits
 * @returns {View}
 */
export function zoomAt(view, factor, [sx, sy], size, home, limits) {
  const z = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, view.z * factor));
  const t = transformOf(view, size, home);
  const [wx, wy] = toWorld(t, [sx, sy]);
  const k = t.k * (z / view.z);
  // Solve for the centre that puts (wx, wy) back under (sx, sy) at the new scale.
  const cx = wx - (sx - size.width / 2) / k;
  const cy = wy - (sy - size.height / 2) / k;
  return clampView({ z, cx, cy }, size, home, limits);
}

/**
 * Moves the view by a screen-pixel drag (the map follows the pointer).
 * @param {View} view
 * @param {number} dx
 * @param {number} dy
 * @param {Size} size
 * @param {Bounds} home
 * @param {Bounds} limits
 * @returns {View}
 */
export function panBy(view, dx, dy, size, home, limits) {
  const k = transformOf(view, size, home).k;
  return clampView({ z: view.z, cx: view.cx - dx / k, cy: view.cy - dy / k }, size, home, limits);
}

/**
 * A view between `a` and `b` (0..1); zoom moves geometrically so the motion looks even.
 * @param {View} a
 * @param {View} b
 * @param {number} f
 * @returns {View}
 */
export function interpolate(a, b, f) {
  return {
    z: a.z * Math.pow(b.z / a.z, f),
    cx: a.cx + (b.cx - a.cx) * f,
    cy: a.cy + (b.cy - a.cy) * f,
  };
}

/** How many pixels a press may move before it is a drag rather than a click. */
export const DRAG_THRESHOLD = 4;

/**
 * Wheel delta in pixels -> zoom factor; pinch gestures arrive as ctrl+wheel with small deltas.
 * @param {number} deltaY
 * @param {number} deltaMode
 * @param {boolean} ctrlKey
 * @param {number} [pageHeight]
 */
export function wheelFactor(deltaY, deltaMode, ctrlKey, pageHeight = 800) {
  const px = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * pageHeight : deltaY;
  return Math.pow(2, -px / (ctrlKey ? 100 : 400));
}

/**
 * Drag to pan, wheel and pinch to zoom, double-click to zoom in, on `el`. Calls
 * `panBy(dx, dy)`, `zoomAt(factor, [sx, sy])` (true when the view changed), `dragging(bool)`.
 * A press that turns into a drag swallows the click that follows, so panning never selects a
 * point. Returns a detach function.
 * @param {SVGSVGElement} el
 * @param {{ panBy: (dx: number, dy: number) => void, zoomAt: (factor: number, at: XY) => boolean,
 *   dragging?: (on: boolean) => void }} handlers
 * @returns {() => void}
 */
export function attachPanZoom(el, { panBy: pan, zoomAt: zoom, dragging = () => {} }) {
  /** @type {Map<number, XY>} */
  const pointers = new Map();
  let moved = false;
  /** @type {{ dist: number, mid: XY } | null} */
  let pinch = null;
  /** @param {MouseEvent} e @returns {XY} */
  const local = (e) => {
    const r = el.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  /** @returns {{ dist: number, mid: XY }} */
  const pinchState = () => {
    const [a, b] = [...pointers.values()];
    return { dist: Math.hypot(a[0] - b[0], a[1] - b[1]) || 1, mid: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] };
  };
  /** @param {PointerEvent} e */
  const down = (e) => {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    pointers.set(e.pointerId, local(e));
    if (pointers.size === 1) moved = false;
    if (pointers.size === 2) pinch = pinchState();
  };
  /** @param {PointerEvent} e */
  const move = (e) => {
    const prev = pointers.get(e.pointerId);
    if (!prev) return;
    const cur = local(e);
    if (!moved && Math.hypot(cur[0] - prev[0], cur[1] - prev[1]) < DRAG_THRESHOLD && pointers.size === 1) return;
    if (!moved) {
      moved = true;
      el.setPointerCapture?.(e.pointerId);
      dragging(true);
    }
    pointers.set(e.pointerId, cur);
    if (pointers.size === 2 && pinch) {
      const next = pinchState();
      zoom(next.dist / pinch.dist, next.mid);
      pan(next.mid[0] - pinch.mid[0], next.mid[1] - pinch.mid[1]);
      pinch = next;
    } else if (pointers.size === 1) {
      pan(cur[0] - prev[0], cur[1] - prev[1]);
    }
  };
  /** @param {PointerEvent} e */
  const up = (e) => {
    if (!pointers.delete(e.pointerId)) return;
    pinch = null;
    if (pointers.size === 0 && moved) dragging(false);
  };
  /** @param {MouseEvent} e */
  const click = (e) => {
    if (moved) {
      e.stopPropagation();
      e.preventDefault();
      moved = false;
    }
  };
  /** @param {WheelEvent} e */
  const wheel = (e) => {
    // Fully zoomed out, scrolling on over the map scrolls the page (a dashboard is long).
    if (zoom(wheelFactor(e.deltaY, e.deltaMode, e.ctrlKey, el.clientHeight), local(e)) || e.ctrlKey) e.preventDefault();
  };
  /** @param {MouseEvent} e */
  const dblclick = (e) => {
    if (e.target instanceof Element && e.target.closest('[data-testid="map-point"]')) return;
    e.preventDefault();
    zoom(e.shiftKey ? 0.5 : 2, local(e));
  };
  /** @type {[string, (e: any) => void, (boolean | AddEventListenerOptions)?][]} */
  const on = [
    ['pointerdown', down],
    ['pointermove', move],
    ['pointerup', up],
    ['pointercancel', up],
    ['click', click, true],
    ['wheel', wheel, { passive: false }],
    ['dblclick', dblclick],
  ];
  for (const [type, fn, opt] of on) el.addEventListener(type, fn, opt);
  return () => {
    for (const [type, fn, opt] of on) el.removeEventListener(type, fn, opt);
  };
}
