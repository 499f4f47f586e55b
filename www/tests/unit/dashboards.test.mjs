// Unit tests of the definitions' helpers (node --test www/tests/unit/): variables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { varsFor, defaultVars, dashboardById } from '../../src/dashboards/defs.js';

// Scoping a panel's query to the loaded data's category is the engine's (session::scope_to,
// tested in src/session/query_text.rs and tests/dashboards.rs).

test('varsFor keeps the dashboard variables only, defaults for blanks', () => {
  const def = dashboardById('user-monitoring');
  assert.deepEqual(varsFor(def, { user: 'bob', event_name: '  ', other: 'x' }), { ...defaultVars(def), user: 'bob' });
  assert.deepEqual(varsFor(def, undefined), defaultVars(def));
});
