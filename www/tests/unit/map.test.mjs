// The login map's DOM-free logic: grouping, column detection, projection, zoom math, outlines.

import { test } from 'node:test';
import assert from 'node:assert/strict';
// index.js re-exports these but also imports map.css, which node cannot load.
import { hasGeo, mapPoints, detectColumns, outcome, placeName, countText } from '../../src/map/points.js';
import { project, invert, WORLD_W, WORLD_H, HOME_BOUNDS } from '../../src/map/projection.js';
import {
  homeView,
  transformOf,
  toScreen,
  toWorld,
  zoomAt,
  panBy,
  clampView,
  fitScale,
  interpolate,
  wheelFactor,
  MAX_ZOOM,
} from '../../src/map/zoom.js';
import { radiusScale, slices, wedgePath, MIN_RADIUS, MAX_RADIUS, MIN_SLICE } from '../../src/map/marker.js';
import { roundCount } from '../../src/map/legend.js';
import { worldPaths, unwrap } from '../../src/map/world.js';

const close = (a, b, eps = 1e-6, msg) => assert.ok(Math.abs(a - b) <= eps, `${msg || ''} ${a} ≉ ${b}`);

// -- points -----------------------------------------------------------------------------------

const LOGINS = {
  columns: ['sourceIPAddress', 'User', 'LoginResult', '_count', 'Latitude', 'LONGITUDE', 'country_code', 'city'],
  rows: [
    ['1.1.1.1', 'alice', 'Success', 10, 50.11, 8.68, 'DE', 'Frankfurt'],
    ['1.1.1.2', 'bob', 'Success', 5, 50.11, 8.68, 'DE', 'Frankfurt'],
    ['1.1.1.1', 'alice', 'Failure', 1, 50.11, 8.68, 'DE', 'Frankfurt'],
    ['9.9.9.9', 'root', 'Failure', 3, 40.71, -74.01, 'US', 'New York'],
    ['10.0.0.1', 'svc', 'Success', 7, null, null, null, null],
    ['10.0.0.2', 'svc', 'Success', 2, 'n/a', 12, null, null],
    ['10.0.0.3', 'svc', 'Success', 2, 95, 12, null, null],
    ['5.5.5.5', 'eve', null, 1, '-23.55', '-46.63', 'BR', 'São Paulo'],
    ['6.6.6.6', 'mallory', 'Failure', 1, 1.5, 2.5, null, 'Nowhere'],
    ['6.6.6.6', 'mallory', '', 1, 1.5, 2.5, null, 'Nowhere'],
  ],
  aggregated: true,
};

test('hasGeo needs both latitude and longitude, in any case', () => {
  assert.equal(hasGeo(LOGINS), true);
  assert.equal(hasGeo({ columns: ['LATITUDE', 'longitude'], rows: [] }), true);
  assert.equal(hasGeo({ columns: ['latitude', 'lon'], rows: [] }), false);
  assert.equal(hasGeo({ columns: [], rows: [] }), false);
  assert.equal(hasGeo(null), false);
});

test('columns are found case-insensitively, by the first candidate present; times by their kind', () => {
  const c = detectColumns(
    ['Status', 'loginStatus', 'userIdentity.arn', 'USER_NAME', 'client_ip', 'src_ip', '_messagetime', 'when'],
    ['text', 'text', 'text', 'text', 'text', 'text', 'time', 'number'],
  );
  assert.equal(c.result, 1, 'loginstatus comes before status');
  assert.equal(c.user, 3, 'user_name comes before useridentity.arn');
  assert.equal(c.ip, 5, 'src_ip comes before client_ip');
  assert.deepEqual(c.times, [6]);
  assert.equal(c.count, -1);
  assert.equal(detectColumns(['consolelogin', 'result']).result, 0);
  // A column is a time because the engine says so, not by its name.
  assert.deepEqual(detectColumns(['_messagetime', 'x'], ['number', 'time']).times, [1]);
  assert.deepEqual(detectColumns(['_timeslice']).times, []);
});

