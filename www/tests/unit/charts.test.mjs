// Charts' pure logic: number and time text, scales, the result-to-series mapping, chart type choice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ellipsize,
  formatExact,
  formatNumber,
  formatPercent,
  formatSlot,
  formatTimeTick,
} from '../../src/charts/format.js';
import { bands, linear, niceTicks, timeTicks } from '../../src/charts/scale.js';
import {
  buildModel,
  columnKinds,
  extent,
  pieSlices,
  runs,
  singleValue,
  slotStep,
  stack,
} from '../../src/charts/data.js';
import { chartTypes, suggestChart } from '../../src/charts/types.js';
import { seriesClasses } from '../../src/charts/colors.js';
import { cleanBuckets, snapToBuckets } from '../../src/charts/buckets.js';

const H = 3600e3;
const DAY = 86400e3;
const T0 = Date.UTC(2024, 8, 14); // 2024-09-14 00:00 UTC
// A hand-written aggregate result with the kinds the engine would give it (src/query/kinds.rs,
// whose tests hold the rule): number/time when every non-gap cell is a finite number.
const GAPS = new Set(['NaN', 'inf', '-inf', 'Infinity', '-Infinity']);
const TIMES = new Set(['_timeslice', '_messagetime', '_receipttime']);
const kindOf = (name, rows, c) => {
  const cells = rows.map((r) => r[c]).filter((v) => v !== null && v !== undefined && !GAPS.has(v));
  if (!cells.length) return 'empty';
  if (!cells.every((v) => typeof v === 'number')) return 'text';
  return TIMES.has(name.toLowerCase()) ? 'time' : 'number';
};
const agg = (columns, rows) => ({ columns, rows, aggregated: true, kinds: columns.map((n, c) => kindOf(n, rows, c)) });

test('compact numbers for axes', () => {
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(950), '950');
  assert.equal(formatNumber(1200), '1.2k');
  assert.equal(formatNumber(1250), '1.25k');
  assert.equal(formatNumber(12500), '12.5k');
  assert.equal(formatNumber(3.4e6), '3.4M');
  assert.equal(formatNumber(2e9), '2B');
  assert.equal(formatNumber(-4500), '-4.5k');
  assert.equal(formatNumber(0.25), '0.25');
  assert.equal(formatNumber(0.1 + 0.2), '0.3');
  assert.equal(formatNumber(999.7), '1k'); // rounding carries into the next unit
  assert.equal(formatNumber(999999), '1M');
  assert.equal(formatNumber(null), '');
});

test('exact numbers and shares for tooltips', () => {
  assert.equal(formatExact(1234567), '1,234,567');
  assert.equal(formatExact(0.1234567), '0.123457');
  assert.equal(formatExact(null), '–');
  assert.equal(formatPercent(1, 3), '33%');
  assert.equal(formatPercent(1, 40), '2.5%');
  assert.equal(formatPercent(1, 5000), '<0.1%');
  assert.equal(formatPercent(1, 0), '');
});

test('ellipsize cuts by code points and marks the cut', () => {
  assert.equal(ellipsize('short', 10), 'short');
  assert.equal(ellipsize('aws-cli/2.15.0 Python/3.11', 10), 'aws-cli/2…');
  assert.equal(ellipsize('😀😀😀😀', 3), '😀😀…');
  assert.equal(ellipsize(null, 3), '');
});

test('time tick labels follow the step, with dates at midnight', () => {
  assert.equal(formatTimeTick(T0 + 6 * H, 6 * H), '06:00');
  assert.equal(formatTimeTick(T0, 6 * H), '09-14');
  assert.equal(formatTimeTick(T0, DAY), '09-14');
  assert.equal(formatTimeTick(T0 + 30e3, 10e3), '00:00:30');
  assert.equal(formatTimeTick(Date.UTC(2024, 9, 1), 31 * DAY), '2024-10');
  assert.equal(formatSlot(T0 + 10 * H, H), '2024-09-14 10:00 – 11:00');
  assert.equal(formatSlot(T0, DAY), '2024-09-14');
  assert.equal(formatSlot(T0 + 23 * H, 2 * H), '2024-09-14 23:00 – 2024-09-15 01:00');
});

