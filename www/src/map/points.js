// Result rows -> map points: column detection, then rows grouped by (latitude, longitude).

/** @typedef {import('./types.js').MapPoint} MapPoint */
/** @typedef {import('./types.js').MapPoints} MapPoints */
/** @typedef {import('../ui/types.js').QueryResult} QueryResult */
/** @typedef {import('../ui/types.js').Cell} Cell */

// Candidate column names, in order of preference (compared lower-cased).
export const COLUMN_CANDIDATES = {
  lat: ['latitude'],
  lon: ['longitude'],
  count: ['_count'],
  result: ['loginresult', 'login_result', 'consolelogin', 'result', 'loginstatus', 'status'],
  user: ['user', 'username', 'user_name', 'useridentity.username', 'arn', 'useridentity.arn'],
  ip: ['sourceipaddress', 'ip', 'src_ip', 'client_ip'],
  city: ['city'],
  region: ['region'],
  country_code: ['country_code'],
  country_name: ['country_name'],
};

/**
 * Index of each role's column in `columns` (-1 when absent), plus `times`: every column the
 * engine says is a time (`kinds`, one per column: `result.kinds`).
 * @param {string[] | null | undefined} columns
 * @param {import('../engine/protocol.js').ColumnKind[] | null | undefined} [kinds]
 * @returns {Record<keyof typeof COLUMN_CANDIDATES, number> & { times: number[] }}
 */
export function detectColumns(columns, kinds) {
  const lower = (columns || []).map((c) => String(c).toLowerCase());
  const found = /** @type {Record<keyof typeof COLUMN_CANDIDATES, number> & { times: number[] }} */ ({});
  for (const [role, names] of Object.entries(COLUMN_CANDIDATES)) {
    found[role] = -1;
    for (const name of names) {
      const i = lower.indexOf(name);
      if (i >= 0) {
        found[role] = i;
        break;
      }
    }
  }
  found.times = (kinds || []).flatMap((k, i) => (k === 'time' ? [i] : []));
  return found;
}

/**
 * True when the result has latitude and longitude columns (any case).
 * @param {QueryResult | null | undefined} result
 */
export function hasGeo(result) {
  const cols = detectColumns(result && result.columns);
  return cols.lat >= 0 && cols.lon >= 0;
}

/**
 * How a login result value reads: 'success', 'failure' or 'other'.
 * @param {unknown} value
 * @returns {'success' | 'failure' | 'other'}
 */
export function outcome(value) {
  const v = String(value).trim().toLowerCase();
  if (['success', 'succeeded', 'successful', 'ok', 'true', 'allowed', 'pass', 'passed'].includes(v)) return 'success';
  if (['failure', 'failed', 'fail', 'false', 'denied', 'error', 'rejected'].includes(v)) return 'failure';
  return 'other';
}

/** @param {Cell | undefined} v */
const text = (v) => (v === null || v === undefined ? '' : String(v));

/** @param {Cell | undefined} v @param {number} limit */
function coordinate(v, limit) {
  if (v === null || v === undefined || v === '' || typeof v === 'boolean') return null;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : null;
}

/**
 * Adds `n` to `map[key]` (a Map keeps first-seen order for ties).
 * @param {Map<string, number>} map
 * @param {string} key
 * @param {number} n
 */
function bump(map, key, n) {
  map.set(key, (map.get(key) || 0) + n);
}

/** @param {Map<string, number>} m */
const byCount = (m) => [...m].sort((a, b) => b[1] - a[1]);

/**
 * One point per distinct (lat, lon), biggest first. Each: lat, lon, count, city, region,
 * country_code, country_name, results ({value: count}), success, failure, other (counts by
 * outcome; rows without a result count as other), status ('success' | 'failure' | 'mixed' |
 * 'unknown'), users ([{name, count}]), ips (by count), rows (row indices), first/last (epoch ms,
 * when the result has a time column). The array has `skipped` (rows without a usable location),
 * `skippedCount` (their count) and `hasResult` (a login result column was found).
 * @param {QueryResult | null | undefined} result
 * @returns {MapPoints}
 */
