// From an engine result to chart data: the axis column, the series, pivots, and top-N cuts.
// `outlier x` adds these columns; x_lower/x_upper become a band, the rest are not series.
const OUTLIER = ['_upper', '_lower', '_std', '_error', '_indicator', '_violation'];
const PIVOT_MAX = 12;

/** @typedef {import('../ui/types.js').Cell} Cell */
/** @typedef {import('../ui/types.js').QueryResult} QueryResult */
/** @typedef {import('./typedefs.js').Category} Category */
/** @typedef {import('./typedefs.js').Series} Series */
/** @typedef {import('./typedefs.js').BandPoint} BandPoint */
/** @typedef {import('./typedefs.js').ChartModel} ChartModel */

/**
 * Each column's kind, as the engine says it (`result.kinds`, `src/query/kinds.rs`): 'time'
 * (epoch ms), 'number', 'text', 'empty' (only gaps). A column it says nothing of is text.
 * @param {Partial<QueryResult> | null | undefined} result
 * @returns {('time' | 'number' | 'text' | 'empty')[]}
 */
export function columnKinds(result) {
  const { columns = [], kinds = [] } = result || {};
  return columns.map((_, c) => kinds[c] ?? 'text');
}

/**
 * A cell as a category label: empty values get a visible name rather than a blank.
 * @param {Cell | undefined} v
 */
export function labelOf(v) {
  if (v === null || v === undefined || v === '') return '(empty)';
  return String(v);
}

/** @param {Cell | undefined} v */
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * The chart model of a result, or null when nothing in it can be drawn.
 *   xName, xKind ('time' | 'category' | 'none'), categories [{ label, raw, fields }],
 *   series [{ name, values, other?, fields?, band? }], step (time slot, ms),
 *   truncated { shown, total } when categories were cut to the top `maxCategories`,
 *   seriesTruncated { shown, total } when series beyond `maxSeries` were summed into "other",
 *   measures (the numeric column names), rowCount, integer (every value whole).
 * Counts over time get their missing slots as zeros unless `fill` is false.
 * @param {QueryResult | null | undefined} result
 * @param {{ maxCategories?: number, maxSeries?: number, fill?: boolean }} [options]
 * @returns {ChartModel | null}
 */
