// Unit tests of the definitions' helpers (node --test www/tests/unit/): query scoping and variables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DASHBOARDS, scopeTo, varsFor, defaultVars, dashboardById } from '../../src/dashboards/defs.js';

test('scopeTo rewrites the leading category and keeps the rest', () => {
  assert.equal(scopeTo('_sourceCategory = Labs/AWS/CloudTrail* (Create* OR Run*)\n| count', 'cloudtrail'),
    '_sourceCategory = "cloudtrail" (Create* OR Run*)\n| count');
  assert.equal(scopeTo('_sourceCategory = cm-core/cloudtrail  "\\"errorCode\\":\\"AccessDenied\\""\n| json "userAgent"', 'x/y'),
    '_sourceCategory = "x/y"  "\\"errorCode\\":\\"AccessDenied\\""\n| json "userAgent"');
  assert.equal(scopeTo('_SOURCECATEGORY="a b" ConsoleLogin', 'c'), '_sourceCategory = "c" ConsoleLogin');
});

test('scopeTo quotes a hostile category so it stays one value', () => {
  assert.equal(scopeTo('_sourceCategory = a | count', 'x" OR "y\\'), '_sourceCategory = "x\\" OR \\"y\\\\" | count');
});

test('scopeTo without a category drops the term, leaving * when nothing else is in the scope', () => {
  assert.equal(scopeTo('_sourceCategory = Labs/AWS/CloudTrail*\n| count', ''), '*\n| count');
  assert.equal(scopeTo('_sourceCategory = Labs/AWS/CloudTrail* ConsoleLogin Failure\n| count', ''), 'ConsoleLogin Failure\n| count');
  assert.equal(scopeTo('* | count', ''), '* | count');
  assert.equal(scopeTo('ConsoleLogin _sourceCategory = x', 'y'), 'ConsoleLogin _sourceCategory = x', 'only a leading term');
});

test('every panel query starts with a category term the page can rewrite', () => {
  for (const d of DASHBOARDS) {
    for (const p of d.panels) assert.match(scopeTo(p.query, 'cloudtrail'), /^_sourceCategory = "cloudtrail"/, `${d.id}/${p.id}`);
  }
});

test('varsFor keeps the dashboard variables only, defaults for blanks', () => {
  const def = dashboardById('user-monitoring');
  assert.deepEqual(varsFor(def, { user: 'bob', event_name: '  ', other: 'x' }), { ...defaultVars(def), user: 'bob' });
  assert.deepEqual(varsFor(def, undefined), defaultVars(def));
});