export function mapPoints(result) {
  const cols = detectColumns(result && result.columns, result && result.kinds);
  const rows = (result && result.rows) || [];
  /**
   * The points as rows add to them: counts by result value, user and address still in Maps.
   * @type {Map<string, Omit<MapPoint, 'results' | 'users' | 'ips' | 'status'> & { results: Map<string, number>,
   *   users: Map<string, number>, ips: Map<string, number> }>}
   */
  const groups = new Map();
  let skipped = 0,
    skippedCount = 0;
  rows.forEach((row, index) => {
    // _count weights the row; a missing or broken one counts the row once.
    let n = 1;
    if (cols.count >= 0) {
      const c = Number(row[cols.count]);
      n = row[cols.count] !== null && Number.isFinite(c) && c >= 0 ? c : 1;
    }
    const lat = cols.lat >= 0 ? coordinate(row[cols.lat], 90) : null;
    const lon = cols.lon >= 0 ? coordinate(row[cols.lon], 180) : null;
    if (lat === null || lon === null) {
      skipped++;
      skippedCount += n;
      return;
    }
    const key = lat + ',' + lon;
    let g = groups.get(key);
    if (!g) {
      g = {
        lat,
        lon,
        count: 0,
        city: '',
        region: '',
        country_code: '',
        country_name: '',
        results: new Map(),
        users: new Map(),
        ips: new Map(),
        rows: [],
        first: null,
        last: null,
        success: 0,
        failure: 0,
        other: 0,
      };
      groups.set(key, g);
    }
    g.count += n;
    g.rows.push(index);
    for (const field of ['city', 'region', 'country_code', 'country_name']) {
      if (!g[field] && cols[field] >= 0) g[field] = text(row[cols[field]]);
    }
    const res = cols.result >= 0 ? text(row[cols.result]) : '';
    if (res) bump(g.results, res, n);
    g[res ? outcome(res) : 'other'] += n;
    if (cols.user >= 0 && text(row[cols.user])) bump(g.users, text(row[cols.user]), n);
    if (cols.ip >= 0 && text(row[cols.ip])) bump(g.ips, text(row[cols.ip]), n);
    for (const t of cols.times) {
      const ms = Number(row[t]);
      if (row[t] === null || !Number.isFinite(ms)) continue;
      if (g.first === null || ms < g.first) g.first = ms;
      if (g.last === null || ms > g.last) g.last = ms;
    }
  });
  const points = [...groups.values()].map((g) => ({
    ...g,
    results: Object.fromEntries(byCount(g.results)),
    users: byCount(g.users).map(([name, count]) => ({ name, count })),
    ips: byCount(g.ips).map(([ip]) => ip),
    status: status(g),
  }));
  points.sort((a, b) => b.count - a.count || a.lat - b.lat || a.lon - b.lon);
  return Object.assign(points, { skipped, skippedCount, hasResult: cols.result >= 0 });
}

/**
 * @param {{ success: number, failure: number, other: number }} counts
 * @returns {MapPoint['status']}
 */
function status({ success, failure, other }) {
  if (success && !failure && !other) return 'success';
  if (failure && !success && !other) return 'failure';
  if (success || failure) return 'mixed';
  return 'unknown';
}

/**
 * A place's name for people: city, region and country as far as known, else its coordinates.
 * @param {Pick<MapPoint, 'lat' | 'lon' | 'city' | 'region' | 'country_code' | 'country_name'>} p
 */
export function placeName(p) {
  const country = p.country_name || p.country_code;
  const parts = [p.city, p.city ? '' : p.region, country].filter(Boolean);
  if (parts.length) return parts.join(', ');
  const ns = p.lat >= 0 ? 'N' : 'S',
    ew = p.lon >= 0 ? 'E' : 'W';
  return `${Math.abs(p.lat).toFixed(2)}°${ns} ${Math.abs(p.lon).toFixed(2)}°${ew}`;
}

/**
 * "login" for one, "logins" otherwise: `unit` is the plural.
 * @param {number} n
 * @param {string} [unit]
 */
export function unitWord(n, unit = 'logins') {
  return n === 1 ? unit.replace(/s$/, '') : unit;
}

/**
 * "1 login", "1,200 logins".
 * @param {number} n
 * @param {string} [unit]
 */
export function countText(n, unit = 'logins') {
  return `${n.toLocaleString('en-US')} ${unitWord(n, unit)}`;
}