export function buildModel(result, { maxCategories = 50, maxSeries = 8, fill = true } = {}) {
  if (!result || result.aggregated === false || !result.rows?.length || !result.columns?.length) return null;
  const { columns: cols, rows } = result;
  const kinds = columnKinds(result);
  const texts = kinds.flatMap((k, i) => (k === 'text' ? [i] : []));
  let nums = kinds.flatMap((k, i) => (k === 'number' ? [i] : []));

  /** @type {Map<number, { lower: number, upper: number, violation: number | undefined }>} */
  const bands = new Map();
  const dropped = new Set();
  for (const i of nums) {
    /** @param {string} suffix */
    const find = (suffix) => nums.find((j) => cols[j].toLowerCase() === (cols[i] + suffix).toLowerCase());
    const lower = find('_lower');
    const upper = find('_upper');
    if (lower === undefined || upper === undefined) continue;
    bands.set(i, { lower, upper, violation: find('_violation') });
    for (const sfx of OUTLIER) {
      const j = find(sfx);
      if (j !== undefined) dropped.add(j);
    }
  }
  nums = nums.filter((i) => !dropped.has(i));
  if (!nums.length) return null;

  let xi = kinds.indexOf('time');
  /** @type {ChartModel['xKind']} */
  let xKind = 'time';
  if (xi < 0) {
    xKind = 'category';
    if (texts.length) xi = texts[0];
    // Only numbers: group keys come first in an aggregate (count by status), so the first labels.
    else if (nums.length >= 2 && rows.length > 1) xi = nums.shift();
    else xKind = 'none';
  }
  if (xKind === 'none' && rows.length === 1 && nums.length > 1) return measuresAsCategories(result, nums);

  const dims = texts.filter((i) => i !== xi);
  let pivot = dims.length > 0;
  if (xKind === 'category' && dims.length) {
    // A second key with few values reads as series (stacked); more keys read better joined.
    pivot = dims.length === 1 && new Set(rows.map((r) => labelOf(r[dims[0]]))).size <= PIVOT_MAX;
  }
  const joined = !pivot && dims.length > 0;

  /** @type {Category[]} */
  const cats = [];
  /** @type {Map<Cell, number>} */
  const catAt = new Map();
  /**
   * The series as rows add to them: values by category index, and outlier bands.
   * @type {{ name: string, cells: Map<number, number>, fields: Record<string, Cell> | undefined,
   *   bandCells?: Map<number, BandPoint> }[]}
   */
  const series = [];
  /** @type {Map<string, number>} */
  const seriesAt = new Map();
  /** @param {Cell[]} r @param {number[]} idx @returns {Record<string, Cell>} */
  const fieldsOf = (r, idx) => Object.fromEntries(idx.map((i) => [cols[i], r[i] ?? null]));

  rows.forEach((r, n) => {
    let key;
    let label;
    if (xKind === 'time') {
      if (typeof r[xi] !== 'number') return;
      key = r[xi];
      label = String(key);
    } else if (xKind === 'none') {
      key = n;
      label = `#${n + 1}`;
    } else {
      label = joined ? [xi, ...dims].map((i) => labelOf(r[i])).join(' / ') : labelOf(r[xi]);
      key = label;
    }
    let c = catAt.get(key);
    if (c === undefined) {
      c = cats.length;
      catAt.set(key, c);
      cats.push({
        label,
        raw: xKind === 'none' ? null : (r[xi] ?? null),
        fields: xKind === 'none' ? {} : fieldsOf(r, joined ? [xi, ...dims] : [xi]),
      });
    }
    for (const m of nums) {
      const name = pivot
        ? dims.map((i) => labelOf(r[i])).join(' / ') + (nums.length > 1 ? ` · ${cols[m]}` : '')
        : cols[m];
      let s = seriesAt.get(name);
      if (s === undefined) {
        s = series.length;
        seriesAt.set(name, s);
        series.push({ name, cells: new Map(), fields: pivot ? fieldsOf(r, dims) : undefined });
      }
      const cell = series[s].cells;
      cell.set(c, (cell.get(c) ?? 0) + num(r[m]));
      const b = !pivot && bands.get(m);
      if (b) {
        series[s].bandCells ??= new Map();
        series[s].bandCells.set(c, {
          lower: num(r[b.lower]),
          upper: num(r[b.upper]),
          violation: b.violation !== undefined && num(r[b.violation]) > 0,
        });
      }
    }
  });
  if (!cats.length) return null;

  // Time runs left to right; categories keep the result's order (the query's sort).
  let order = cats.map((_, i) => i);
  if (xKind === 'time') order.sort((a, b) => Number(cats[a].raw) - Number(cats[b].raw));

  /** @type {Series[]} */
  let out = series.map((s) => {
    const values = order.map((c) => s.cells.get(c) ?? 0);
    // A series that never goes negative (a count) cannot be expected to: its band stops at zero.
    const floor = values.every((v) => v >= 0) ? 0 : -Infinity;
    const band =
      s.bandCells &&
      order.map((c) => {
        const b = s.bandCells.get(c);
        return b ? { ...b, lower: Math.max(floor, b.lower) } : null;
      });
    return { name: s.name, fields: s.fields, values, band };
  });
  if (pivot) out.sort((a, b) => total(b.values) - total(a.values));
  let categories = order.map((c) => cats[c]);
  const step = xKind === 'time' ? slotStep(categories.map((c) => Number(c.raw))) : 0;
  const filled = xKind === 'time' && fill ? fillMissingSlots(categories, out, step, cols[xi]) : null;
  if (filled) ({ categories, series: out } = filled);

  let seriesTruncated = null;
  if (out.length > maxSeries) {
    const keep = new Set(
      out
        .map((s, i) => [i, total(s.values)])
        .sort((a, b) => b[1] - a[1])
        .slice(0, maxSeries)
        .map(([i]) => i),
    );
    const rest = out.filter((_, i) => !keep.has(i));
    /** @type {Series} */
    const other = {
      name: `other (${rest.length})`,
      other: true,
      values: categories.map((_, c) => rest.reduce((a, s) => a + s.values[c], 0)),
    };
    seriesTruncated = { shown: maxSeries, total: out.length };
    out = [...out.filter((_, i) => keep.has(i)), other];
  }

  let truncated = null;
  if (xKind !== 'time' && categories.length > maxCategories) {
    const sums = categories.map((_, c) => out.reduce((a, s) => a + Math.abs(s.values[c]), 0));
    const keep = sums
      .map((v, i) => [i, v])
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, maxCategories)
      .map(([i]) => i)
      .sort((a, b) => a - b);
    truncated = { shown: keep.length, total: categories.length };
    categories = keep.map((i) => categories[i]);
    out = out.map((s) => ({ ...s, values: keep.map((i) => s.values[i]), band: s.band && keep.map((i) => s.band[i]) }));
  }

  return {
    xName: xKind === 'none' ? null : cols[xi],
    xKind,
    categories,
    series: out,
    step,
    truncated,
    seriesTruncated,
    measures: nums.map((i) => cols[i]),
    rowCount: rows.length,
    integer: out.every((s) => s.values.every(Number.isInteger)),
  };
}