test('rows group by (lat, lon); _count weights them; bad coordinates are skipped and counted', () => {
  const pts = mapPoints(LOGINS);
  assert.equal(pts.length, 4);
  assert.equal(pts.skipped, 3);
  assert.equal(pts.skippedCount, 11);
  const [fra, ny, nowhere, sp] = pts;
  assert.equal(nowhere.status, 'mixed', 'failures with rows of no result are mixed, not all failure');
  assert.deepEqual([nowhere.failure, nowhere.other], [1, 1]);
  assert.equal(fra.city, 'Frankfurt');
  assert.equal(fra.count, 16);
  assert.deepEqual(fra.results, { Success: 15, Failure: 1 });
  assert.deepEqual(fra.users, [
    { name: 'alice', count: 11 },
    { name: 'bob', count: 5 },
  ]);
  assert.deepEqual(fra.ips, ['1.1.1.1', '1.1.1.2']);
  assert.deepEqual(fra.rows, [0, 1, 2]);
  assert.equal(fra.status, 'mixed');
  assert.equal(ny.status, 'failure');
  assert.equal(ny.count, 3);
  assert.equal(ny.country_code, 'US');
  assert.equal(ny.country_name, '', 'a missing column reads as empty');
  // Coordinates given as text still place the point.
  assert.equal(sp.lat, -23.55);
  assert.equal(sp.lon, -46.63);
  assert.equal(sp.status, 'unknown');
  assert.deepEqual(sp.results, {});
});

test('without _count every row counts once', () => {
  const pts = mapPoints({
    columns: ['latitude', 'longitude', 'result'],
    rows: [
      [1, 2, 'Success'],
      [1, 2, 'Success'],
      [3, 4, 'failed'],
    ],
  });
  assert.deepEqual(
    pts.map((p) => p.count),
    [2, 1],
  );
  assert.deepEqual(
    pts.map((p) => p.status),
    ['success', 'failure'],
  );
  assert.equal(pts.skipped, 0);
  assert.equal(pts.hasResult, true);
});

test('points come biggest first, so small ones are drawn on top', () => {
  const pts = mapPoints({
    columns: ['latitude', 'longitude', '_count'],
    rows: [
      [1, 1, 1],
      [2, 2, 50],
      [3, 3, 7],
    ],
  });
  assert.deepEqual(
    pts.map((p) => p.count),
    [50, 7, 1],
  );
  assert.equal(pts.hasResult, false);
});

test('time columns give each point its first and last time', () => {
  const pts = mapPoints({
    columns: ['latitude', 'longitude', '_timeslice'],
    kinds: ['number', 'number', 'time'],
    rows: [
      [1, 1, 3000],
      [1, 1, 1000],
      [1, 1, null],
    ],
  });
  assert.equal(pts[0].first, 1000);
  assert.equal(pts[0].last, 3000);
});

test('login result values read as success, failure or other', () => {
  assert.equal(outcome('Success'), 'success');
  assert.equal(outcome('FAILURE'), 'failure');
  assert.equal(outcome('Failed'), 'failure');
  assert.equal(outcome('MFA required'), 'other');
});

test('a place is named by what is known of it', () => {
  assert.equal(
    placeName({ city: 'Berlin', region: 'Berlin', country_name: 'Germany', lat: 0, lon: 0 }),
    'Berlin, Germany',
  );
  assert.equal(placeName({ city: '', region: 'Hesse', country_code: 'DE', lat: 0, lon: 0 }), 'Hesse, DE');
  assert.equal(placeName({ city: '', region: '', lat: -33.5, lon: -70.25 }), '33.50°S 70.25°W');
});

// -- projection -------------------------------------------------------------------------------

test('projection: (0, 0) is the centre, ±180° on the equator are the edges, the poles are the top and bottom', () => {
  const [cx, cy] = project(0, 0);
  close(cx, WORLD_W / 2);
  close(cy, WORLD_H / 2);
  close(project(180, 0)[0], WORLD_W);
  close(project(-180, 0)[0], 0);
  close(project(0, 90)[1], 0);
  close(project(0, -90)[1], WORLD_H);
  // Natural Earth's proportions: the pole line sits at y = 0.52·π·0.8707, so height / width = 0.52.
  close(WORLD_H / WORLD_W, 0.52, 0.0002);
});

test('projection: north is up, east is right, meridians bend inwards towards the poles', () => {
  const [bx, by] = project(13.4, 52.5);
  assert.ok(bx > WORLD_W / 2 && by < WORLD_H / 2);
  assert.ok(project(180, 60)[0] < project(180, 0)[0]);
});

