// The Patterns view over the bundled sample: the engine's signatures with their counts, the
// comparison with the day before, and a row one click from its events in Search.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, browser, settled } from './support.mjs';

let server;
let b;
before(async () => {
  server = await serve();
  b = await browser(server.url);
  await b.page.goto(server.url);
  const st = await settled(b.page, 120000);
  assert.equal(st.state, 'done', st.text);
});
after(async () => {
  await b.close();
  await server.close();
});

/** The Patterns table's drawn rows as cell text (the first screenful is enough here). */
async function patternRows(page) {
  const table = page.getByTestId('patterns-view').getByTestId('result-table');
  await table.locator('[role=gridcell]').first().waitFor({ timeout: 120000 });
  return table.evaluate((t) =>
    [...t.querySelectorAll('[role=row]')]
      .filter((r) => r.querySelector('[role=gridcell]'))
      .map((r) => [...r.querySelectorAll('[role=gridcell]')].map((c) => c.textContent)),
  );
}

test('Patterns shows signatures with counts, and a click opens the events in Search', async () => {
  const { page } = b;
  await page.getByTestId('tab-patterns').click();
  const rows = await patternRows(page);
  assert.ok(rows.length > 1, `rows: ${rows.length}`);
  const header = await page
    .getByTestId('patterns-view')
    .locator('[role=columnheader]')
    .evaluateAll((cs) => cs.map((c) => c.textContent));
  assert.deepEqual(header, ['_count', 'eventSource', 'eventName', '_signature']);
  for (const [count, , , signature] of rows) {
    assert.ok(Number(count.replace(/,/g, '')) > 0, `count ${count}`);
    assert.ok(signature.length > 0);
  }
  assert.match(await page.getByTestId('patterns-status').textContent(), /\d+ patterns? in/);

  const before = await page.getByTestId('status').evaluate((s) => Number(s.dataset.seq || 0));
  await page.getByTestId('patterns-view').locator('[role=gridcell]').nth(1).click();
  await page.waitForFunction(
    (b) => {
      const s = document.querySelector('[data-testid=status]');
      return Number(s.dataset.seq) > b + 1 && s.dataset.state !== 'running';
    },
    before,
    { timeout: 120000 },
  );
  const st = await settled(page);
  assert.equal(st.state, 'done', st.text);
  assert.ok(await page.getByTestId('search-view').isVisible());
  const query = await page.getByTestId('query-editor').textContent();
  assert.match(
    query,
    /^_sourceCategory = "cloudtrail" \| logreduce noaggregate \| where _signature_id = "[0-9a-f]{16}"$/,
    query,
  );
  const n = Number(/^([\d,]+) messages?/.exec(st.text)?.[1].replace(/,/g, ''));
  // The signature's events, exactly: as many as its count.
  assert.equal(n, Number(rows[0][0].replace(/,/g, '')), `${st.text} for ${rows[0][0]}`);
  await page.getByTestId('message').first().waitFor();
});

test('Compare with the day before shows each status and both counts', async () => {
  const { page } = b;
  await page.getByTestId('tab-patterns').click();
  await page.getByTestId('patterns-mode-compare').click();
  await page
    .getByTestId('patterns-status')
    .filter({ hasText: /patterns? in/ })
    .waitFor({ timeout: 120000 });
  const header = await page
    .getByTestId('patterns-view')
    .locator('[role=columnheader]')
    .evaluateAll((cs) => cs.map((c) => c.textContent));
  assert.deepEqual(header, ['_status', '_count', '_baseline_count', 'eventSource', 'eventName', '_signature']);
  const rows = await patternRows(page);
  assert.ok(rows.length > 0);
  for (const [status] of rows) assert.ok(['new', 'gone', 'changed', 'unchanged'].includes(status), status);
  assert.match(page.url(), /patterns=compare/);
});
