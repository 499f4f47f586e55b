// Natural Earth I projection (Šavrič et al. 2011), scaled to a fixed 1000-unit-wide world frame.

const RAD = Math.PI / 180;

// Polynomial coefficients of the published projection: x = λ·l(φ), y = d(φ).
/** @param {number} phi */
function widthFactor(phi) {
  const p2 = phi * phi,
    p4 = p2 * p2;
  return 0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4));
}
/** @param {number} phi */
function height(phi) {
  const p2 = phi * phi,
    p4 = p2 * p2;
  return phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)));
}
/** @param {number} phi */
function heightSlope(phi) {
  const p2 = phi * phi,
    p4 = p2 * p2;
  return 1.007226 + p2 * (3 * 0.015085 + p4 * (-7 * 0.044475 + 9 * 0.028874 * p2 - 11 * 0.005916 * p4));
}

/** Width of the world frame: longitude −180 maps to 0, +180 (at the equator) to WORLD_W. */
export const WORLD_W = 1000;
const SCALE = WORLD_W / (2 * Math.PI * widthFactor(0));
/** Height of the world frame: the north pole line is at 0, the south pole line at WORLD_H. */
export const WORLD_H = 2 * SCALE * height(Math.PI / 2);

/**
 * [x, y] in the world frame (y grows downwards, as on screen) for a longitude and latitude in degrees.
 * @param {number} lon
 * @param {number} lat
 * @returns {import('./types.js').XY}
 */
export function project(lon, lat) {
  const phi = lat * RAD;
  return [WORLD_W / 2 + SCALE * lon * RAD * widthFactor(phi), WORLD_H / 2 - SCALE * height(phi)];
}

/**
 * [lon, lat] in degrees for a world-frame point; Newton's method inverts d(φ), which is monotonic.
 * @param {number} x
 * @param {number} y
 * @returns {[number, number]}
 */
export function invert(x, y) {
  const target = (WORLD_H / 2 - y) / SCALE;
  let phi = target;
  for (let i = 0; i < 25; i++) {
    const step = (height(phi) - target) / heightSlope(phi);
    phi -= step;
    if (Math.abs(step) < 1e-12) break;
  }
  phi = Math.max(-Math.PI / 2, Math.min(Math.PI / 2, phi));
  const lon = (x - WORLD_W / 2) / (SCALE * widthFactor(phi)) / RAD;
  return [lon, phi / RAD];
}

/** The part of the frame shown when the map is reset: everything but Antarctica (logins almost never come from there; panning still reaches it). */
export const HOME_BOUNDS = /** @returns {import('./types.js').Bounds} */ (() => {
  const [, top] = project(0, 84);
  const [, bottom] = project(0, -57);
  return { x0: 0, y0: top, x1: WORLD_W, y1: bottom };
})();

/** The whole frame: how far the view may be panned. */
/** @type {import('./types.js').Bounds} */
export const WORLD_BOUNDS = { x0: 0, y0: 0, x1: WORLD_W, y1: WORLD_H };
