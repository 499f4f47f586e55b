// Types shared by the map modules (JSDoc only, checked by `tsc -p www`).

/**
 * One place on the map: every result row at this (lat, lon), grouped. `results` counts each
 * login result value; success / failure / other count by outcome; `rows` are row indices;
 * first / last are epoch ms when the result has a time column.
 * @typedef {{
 *   lat: number, lon: number, count: number,
 *   city: string, region: string, country_code: string, country_name: string,
 *   results: Record<string, number>,
 *   success: number, failure: number, other: number,
 *   status: 'success' | 'failure' | 'mixed' | 'unknown',
 *   users: { name: string, count: number }[],
 *   ips: string[],
 *   rows: number[],
 *   first: number | null, last: number | null,
 * }} MapPoint
 */

/**
 * The points of a result, biggest first, with what could not be placed: `skipped` rows without a
 * usable location (`skippedCount` their weight) and whether a login result column was found.
 * @typedef {MapPoint[] & { skipped: number, skippedCount: number, hasResult: boolean }} MapPoints
 */

/** A rectangle of the world frame. @typedef {{ x0: number, y0: number, x1: number, y1: number }} Bounds */

/** The map's view: zoom and the world-frame point at the centre. @typedef {{ z: number, cx: number, cy: number }} View */

/** A size in screen pixels. @typedef {{ width: number, height: number }} Size */

/** screen = world * k + (x, y). @typedef {{ k: number, x: number, y: number }} Transform */

/** A point [x, y]. @typedef {[number, number]} XY */

export {};