/**
 * One row of several numbers (count, sum(x) as bytes): each number is a bar.
 * @param {QueryResult} result
 * @param {number[]} nums
 * @returns {ChartModel}
 */
function measuresAsCategories(result, nums) {
  const row = result.rows[0];
  const values = nums.map((i) => num(row[i]));
  return {
    xName: null,
    xKind: 'category',
    categories: nums.map((i) => ({ label: result.columns[i], raw: result.columns[i], fields: {} })),
    series: [{ name: 'value', values }],
    step: 0,
    truncated: null,
    seriesTruncated: null,
    measures: nums.map((i) => result.columns[i]),
    rowCount: 1,
    integer: values.every(Number.isInteger),
  };
}

/** @param {number[]} vs */
const total = (vs) => vs.reduce((a, v) => a + Math.abs(v), 0);

const SEC = 1e3,
  MIN = 60e3,
  HOUR = 3600e3,
  DAY = 86400e3;
// The slices most queries ask for (`timeslice 1h`), largest first.
const COMMON = [DAY, HOUR, 15 * MIN, 5 * MIN, MIN, SEC];
/** @type {(a: number, b: number) => number} */
const gcd = (a, b) => (b ? gcd(b, a % b) : a);

/**
 * The width of one time slot, from sorted slot starts: the greatest common divisor of the gaps,
 * so sparse slots still reveal their grid. A divisor seen as a gap only once (two logins 15 days
 * apart) is no evidence of a 15-day slice: the largest common slice dividing it is taken
 * instead. A lone point gets 1 h.
 * @param {number[]} times
 */
export function slotStep(times) {
  const gaps = [];
  for (let i = 1; i < times.length; i++) if (times[i] > times[i - 1]) gaps.push(times[i] - times[i - 1]);
  if (!gaps.length) return HOUR;
  const g = gaps.reduce(gcd);
  if (gaps.filter((d) => d === g).length >= 2) return g;
  return COMMON.find((s) => g % s === 0) ?? g;
}

const MAX_SLOTS = 10000;

/**
 * Counts over time: a slot without a row had no events, so it is drawn as zero rather than
 * bridged by a line (or left as a gap) that suggests activity nobody logged. Only for series of
 * whole non-negative numbers on a regular grid, and within MAX_SLOTS.
 * @param {Category[]} categories time slots, `raw` epoch ms
 * @param {Series[]} series
 * @param {number} step
 * @param {string} xName
 * @returns {{ categories: Category[], series: Series[] } | null}
 */
function fillMissingSlots(categories, series, step, xName) {
  const n = categories.length;
  if (n < 2 || !(step > 0) || series.some((s) => s.band)) return null;
  if (!series.every((s) => s.values.every((v) => v >= 0 && Number.isInteger(v)))) return null;
  const t0 = Number(categories[0].raw);
  const slots = (Number(categories[n - 1].raw) - t0) / step + 1;
  if (!Number.isInteger(slots) || slots === n || slots > MAX_SLOTS || slots > 50 * n) return null;
  if (categories.some((c) => (Number(c.raw) - t0) % step !== 0)) return null;
  const at = new Map(categories.map((c, i) => [Number(c.raw), i]));
  /** @type {Category[]} */
  const cats = [];
  const idx = [];
  for (let k = 0; k < slots; k++) {
    const t = t0 + k * step;
    const i = at.get(t);
    idx.push(i);
    cats.push(i === undefined ? { label: String(t), raw: t, fields: { [xName]: t } } : categories[i]);
  }
  return {
    categories: cats,
    series: series.map((s) => ({ ...s, values: idx.map((i) => (i === undefined ? 0 : s.values[i])) })),
  };
}

/**
 * Pie slices of a one-series model: biggest first, positive only, the tail beyond `max - 1`
 * summed as "other". `labels` replaces the categories' own (formatted times).
 * @param {ChartModel | null} model
 * @param {number} [max]
 * @param {string[] | null} [labels]
 * @returns {{ slices: { label: string, value: number, fields?: Record<string, Cell>, raw?: Cell,
 *   other?: boolean }[], total: number }}
 */
