// The CSV download in a browser whose zone is not UTC and changes offset (New York: EST and
// EDT): the engine writes local times by the zone's rules, as the table shows them, on both
// sides of a daylight-saving change.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serve, browser, settled, runQuery, readTable } from './support.mjs';
import { readCsv } from './fixtures.mjs';

let server, b, page;

before(async () => {
  server = await serve();
  b = await browser(server.url, { timezoneId: 'America/New_York' });
  page = b.page;
});

after(async () => {
  await b?.close();
  await server?.close();
});

test('local times in the CSV are the ones the table shows, in winter and in summer', async () => {
  await page.goto(`${server.url}#view=search`);
  assert.equal((await settled(page)).state, 'done');
  await page.getByTestId('timezone').selectOption('local');
  // The sample's days are in September (EDT); the same days 240 days earlier are in winter (EST).
  const st = await runQuery(
    page,
    '* | timeslice 1d | count by _timeslice | _timeslice - 240 * 86400000 as _receipttime | sort by _timeslice asc',
  );
  assert.equal(st.state, 'done', st.text);
  const table = await readTable(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const path = await download.path();
  const text = readFileSync(path, 'utf8');
  assert.ok(text.startsWith('\uFEFF_timeslice,_count,_receipttime\r\n'), text.slice(0, 60));
  const csv = readCsv(path);
  assert.deepEqual(csv.rows, table.rows);
  assert.ok(csv.rows.length > 2, JSON.stringify(csv.rows));
  // A day starts at midnight UTC: 20:00 the day before in New York in summer (EDT), 19:00 in winter (EST).
  for (const [summer, , winter] of csv.rows) {
    assert.match(summer, /^2024-(0[89]|10)-\d\d 20:00:00$/);
    assert.match(winter, /^202[34]-(0[1-2]|12)-\d\d 19:00:00$/);
  }
  assert.deepEqual(b.errors, []);
});