test('projection: shape matches the published polynomials at 60° and 45°', () => {
  // Values worked out separately from Šavrič et al.'s coefficients.
  const parallel60 = (project(180, 60)[0] - WORLD_W / 2) / (WORLD_W / 2);
  close(parallel60, 0.818907, 1e-6, 'length of the 60° parallel relative to the equator');
  const y45 = (WORLD_H / 2 - project(0, 45)[1]) / (WORLD_H / 2);
  close(y45, 0.557548, 1e-6, 'height of 45° relative to the pole line');
});

test('projection: invert undoes project', () => {
  for (const [lon, lat] of [
    [0, 0],
    [8.68, 50.11],
    [-74.01, 40.71],
    [139.69, 35.69],
    [-46.63, -23.55],
    [179.9, -85],
  ]) {
    const [lo, la] = invert(...project(lon, lat));
    close(lo, lon, 1e-6, 'lon');
    close(la, lat, 1e-6, 'lat');
  }
});

test('the home view leaves out Antarctica but keeps Greenland', () => {
  assert.ok(project(0, -70)[1] > HOME_BOUNDS.y1);
  assert.ok(project(0, 83)[1] > HOME_BOUNDS.y0);
});

// -- zoom -------------------------------------------------------------------------------------

const SIZE = { width: 1000, height: 400 };
const HOME = { x0: 0, y0: 0, x1: 1000, y1: 500 };
const LIMITS = HOME;

test('zoom 1 fits the home bounds into the viewport, centred', () => {
  assert.equal(fitScale(1000, 400, HOME), 0.8);
  const t = transformOf(homeView(HOME), SIZE, HOME);
  assert.deepEqual(toScreen(t, [500, 250]), [500, 200]);
  assert.deepEqual(toWorld(t, [500, 200]), [500, 250]);
});

test('zooming keeps the world point under the cursor still', () => {
  const v0 = homeView(HOME);
  const cursor = [200, 100];
  const before = toWorld(transformOf(v0, SIZE, HOME), cursor);
  const v1 = zoomAt(v0, 3, cursor, SIZE, HOME, LIMITS);
  assert.equal(v1.z, 3);
  const after = toScreen(transformOf(v1, SIZE, HOME), before);
  close(after[0], cursor[0]);
  close(after[1], cursor[1]);
});

test('zoom stays between 1 and the maximum; the centre stays inside the limits', () => {
  const v = homeView(HOME);
  assert.equal(zoomAt(v, 0.1, [500, 200], SIZE, HOME, LIMITS).z, 1);
  assert.equal(zoomAt(v, 1e6, [500, 200], SIZE, HOME, LIMITS).z, MAX_ZOOM);
  // At zoom 2 (1.6 px per unit) the viewport spans 625 × 250 units: the centre keeps half of that from the edges.
  assert.deepEqual(clampView({ z: 2, cx: -50, cy: 900 }, SIZE, HOME, LIMITS), { z: 2, cx: 312.5, cy: 375 });
});

test('along an axis where the whole world fits, the map stays centred', () => {
  // 1000 × 400 px at zoom 1 shows 1250 × 500 units: wider than the world, exactly its height.
  const v = clampView({ z: 1, cx: 100, cy: 100 }, SIZE, HOME, LIMITS);
  assert.deepEqual(v, { z: 1, cx: 500, cy: 250 });
  assert.deepEqual(panBy(homeView(HOME), 300, 300, SIZE, HOME, LIMITS), homeView(HOME));
});

test('dragging moves the map with the pointer, less in world units when zoomed in', () => {
  const v = { z: 2, cx: 500, cy: 250 };
  const moved = panBy(v, 160, -80, SIZE, HOME, LIMITS);
  // Scale is 0.8 * 2 = 1.6 px per unit: 160 px right is 100 units, so the centre moves left.
  assert.deepEqual(moved, { z: 2, cx: 400, cy: 300 });
});

test('interpolation moves zoom geometrically and the centre linearly', () => {
  const mid = interpolate({ z: 1, cx: 0, cy: 0 }, { z: 4, cx: 100, cy: 50 }, 0.5);
  close(mid.z, 2);
  assert.equal(mid.cx, 50);
  assert.equal(mid.cy, 25);
});

