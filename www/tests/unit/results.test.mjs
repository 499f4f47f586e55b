// Result views' DOM-free logic: sorting, field statistics, pretty JSON, JSON export.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldStats, topValues, isBrowsable } from '../../src/results/fields.js';
import { prettyJson } from '../../src/results/pretty.js';
import { toJson, toObjects } from '../../src/results/serialize.js';
import { fitWidths, spread } from '../../src/results/widths.js';
import { formatterFor, countLabel } from '../../src/results/format.js';
import { nextSort } from '../../src/results/sort.js';

// The table's row order is the engine's now: src/query/order.rs tests it (numbers before text,
// text by code point with astral characters, numeric text by value, nulls last, stable ties).

test('nextSort cycles ascending, descending, original order; another column starts ascending', () => {
  let s = nextSort(null, 2);
  assert.deepEqual(s, { col: 2, dir: 'asc' });
  s = nextSort(s, 2);
  assert.deepEqual(s, { col: 2, dir: 'desc' });
  assert.equal(nextSort(s, 2), null);
  assert.deepEqual(nextSort({ col: 1, dir: 'desc' }, 2), { col: 2, dir: 'asc' });
});

test('fieldStats counts rows with a value, skipping _messagetime and _raw, metadata last', () => {
  const result = {
    columns: ['_messagetime', '_sourceCategory', 'eventName', 'errorCode', '_raw'],
    rows: [
      [1, 'ct', 'A', null, '{}'],
      [2, 'ct', 'B', 'AccessDenied', '{}'],
      [3, null, 'A', '', '{}'],
    ],
  };
  assert.deepEqual(fieldStats(result), [
    { name: 'eventName', col: 2, count: 3 },
    { name: 'errorCode', col: 3, count: 1 },
    { name: '_sourceCategory', col: 1, count: 2 },
  ]);
  assert.ok(!isBrowsable('_Raw') && !isBrowsable('_messageTime') && isBrowsable('_sourceCategory'));
});

test('topValues: most frequent first, ties by value, limited, nulls and empty skipped', () => {
  const rows = ['b', 'a', 'b', null, 'c', 'a', 'b', '', 'd', 1, 1, '1'].map((v) => [v]);
  assert.deepEqual(topValues(rows, 0, 3), [
    { value: 'b', count: 3 },
    { value: 1, count: 2 },
    { value: 'a', count: 2 },
  ]);
  assert.equal(topValues(rows, 0).length, 6); // b, 1, a, '1', c, d
  const many = Array.from({ length: 50 }, (_, i) => [`v${i % 20}`]);
  assert.equal(topValues(many, 0).length, 10);
});

test('prettyJson indents like JSON.stringify(…, null, 2) and keeps numbers and escapes verbatim', () => {
  const doc = '{"a":1,"b":[true,null,{"c":"x, y: [z]"}],"e":{},"f":[],"g":"q\\"uote"}';
  assert.equal(prettyJson(doc), JSON.stringify(JSON.parse(doc), null, 2));
  const big = '{"id":12345678901234567890,"s":"\\u003cb\\u003e"}';
  const out = prettyJson(big);
  assert.match(out, /"id": 12345678901234567890/);
  assert.match(out, /"s": "\\u003cb\\u003e"/);
  assert.equal(prettyJson('{"eventName": "cut off'), '{"eventName": "cut off');
  assert.equal(prettyJson('not json at all'), 'not json at all');
  assert.equal(prettyJson(' [ ] '), '[]');
});

// The CSV download is the engine's writer (src/query/csv.rs): its tests there carry the
// quoting, CRLF, formula-neutralisation and time-column cases this file used to check.

test('JSON export: an array of {column: value} objects that parses back', () => {
  const result = {
    columns: ['ip', '_count', 'x'],
    rows: [
      ['1.2.3.4', 5, null],
      ['<img src=x>', 1, undefined],
    ],
  };
  const back = JSON.parse(toJson(result));
  assert.deepEqual(back, [
    { ip: '1.2.3.4', _count: 5, x: null },
    { ip: '<img src=x>', _count: 1, x: null },
  ]);
  assert.deepEqual({ ...toObjects(result)[0] }, { ip: '1.2.3.4', _count: 5, x: null });
  assert.deepEqual(JSON.parse(toJson({ columns: ['a'], rows: [] })), []);
});

test('JSON export keeps every column, whatever its name, in column order', () => {
  // Column names can come from log values (`transpose`): __proto__ and friends, numbers.
  const columns = ['__proto__', 'b', '10', 'constructor', '2'];
  const result = {
    columns,
    rows: [
      ['text', 1, 'ten', 'c', 'two'],
      [{ polluted: true }, 2, null, null, null],
    ],
  };
  const text = toJson(result);
  const back = JSON.parse(text);
  assert.equal(back.length, 2);
  for (const o of back) assert.deepEqual(Object.keys(o).sort(), [...columns].sort(), `every column survives: ${text}`);
  assert.equal(back[0].__proto__, 'text');
  assert.deepEqual(back[1].__proto__, { polluted: true });
  assert.equal(back[0]['10'], 'ten');
  assert.equal(back[0].constructor, 'c');
  // Each row's text lists the columns in the table's order (an object's own key order would put '2' and '10' first).
  const first = text.split('\n')[1];
  const at = columns.map((c) => first.indexOf(JSON.stringify(c) + ':'));
  assert.ok(
    at.every((i, k) => i >= 0 && (k === 0 || i > at[k - 1])),
    first,
  );
  const o = toObjects(result)[1];
  assert.deepEqual(Object.keys(o).sort(), [...columns].sort());
  assert.deepEqual(o.__proto__, { polluted: true });
  assert.equal(o.polluted, undefined, 'a value named __proto__ is data, never a prototype');
  assert.equal({}.polluted, undefined);
});

test('fitWidths: fits the header and sampled content, clamped to bounds', () => {
  const measure = (t) => t.length * 10;
  const fmt = (v) => (v === null ? '' : String(v));
  const w = fitWidths(['id', 'name', 'long'], [[1, 'abcdefghij', 'x'.repeat(500)]], [fmt, fmt, fmt], measure, {
    min: 50,
    max: 300,
    pad: 20,
    headerExtra: 0,
  });
  assert.deepEqual(w, [50, 120, 300]);
});

test('spread gives spare room to the columns cut short, up to their natural width', () => {
  assert.deepEqual(spread([100, 360, 360], [100, 900, 400], 1000), [100, 500, 400]);
  assert.deepEqual(spread([100, 360], [100, 900], 2000), [100, 900]);
  assert.deepEqual(spread([100, 360], [100, 900], 300), [100, 360]); // no room: unchanged
  const w = spread([80, 300, 300], [80, 700, 700], 1001);
  assert.equal(
    w.reduce((a, b) => a + b, 0),
    1001,
  );
});

test("format: time columns (by the engine's kind) formatted, count labels", () => {
  const ms = Date.UTC(2024, 0, 2, 3, 4, 5);
  assert.equal(formatterFor('time')(ms), '2024-01-02 03:04:05');
  assert.equal(formatterFor('time')(null), '');
  assert.equal(formatterFor('time')('NaN'), 'NaN');
  assert.equal(formatterFor('text')(ms), String(ms));
  assert.equal(formatterFor(undefined)({ a: 1 }), '{"a":1}');
  assert.equal(countLabel(12345, 'row', 'rows'), '12,345 rows');
  assert.equal(countLabel(1, 'row', 'rows'), '1 row');
});
