// Natural Earth outlines (world-atlas, 1:110m) as SVG path strings in the world frame, built once.

import topology from 'world-atlas/countries-110m.json' with { type: 'json' };
import { feature, mesh } from 'topojson-client';
import { project } from './projection.js';

/** @type {{ land: string, coast: string, borders: string, graticule: string, sphere: string } | null} */
let cached = null;

/** A longitude and latitude in degrees (GeoJSON order). @typedef {[number, number]} LonLat */

/**
 * { land, coast, borders, graticule, sphere }: path `d` strings in world-frame units. Land, coast
 * and borders may stick out past ±180°; draw them clipped to `sphere`.
 */
export function worldPaths() {
  if (!cached) {
    const countries = topology.objects.countries;
    cached = {
      land: feature(topology, countries)
        .features.map((f) => polygonsPath(f.geometry))
        .join(''),
      coast: linesPath(mesh(topology, countries, (a, b) => a === b).coordinates),
      borders: linesPath(mesh(topology, countries, (a, b) => a !== b).coordinates),
      graticule: graticule(30),
      sphere: sphere(),
    };
  }
  return cached;
}

/**
 * @param {{ type: 'Polygon', coordinates: LonLat[][] } | { type: 'MultiPolygon', coordinates: LonLat[][][] }} geometry
 */
function polygonsPath(geometry) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((polygon) => polygon.map((ring) => pointsPath(ring, true)).join('')).join('');
}

/** @param {LonLat[][]} lines */
function linesPath(lines) {
  return lines.map((line) => pointsPath(line, false)).join('');
}

/** @param {LonLat[]} points @param {boolean} closed */
function pointsPath(points, closed) {
  return unwrap(points, closed)
    .map((pts) => 'M' + pts.map(xy).join(' ') + (closed ? 'Z' : ''))
    .join('');
}

/** @param {number} v */
const round = (v) => Math.round(v * 100) / 100;
/** @param {LonLat} lonLat */
const xy = ([lon, lat]) => project(lon, lat).map(round).join(' ');
/** @param {number} d */
const wrap = (d) => d - 360 * Math.round(d / 360);

/**
 * A ring or line as continuous longitudes, plus a copy shifted by 360° when it crosses ±180°
 * (Fiji, Chukotka): drawn twice and clipped, each copy shows its half. A ring that goes round
 * the world (Antarctica) is closed along the pole line.
 * @param {LonLat[]} points
 * @param {boolean} closed
 * @returns {LonLat[][]}
 */
export function unwrap(points, closed) {
  if (points.length === 0) return [];
  /** @type {LonLat[]} */
  const out = [[points[0][0], points[0][1]]];
  let lo = points[0][0],
    hi = lo;
  for (let i = 1; i < points.length; i++) {
    const lon = out[i - 1][0] + wrap(points[i][0] - points[i - 1][0]);
    out.push([lon, points[i][1]]);
    lo = Math.min(lo, lon);
    hi = Math.max(hi, lon);
  }
  const first = out[0],
    last = out[out.length - 1];
  if (closed && Math.abs(last[0] - first[0]) > 180) {
    const pole = out.reduce((sum, p) => sum + p[1], 0) < 0 ? -90 : 90;
    out.push([last[0], pole], [first[0], pole]);
  }
  const copies = [out];
  if (hi > 180 + 1e-9) copies.push(out.map(([lon, lat]) => [lon - 360, lat]));
  if (lo < -180 - 1e-9) copies.push(out.map(([lon, lat]) => [lon + 360, lat]));
  return copies;
}

/**
 * Meridians (sampled: they curve) and parallels (straight in a pseudo-cylindrical projection).
 * @param {number} step degrees
 */
function graticule(step) {
  let d = '';
  for (let lon = -180 + step; lon < 180; lon += step) {
    /** @type {LonLat[]} */
    const line = [];
    for (let lat = -90; lat <= 90; lat += 3) line.push([lon, lat]);
    d += 'M' + line.map(xy).join(' ');
  }
  for (let lat = -90 + step; lat < 90; lat += step) d += 'M' + xy([-180, lat]) + ' ' + xy([180, lat]);
  return d;
}

/** The outline of the whole projected globe: the ocean, and the clip for everything else. */
function sphere() {
  /** @type {LonLat[]} */
  const pts = [];
  for (let lat = -90; lat <= 90; lat += 2) pts.push([180, lat]);
  for (let lat = 90; lat >= -90; lat -= 2) pts.push([-180, lat]);
  return 'M' + pts.map(xy).join(' ') + 'Z';
}