export function pieSlices(model, max = 10, labels = null) {
  if (!model || model.series.length !== 1) return { slices: [], total: 0 };
  const vals = model.series[0].values;
  /** @type {{ label: string, value: number, fields?: Record<string, Cell>, raw?: Cell, other?: boolean }[]} */
  let slices = model.categories
    .map((c, i) => ({ label: labels?.[i] ?? c.label, value: vals[i], fields: c.fields, raw: c.raw }))
    .filter((s) => s.value > 0)
    .sort((a, b) => b.value - a.value);
  if (slices.length > max) {
    const rest = slices.slice(max - 1);
    slices = [
      ...slices.slice(0, max - 1),
      { label: `other (${rest.length})`, value: rest.reduce((a, s) => a + s.value, 0), other: true },
    ];
  }
  return { slices, total: slices.reduce((a, s) => a + s.value, 0) };
}

/**
 * The big number of a one-row, one-measure result: { label, value, caption, time }.
 * @param {QueryResult | null | undefined} result
 * @returns {{ label: string, value: number | null, caption: string | null, time: Cell } | null}
 */
export function singleValue(result) {
  const m = buildModel(result);
  if (!m || m.rowCount !== 1 || m.measures.length !== 1 || m.series.length !== 1) return null;
  const value = result.rows[0][result.columns.indexOf(m.measures[0])];
  return {
    label: m.measures[0],
    value: typeof value === 'number' ? value : null,
    // What the number is about, when the row has a key: `eventName: ConsoleLogin`, or a time.
    caption: m.xKind === 'category' && m.xName ? `${m.xName}: ${m.categories[0].label}` : null,
    time: m.xKind === 'time' ? m.categories[0].raw : null,
  };
}

/**
 * Stacked extents per series and point: positives pile up from zero, negatives pile down, so a
 * negative value never hides a positive one. Unstacked, each value stands on zero.
 * @param {number[][]} seriesValues
 * @param {boolean} [stacked]
 * @returns {[number, number, number][][]} per series and point: [from, to, value]
 */
export function stack(seriesValues, stacked = true) {
  const n = seriesValues[0]?.length ?? 0;
  const pos = new Array(n).fill(0);
  const neg = new Array(n).fill(0);
  return seriesValues.map((vals) =>
    vals.map(
      /** @returns {[number, number, number]} */
      (v, i) => {
        if (!stacked) return [Math.min(0, v), Math.max(0, v), v];
        if (v >= 0) {
          const y0 = pos[i];
          pos[i] += v;
          return [y0, pos[i], v];
        }
        const y0 = neg[i];
        neg[i] += v;
        return [neg[i], y0, v];
      },
    ),
  );
}

/**
 * `stack` over the values of `model`'s series.
 * @param {ChartModel} model
 * @param {boolean} stacked
 */
export function stackSeries(model, stacked) {
  return stack(
    model.series.map((s) => s.values),
    stacked,
  );
}

/**
 * The lowest and highest values a chart must show, including zero and outlier bands.
 * @param {ChartModel} model
 * @param {boolean} stacked
 * @returns {[number, number]}
 */
export function extent(model, stacked) {
  let lo = 0;
  let hi = 0;
  for (const col of stackSeries(model, stacked)) {
    for (const [a, b] of col) {
      if (a < lo) lo = a;
      if (b > hi) hi = b;
    }
  }
  for (const s of model.series) {
    for (const b of s.band ?? [])
      if (b) {
        lo = Math.min(lo, b.lower);
        hi = Math.max(hi, b.upper);
      }
  }
  return [lo, hi];
}

/**
 * Index ranges [from, to] of unbroken runs of time slots. Slots missing from a regular series
 * (no row for them) break the line rather than draw a slope across hours nobody measured; an
 * irregular series (mostly uneven gaps) stays one run.
 * @param {number[]} times
 * @param {number} step
 * @returns {[number, number][]}
 */
export function runs(times, step) {
  const n = times.length;
  if (n < 2 || !(step > 0)) return n ? [[0, n - 1]] : [];
  let regular = 0;
  for (let i = 1; i < n; i++) if (times[i] - times[i - 1] === step) regular++;
  if (regular < 0.8 * (n - 1)) return [[0, n - 1]];
  /** @type {[number, number][]} */
  const out = [];
  let from = 0;
  for (let i = 1; i < n; i++) {
    if (times[i] - times[i - 1] > step * 1.5) {
      out.push([from, i - 1]);
      from = i;
    }
  }
  out.push([from, n - 1]);
  return out;
}
