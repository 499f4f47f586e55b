// dist/trailscope.html opened from disk: the engine, the sample and the geo table all come from
// the one file, and it asks for nothing else.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { browser, settled, runQuery, readTable, DIST } from './support.mjs';

test('the single file works from file:// with no other request', async () => {
  const url = pathToFileURL(join(DIST, 'trailscope.html')).href;
  const b = await browser(url);
  try {
    await b.page.goto(`${url}#view=search`);
    const st = await settled(b.page, 120000);
    assert.equal(st.state, 'done', st.text);
    const r = await runQuery(
      b.page,
      `_sourceCategory = cloudtrail "ConsoleLogin" | json "sourceIPAddress"
| lookup country_code, city from geo://location on ip = sourceIPAddress | count by country_code | sort by _count`,
    );
    assert.equal(r.state, 'done', r.text);
    const t = await readTable(b.page);
    assert.ok(
      t.rows.some((row) => row[0] === 'US'),
      `the sample's New York sign-ins are found offline: ${JSON.stringify(t.rows)}`,
    );
    assert.deepEqual(b.foreign, []);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});
