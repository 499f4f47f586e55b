// The category fix reads the engine's warning code and subject, never its wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mismatchedCategory } from '../../src/ui/category.js';

test('the W001 warning names the wanted category; its wildcards go from the suggestion', () => {
  const res = {
    categories: ['cloudtrail'],
    warnings: [{ code: 'W001', message: 'anything at all', rows: 0, subject: 'Labs/AWS/CloudTrail*' }],
  };
  assert.deepEqual(mismatchedCategory(res), {
    wanted: 'Labs/AWS/CloudTrail*',
    category: 'Labs/AWS/CloudTrail',
    loaded: ['cloudtrail'],
  });
});

test('other warnings, even worded alike, offer no fix', () => {
  const res = {
    categories: ['x'],
    warnings: [{ code: 'W101', message: "the query's _sourceCategory (a) matches nothing loaded", rows: 3 }],
  };
  assert.equal(mismatchedCategory(res), null);
  assert.equal(mismatchedCategory({ warnings: [] }), null);
  assert.equal(mismatchedCategory({}), null);
});
