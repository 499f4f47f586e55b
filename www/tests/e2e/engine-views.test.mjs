// What the engine decides and the page only draws: the table's row order for a header click
// (the worker's `sortResult`) and the Explain view (`explain`).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, browser, settled, runQuery, readTable } from './support.mjs';

let server;
let b;
before(async () => {
  server = await serve();
  b = await browser(server.url);
  await b.page.goto(`${server.url}#view=search`);
  const st = await settled(b.page, 120000);
  assert.equal(st.state, 'done', st.text);
});
after(async () => {
  await b.close();
  await server.close();
});

/** Clicks column `name`'s header and waits for the sort it asks for to be drawn. */
async function clickHeader(page, name, want) {
  const cell = page.locator('[role=columnheader]').filter({ hasText: name });
  await cell.getByRole('button').click();
  await page.waitForFunction(
    ([n, w]) =>
      [...document.querySelectorAll('[role=columnheader]')].some(
        (c) => c.textContent.startsWith(n) && c.getAttribute('aria-sort') === w,
      ),
    [name, want],
  );
}

// Code point order, as the engine sorts text (UTF-8 bytes compare the same way).
const byCodePoint = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));

test('a header click shows the rows in the order the engine gives', async () => {
  const { page } = b;
  const r = await runQuery(page, '* | json "eventName", "eventSource" | count by eventName, eventSource');
  assert.equal(r.state, 'done', r.text);
  const original = (await readTable(page)).rows;
  assert.ok(original.length > 5, `rows: ${original.length}`);

  await clickHeader(page, '_count', 'ascending');
  const asc = (await readTable(page)).rows;
  const counts = asc.map((row) => Number(row[2]));
  assert.deepEqual(
    counts,
    [...counts].sort((x, y) => x - y),
    'by count, ascending, as numbers',
  );
  // Ties keep the result's order.
  for (let i = 1; i < asc.length; i++)
    if (counts[i] === counts[i - 1])
      assert.ok(
        original.findIndex((o) => o.join() === asc[i - 1].join()) <
          original.findIndex((o) => o.join() === asc[i].join()),
        'ties in result order',
      );

  await clickHeader(page, 'eventName', 'ascending');
  const names = (await readTable(page)).rows.map((row) => row[0]);
  assert.deepEqual(names, [...names].sort(byCodePoint));
  await clickHeader(page, 'eventName', 'descending');
  const down = (await readTable(page)).rows.map((row) => row[0]);
  assert.deepEqual(
    down,
    [...names]
      .sort(byCodePoint)
      .reverse()
      .sort((x, y) => byCodePoint(y, x)),
  );
  // A third click gives the result's own order back.
  await clickHeader(page, 'eventName', 'none');
  assert.deepEqual((await readTable(page)).rows, original);
  assert.match(await page.locator('.ts-count').textContent(), /rows$/);
  assert.deepEqual(b.errors, []);
});

test('Explain lists the stages the engine runs, as text', async () => {
  const { page } = b;
  await runQuery(page, '"ConsoleLogin" | json "eventName" as name | count by name | sort by _count | limit 5');
  await page.getByTestId('explain-query').click();
  const view = page.getByTestId('explain');
  await view.waitFor();
  const stages = await view.locator('li[data-kind]').evaluateAll((els) =>
    els.map((e) => ({
      keyword: e.dataset.keyword,
      kind: e.dataset.kind,
      reads: [...e.querySelectorAll('[data-role=reads] code')].map((c) => c.textContent),
      writes: [...e.querySelectorAll('[data-role=writes] code')].map((c) => c.textContent),
      text: e.textContent,
    })),
  );
  assert.deepEqual(
    stages.map((s) => [s.keyword, s.kind]),
    [
      ['scope', 'scope'],
      ['json', 'row'],
      ['count', 'aggregate'],
      ['sort', 'table'],
      ['limit', 'table'],
    ],
  );
  assert.deepEqual(stages[1].writes, ['name']);
  assert.deepEqual(stages[2].writes, ['name', '_count']);
  assert.match(stages[0].text, /"ConsoleLogin"/);
  // A query with markup in it shows as text, never as elements.
  await page.getByTestId('explain-close').click();
  await runQuery(page, '"<img src=x onerror=alert(1)>" | count');
  await page.getByTestId('explain-query').click();
  await view.waitFor();
  assert.equal(await view.locator('img').count(), 0);
  assert.match(await view.textContent(), /<img src=x onerror=alert\(1\)>/);
  // Running another query keeps the view, for the new query.
  await runQuery(page, '* | count by _sourceCategory');
  await page.waitForFunction(() => document.querySelector('[data-testid=explain] li[data-kind=aggregate]'));
  assert.deepEqual(b.dialogs, []);
  assert.deepEqual(b.errors, []);
});