test('wheel: scrolling up zooms in, down zooms out, by lines or pixels', () => {
  assert.ok(wheelFactor(-100, 0, false) > 1);
  assert.ok(wheelFactor(100, 0, false) < 1);
  close(wheelFactor(3, 1, false), wheelFactor(48, 0, false));
  close(wheelFactor(-400, 0, false), 2);
});

// -- markers ----------------------------------------------------------------------------------

test('point area is proportional to count, with a floor and a ceiling', () => {
  const r = radiusScale(400);
  assert.equal(r(400), MAX_RADIUS);
  close(r(100), MAX_RADIUS / 2);
  assert.equal(r(1), MIN_RADIUS);
  assert.equal(r(0), MIN_RADIUS);
  assert.equal(radiusScale(0)(0), MIN_RADIUS);
});

test('pie slices cover the circle in order, and a tiny share stays visible', () => {
  const sl = slices({ success: 573, failure: 2, other: 0 });
  assert.deepEqual(
    sl.map((x) => x.kind),
    ['success', 'failure'],
  );
  close(sl[1].to - sl[1].from, MIN_SLICE);
  close(sl[sl.length - 1].to, 2 * Math.PI);
  const half = slices({ success: 1, failure: 1 });
  close(half[0].to, Math.PI);
  assert.deepEqual(slices({}), []);
  assert.equal(slices({ failure: 3 }).length, 1);
});

test("wedge paths start at 12 o'clock and use the large arc only past half a turn", () => {
  assert.equal(wedgePath(10, 0, Math.PI / 2), 'M0 0L0 -10A10 10 0 0 1 10 0Z');
  assert.match(wedgePath(10, 0, 1.5 * Math.PI), /A10 10 0 1 1 /);
});

test('the size key uses a round count', () => {
  assert.equal(roundCount(143.75), 100);
  assert.equal(roundCount(260), 200);
  assert.equal(roundCount(7), 5);
  assert.equal(roundCount(0.5), 1);
});

// -- outlines ---------------------------------------------------------------------------------

/** Longest horizontal jump between consecutive points of a path string. */
function longestJump(d, skipY) {
  let max = 0;
  for (const part of d.split('M').slice(1)) {
    const n = part.replace(/Z/g, '').trim().split(/\s+/).map(Number);
    for (let i = 2; i < n.length; i += 2) {
      if (skipY !== undefined && n[i + 1] === skipY && n[i - 1] === skipY) continue;
      max = Math.max(max, Math.abs(n[i] - n[i - 2]));
    }
  }
  return max;
}

test('outlines never streak across the map at the antimeridian', () => {
  const w = worldPaths();
  assert.ok(w.land.length > 50000, 'the countries are there');
  // Only Antarctica's closing edge along the south pole line may run far.
  assert.ok(longestJump(w.land, Math.round(WORLD_H * 100) / 100) < 60, 'land');
  assert.ok(longestJump(w.coast) < 60, 'coast');
  assert.ok(longestJump(w.borders) < 60, 'borders');
  assert.equal(worldPaths(), w, 'built once');
});

test('a ring crossing ±180° is made continuous and drawn twice', () => {
  const fiji = [
    [179, -16],
    [-179, -16],
    [-179, -17],
    [179, -17],
    [179, -16],
  ];
  const copies = unwrap(fiji, true);
  assert.equal(copies.length, 2);
  assert.deepEqual(
    copies[0].map((p) => p[0]),
    [179, 181, 181, 179, 179],
  );
  assert.deepEqual(
    copies[1].map((p) => p[0]),
    [-181, -179, -179, -181, -181],
  );
  // A ring that circles the pole is closed along the pole line.
  const polar = [
    [-180, -80],
    [-60, -75],
    [60, -75],
    [180, -80],
  ];
  const out = unwrap(polar, true)[0];
  assert.deepEqual(out.slice(-2), [
    [180, -90],
    [-180, -90],
  ]);
});

test('counts read naturally in the singular and plural', () => {
  assert.equal(countText(1, 'logins'), '1 login');
  assert.equal(countText(1200, 'logins'), '1,200 logins');
  assert.equal(countText(0, 'events'), '0 events');
});