test('niceTicks covers the data with round steps', () => {
  assert.deepEqual(niceTicks(0, 87, 5), { min: 0, max: 100, step: 20, ticks: [0, 20, 40, 60, 80, 100] });
  assert.deepEqual(niceTicks(0, 3, 5, { integer: true }).ticks, [0, 1, 2, 3]);
  assert.deepEqual(niceTicks(0, 1, 4).ticks, [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(niceTicks(0, 0, 5).ticks.slice(0, 2), [0, 0.2]); // an all-zero chart still has an axis
  const neg = niceTicks(-30, 70, 5);
  assert.ok(neg.min <= -30 && neg.max >= 70 && neg.ticks.includes(0));
  assert.deepEqual(niceTicks(0, 0.3, 3).ticks, [0, 0.1, 0.2, 0.3]); // no 0.30000000000000004
});

test('linear scales map and invert; bands split a range', () => {
  const x = linear([0, 10], [100, 200]);
  assert.equal(x(5), 150);
  assert.equal(x.invert(175), 7.5);
  const b = bands(4, [0, 100], { inner: 0.2, outer: 0 });
  assert.equal(b.at(0), 0);
  assert.ok(Math.abs(b.at(3) + b.width - 100) < 1e-9);
  assert.equal(b.index(b.at(2) + 1), 2);
  assert.ok(b.index(-50) < 0);
});

test('timeTicks land on calendar boundaries', () => {
  const hourly = timeTicks(T0 + 17 * 60e3, T0 + DAY, 8);
  assert.equal(hourly.step, 3 * H);
  assert.equal(hourly.ticks[0], T0 + 3 * H);
  assert.ok(hourly.ticks.every((t) => t % (3 * H) === 0));
  const weekly = timeTicks(T0, T0 + 60 * DAY, 9);
  assert.equal(weekly.step, 7 * DAY);
  assert.ok(weekly.ticks.every((t) => new Date(t).getUTCDay() === 1)); // Mondays
  const monthly = timeTicks(Date.UTC(2024, 0, 10), Date.UTC(2024, 11, 31), 6);
  assert.ok(monthly.ticks.every((t) => new Date(t).getUTCDate() === 1));
  assert.ok(monthly.ticks.length <= 6 && monthly.ticks.length >= 3);
});

test("column kinds are the engine's; a column it says nothing of is text", () => {
  const r = {
    columns: ['_timeslice', 'user', '_count', 'blank'],
    rows: [],
    kinds: ['time', 'text', 'number', 'empty'],
  };
  assert.deepEqual(columnKinds(r), ['time', 'text', 'number', 'empty']);
  assert.deepEqual(columnKinds({ columns: ['a', 'b'], rows: [], kinds: ['number'] }), ['number', 'text']);
  assert.deepEqual(columnKinds(null), []);
});

test('count by eventName: categories in result order, one series', () => {
  const m = buildModel(
    agg(
      ['eventName', '_count'],
      [
        ['GetObject', 1936],
        ['AssumeRole', 1685],
        [null, 2],
      ],
    ),
  );
  assert.equal(m.xName, 'eventName');
  assert.equal(m.xKind, 'category');
  assert.deepEqual(
    m.categories.map((c) => c.label),
    ['GetObject', 'AssumeRole', '(empty)'],
  );
  assert.deepEqual(
    m.series.map((s) => s.name),
    ['_count'],
  );
  assert.deepEqual(m.series[0].values, [1936, 1685, 2]);
  assert.deepEqual(m.categories[0].fields, { eventName: 'GetObject' });
  assert.equal(m.truncated, null);
});

test('a time axis is sorted oldest first and gets its slot width', () => {
  const m = buildModel(
    agg(
      ['_timeslice', '_count'],
      [
        [T0 + 2 * H, 5],
        [T0, 1],
        [T0 + H, 3],
      ],
    ),
  );
  assert.equal(m.xKind, 'time');
  assert.deepEqual(
    m.categories.map((c) => c.raw),
    [T0, T0 + H, T0 + 2 * H],
  );
  assert.deepEqual(m.series[0].values, [1, 3, 5]);
  assert.equal(m.step, H);
});

test('slot width: the grid of the slots, even when most are missing', () => {
  assert.equal(slotStep([T0, T0 + 3 * H, T0 + 4 * H, T0 + 9 * H]), H);
  assert.equal(slotStep([T0, T0 + 15 * DAY]), DAY); // two points: a day grid, not a 15-day slice
  assert.equal(slotStep([T0, T0 + 90 * 60e3, T0 + 180 * 60e3]), 90 * 60e3); // timeslice 90m, seen twice
  assert.equal(slotStep([T0]), H);
});

test('counts over time: missing slots are zero, not bridged', () => {
  const m = buildModel(
    agg(
      ['_timeslice', 'Failure', 'Success'],
      [
        [T0 + 3 * H, null, 2],
        [T0, 1, 1],
      ],
    ),
  );
  assert.equal(m.step, H);
  assert.deepEqual(
    m.categories.map((c) => c.raw),
    [T0, T0 + H, T0 + 2 * H, T0 + 3 * H],
  );
  assert.deepEqual(m.series[1].values, [1, 0, 0, 2]);
  assert.deepEqual(m.categories[1].fields, { _timeslice: T0 + H });
  const avg = buildModel(
    agg(
      ['_timeslice', 'avg'],
      [
        [T0, 1.5],
        [T0 + 3 * H, 2.5],
      ],
    ),
  );
  assert.equal(avg.categories.length, 2); // an average of nothing is not zero: left as a gap
  assert.equal(
    buildModel(
      agg(
        ['_timeslice', '_count'],
        [
          [T0, 1],
          [T0 + 3 * H, 2],
        ],
      ),
      { fill: false },
    ).categories.length,
    2,
  );
});

test('a transposed result: one series per column, nulls are zero', () => {
  const m = buildModel(
    agg(
      ['_timeslice', 'Failure', 'Success'],
      [
        [T0 + DAY, null, 8],
        [T0, 1, 13],
      ],
    ),
  );
  assert.deepEqual(
    m.series.map((s) => s.name),
    ['Failure', 'Success'],
  );
  assert.deepEqual(m.series[0].values, [1, 0]);
  assert.deepEqual(m.series[1].values, [13, 8]);
});

test('count by _timeslice, user (not transposed) pivots users into series', () => {
  const m = buildModel(
    agg(
      ['_timeslice', 'user', '_count'],
      [
        [T0, 'alice', 2],
        [T0, 'bob', 5],
        [T0 + H, 'bob', 1],
        [T0 + H, 'carol', 1],
      ],
    ),
  );
  assert.equal(m.categories.length, 2);
  assert.deepEqual(
    m.series.map((s) => s.name),
    ['bob', 'alice', 'carol'],
  ); // biggest first
  assert.deepEqual(m.series[0].values, [5, 1]);
  assert.deepEqual(m.series[2].values, [0, 1]);
  assert.deepEqual(m.series[0].fields, { user: 'bob' });
});

test('many series: the biggest stay, the rest are summed as other', () => {
  const cols = ['_timeslice', ...Array.from({ length: 12 }, (_, i) => `u${i}`)];
  const rows = [[T0, ...Array.from({ length: 12 }, (_, i) => i + 1)]];
  const m = buildModel(agg(cols, rows), { maxSeries: 8 });
  assert.equal(m.series.length, 9);
  assert.equal(m.series[8].other, true);
  assert.equal(m.series[8].values[0], 1 + 2 + 3 + 4); // u0..u3 are the smallest
  assert.deepEqual(m.seriesTruncated, { shown: 8, total: 12 });
  assert.ok(!m.series.slice(0, 8).some((s) => ['u0', 'u1', 'u2', 'u3'].includes(s.name)));
});

test('many categories: top 50 by value, in the result order, and says so', () => {
  const rows = Array.from({ length: 120 }, (_, i) => [`e${i}`, (i * 37) % 120]);
  const m = buildModel(agg(['eventName', '_count'], rows));
  assert.deepEqual(m.truncated, { shown: 50, total: 120 });
  assert.equal(m.categories.length, 50);
  const kept = m.series[0].values;
  assert.ok(Math.min(...kept) >= 70); // the 50 largest of 0..119
  const idx = m.categories.map((c) => Number(c.label.slice(1)));
  assert.deepEqual(
    idx,
    [...idx].sort((a, b) => a - b),
  );
});

test('two keys: a small second key becomes series, a large one joins the label', () => {
  const small = buildModel(
    agg(
      ['user', 'loginResult', '_count'],
      [
        ['alice', 'Success', 3],
        ['alice', 'Failure', 1],
        ['bob', 'Success', 2],
      ],
    ),
  );
  assert.deepEqual(
    small.categories.map((c) => c.label),
    ['alice', 'bob'],
  );
  assert.deepEqual(
    small.series.map((s) => s.name),
    ['Success', 'Failure'],
  );
  const rows = Array.from({ length: 30 }, (_, i) => ['alice', `10.0.0.${i}`, 1]);
  const big = buildModel(agg(['user', 'ip', '_count'], rows));
  assert.equal(big.series.length, 1);
  assert.equal(big.categories[0].label, 'alice / 10.0.0.0');
  assert.deepEqual(big.categories[0].fields, { user: 'alice', ip: '10.0.0.0' });
});

test('numeric keys label the axis when there is no text column', () => {
  const m = buildModel(
    agg(
      ['status', '_count'],
      [
        [200, 40],
        [403, 7],
      ],
    ),
  );
  assert.equal(m.xName, 'status');
  assert.deepEqual(
    m.categories.map((c) => c.label),
    ['200', '403'],
  );
  assert.deepEqual(
    m.series.map((s) => s.name),
    ['_count'],
  );
});

test('outlier columns become a band, not series', () => {
  const cols = [
    '_timeslice',
    '_count',
    '_count_error',
    '_count_indicator',
    '_count_lower',
    '_count_std',
    '_count_upper',
    '_count_violation',
  ];
  const m = buildModel(
    agg(cols, [
      [T0 + H, 9, 1, 1, 0.5, 1, 4, 1],
      [T0, 1, 0, 0, -1, 1, 3, 0],
    ]),
  );
  assert.deepEqual(
    m.series.map((s) => s.name),
    ['_count'],
  );
  // A count's expected range stops at zero.
  assert.deepEqual(m.series[0].band, [
    { lower: 0, upper: 3, violation: false },
    { lower: 0.5, upper: 4, violation: true },
  ]);
  assert.deepEqual(extent(m, false), [0, 9]);
  const signed = buildModel(agg(['_timeslice', 'd', 'd_lower', 'd_upper'], [[T0, -2, -5, 1]]));
  assert.deepEqual(signed.series[0].band, [{ lower: -5, upper: 1, violation: false }]);
  assert.deepEqual(extent(signed, false), [-5, 1]);
});

test('messages and results without numbers are not charted', () => {
  assert.equal(buildModel({ columns: ['_messagetime', '_count'], rows: [[T0, 1]], aggregated: false }), null);
  assert.equal(buildModel(agg(['user'], [['alice']])), null);
  assert.equal(buildModel(agg(['_count'], [])), null);
  assert.equal(buildModel(null), null);
  assert.deepEqual(chartTypes(agg(['user'], [['alice']])), []);
  assert.equal(suggestChart({ columns: ['a'], rows: [[1]], aggregated: false }), null);
});

test('chart types: single, bars for long lists, columns and lines over time', () => {
  assert.deepEqual(chartTypes(agg(['_count'], [[42]])), ['single']);
  const few = agg(
    ['loginResult', '_count'],
    [
      ['Success', 30],
      ['Failure', 4],
    ],
  );
  assert.deepEqual(chartTypes(few), ['column', 'bar', 'pie']);
  const agents = agg(
    ['userAgent', '_count'],
    [
      ['aws-cli/2.15.0 Python/3.11.6 Linux', 10],
      ['Boto3/1.34.0', 4],
    ],
  );
  assert.equal(suggestChart(agents), 'bar');
  const day = Array.from({ length: 24 }, (_, i) => [T0 + i * H, i]);
  assert.deepEqual(chartTypes(agg(['_timeslice', '_count'], day)), ['column', 'line', 'area']);
  const month = Array.from({ length: 720 }, (_, i) => [T0 + i * H, i % 7]);
  assert.deepEqual(chartTypes(agg(['_timeslice', '_count'], month)), ['line', 'area', 'column']);
  assert.ok(
    !chartTypes(
      agg(
        ['x', 'delta'],
        [
          ['a', -1],
          ['b', 3],
        ],
      ),
    ).includes('pie'),
  ); // no negative slices
  assert.ok(chartTypes(agg(['eventName', '_count'], [['ConsoleLogin', 6]])).includes('single'));
  for (const t of chartTypes(few)) assert.ok(!['table', 'map'].includes(t));
});

test('one row of several numbers: a bar per number', () => {
  const m = buildModel(agg(['_count', 'bytes'], [[10, 2048]]));
  assert.deepEqual(
    m.categories.map((c) => c.label),
    ['_count', 'bytes'],
  );
  assert.deepEqual(m.series[0].values, [10, 2048]);
  assert.deepEqual(chartTypes(agg(['_count', 'bytes'], [[10, 2048]])).slice(0, 2), ['column', 'bar']);
});

test('single value: the number and what it counts', () => {
  assert.deepEqual(singleValue(agg(['_count'], [[42]])), { label: '_count', value: 42, caption: null, time: null });
  assert.equal(singleValue(agg(['eventName', '_count'], [['ConsoleLogin', 6]])).caption, 'eventName: ConsoleLogin');
  assert.equal(singleValue(agg(['_count'], [[1], [2]])), null);
});

test('pie: biggest first, top 9 plus other, no empty slices', () => {
  const rows = Array.from({ length: 14 }, (_, i) => [`agent${i}`, i]);
  const { slices, total } = pieSlices(buildModel(agg(['userAgent', '_count'], rows), { maxCategories: Infinity }));
  assert.equal(slices.length, 10);
  assert.equal(slices[0].label, 'agent13');
  assert.equal(slices[9].other, true);
  assert.equal(slices[9].value, 1 + 2 + 3 + 4); // agent0 (zero) is not a slice
  assert.equal(total, (13 * 14) / 2);
  const ten = pieSlices(
    buildModel(
      agg(
        ['k', 'v'],
        Array.from({ length: 10 }, (_, i) => [`k${i}`, i + 1]),
      ),
    ),
  );
  assert.equal(ten.slices.length, 10);
  assert.ok(!ten.slices.some((s) => s.other)); // ten fit without an "other"
});

test('stacking piles positives up and negatives down', () => {
  const st = stack(
    [
      [1, -2],
      [3, -1],
    ],
    true,
  );
  assert.deepEqual(st[0], [
    [0, 1, 1],
    [-2, 0, -2],
  ]);
  assert.deepEqual(st[1], [
    [1, 4, 3],
    [-3, -2, -1],
  ]);
  assert.deepEqual(stack([[2], [3]], false)[1], [[0, 3, 3]]);
});

test('runs break a regular time series where slots are missing', () => {
  const t = [0, 1, 2, 3, 4, 5, 8, 11, 12, 13, 14, 15].map((i) => i * H);
  assert.deepEqual(runs(t, H), [
    [0, 5],
    [6, 6],
    [7, 11],
  ]);
  assert.deepEqual(
    runs(
      [0, 1, 2, 3].map((i) => i * H),
      H,
    ),
    [[0, 3]],
  );
  assert.deepEqual(
    runs(
      [0, 1, 7, 20, 21].map((i) => i * 1000),
      1000,
    ),
    [[0, 4]],
  ); // irregular: one run
});

test('colours: Success stays green, Failure red, others avoid both', () => {
  assert.deepEqual(seriesClasses(['Failure', 'Success']), ['ts-c-failure', 'ts-c-success']);
  assert.deepEqual(seriesClasses(['Success', 'alice', 'bob', 'carol']), ['ts-c-success', 'ts-c1', 'ts-c2', 'ts-c5']);
  assert.deepEqual(seriesClasses(['a', 'b', 'c']), ['ts-c1', 'ts-c2', 'ts-c3']);
  assert.deepEqual(seriesClasses([{ name: 'a' }, { name: 'other (3)', other: true }]), ['ts-c1', 'ts-c-other']);
});

test('histogram buckets: cleaned, and a brush snaps to whole buckets', () => {
  const b = cleanBuckets([
    { start: 2 * H, end: 3 * H, count: 4 },
    { start: 0, end: H, count: 1 },
    { start: H, end: H },
    { start: H, end: 2 * H, count: 2 },
  ]);
  assert.deepEqual(
    b.map((x) => x.start),
    [0, H, 2 * H],
  );
  assert.deepEqual(snapToBuckets(b, 0.5 * H, 1.2 * H), [0, 2 * H]);
  assert.deepEqual(snapToBuckets(b, 2.9 * H, 2.95 * H), [2 * H, 3 * H]);
  assert.equal(snapToBuckets(b, 5 * H, 6 * H), null);
});

test('local-time ticks stay on the hour and the day across daylight saving', () => {
  const before = process.env.TZ;
  process.env.TZ = 'America/New_York';
  try {
    // 2024-03-10: clocks go from 02:00 to 03:00 (a 23-hour day).
    const hourly = timeTicks(new Date(2024, 2, 10, 0, 0).getTime(), new Date(2024, 2, 10, 8, 0).getTime(), 10, false);
    assert.ok(hourly.ticks.length >= 6, hourly.ticks.map((t) => new Date(t).toString()).join('\n'));
    assert.ok(hourly.ticks.every((t) => new Date(t).getMinutes() === 0 && new Date(t).getSeconds() === 0));
    assert.ok(!hourly.ticks.some((t) => new Date(t).getHours() === 2), 'there is no 02:00 that day');
    // Daily ticks across the change fall on local midnights, not 23 or 25 hours apart from them.
    const daily = timeTicks(new Date(2024, 2, 5).getTime(), new Date(2024, 2, 15).getTime(), 12, false);
    assert.ok(daily.ticks.length >= 9 && daily.ticks.every((t) => new Date(t).getHours() === 0));
    // Months have their own lengths: every tick on the 1st, local midnight.
    const monthly = timeTicks(new Date(2024, 0, 15).getTime(), new Date(2024, 11, 15).getTime(), 12, false);
    assert.ok(
      monthly.ticks.length >= 10 &&
        monthly.ticks.every((t) => new Date(t).getDate() === 1 && new Date(t).getHours() === 0),
    );
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
});
