// The page end to end in headless Chromium: real CloudTrail dropped as a gzipped bucket with a
// damaged file, the five blog queries through the editor, the map's drill-down, hostile values,
// and not one request leaving the page's origin.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { serve, browser, settled, runQuery, readTable, ROOT } from './support.mjs';
import { blogBucket, blogRecords, hostileRecords, HOSTILE_AGENT, readCsv, BLOG } from './fixtures.mjs';
import { sortKeys, outOfOrder, runs } from './tables.mjs';

let server, b, page, bucket;

before(async () => {
  server = await serve();
  b = await browser(server.url);
  page = b.page;
  bucket = blogBucket();
});

after(async () => {
  await b?.close();
  await server?.close();
  if (bucket) rmSync(bucket, { recursive: true, force: true });
});

test('a newcomer sees the sample loaded and the console logins map', async () => {
  await page.goto(server.url);
  const st = await settled(page);
  assert.equal(st.state, 'done', st.text);
  assert.match(await page.getByTestId('data-summary').textContent(), /20,000 events \(sample\)/);
  await page.getByTestId('map').waitFor({ timeout: 60000 });
  await page.getByTestId('map-point').first().waitFor({ timeout: 60000 });
  assert.ok((await page.getByTestId('map-point').count()) >= 3, 'the sample signs in from several places');
});

test('dropping a folder of gzipped CloudTrail with a damaged file loads what it can and says why', async () => {
  await page.getByTestId('clear-sample').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=status]').dataset.state === 'idle');
  await page.getByTestId('category').fill('cm-core/cloudtrail');
  await page.getByTestId('folder-input').setInputFiles(bucket);
  const st = await settled(page);
  assert.equal(st.state, 'done', `a damaged file does not fail the load: ${st.text}`);
  const report = page.getByTestId('load-report');
  const text = await report.textContent();
  assert.match(text, /Loaded 620 events from 17 files/);
  assert.match(text, /21 duplicates dropped/, 'the damaged copy repeats events another file has');
  assert.match(text, /damaged\.json\.gz/);
  assert.match(text, /1 damaged or unreadable/);
  assert.match(text, /skipped as not CloudTrail/);
  const bad = await report.locator('tr', { hasText: 'damaged.json.gz' }).first().textContent();
  assert.match(bad, /gzip|truncated|end/i, `the damaged file's row says what is wrong: ${bad}`);
  assert.match(await page.getByTestId('data-summary').textContent(), /^620 events/);
});

const dropCol = (t, name) => {
  const i = t.header.indexOf(name);
  return i < 0
    ? t
    : { header: t.header.filter((_, j) => j !== i), rows: t.rows.map((r) => r.filter((_, j) => j !== i)) };
};

for (const q of readdirSync(join(ROOT, 'tests', 'queries', 'blog'))
  .filter((f) => f.endsWith('.sumo'))
  .sort()) {
  test(`blog ${q} through the editor gives the independently computed table, in its order`, async () => {
    const source = readFileSync(join(ROOT, 'tests', 'queries', 'blog', q), 'utf8');
    const text = source
      .split('\n')
      .filter((l) => !l.startsWith('//'))
      .join('\n')
      .trim();
    const n = q.slice(0, 2);
    const st = await runQuery(page, text);
    assert.equal(st.state, 'done', st.text);
    const got = await readTable(page);
    const want = readCsv(join(BLOG, `expected-${n}.csv`));
    assert.equal(got.rowcount, want.rows.length + 1, 'aria-rowcount counts the header and every row');
    // expected.py has no geo data; the page fills country_code from the bundled table, so both
    // sides drop that column.
    const g = dropCol(got, 'country_code'),
      w = dropCol(want, 'country_code');
    assert.deepEqual(g.header, w.header);
    const keys = sortKeys(text);
    if (/^\/\/ order: any$/m.test(source) || !keys) {
      // No sort: the order is not the answer (expected.py writes these sorted its own way).
      assert.deepEqual([...g.rows].sort(), [...w.rows].sort());
      return;
    }
    // The page's rows follow the query's sort, country_code included, as shown.
    const wrong = outOfOrder(got, keys);
    assert.equal(wrong, null, `rows out of the sort's order: ${JSON.stringify(wrong)}`);
    // Against expected.py, in order: the sort keys before the first one it cannot know
    // (country_code) give the sequence of runs; rows within a run tie on those keys and
    // compare as a group.
    const known = keys.map((k) => k.col);
    const lead = known.slice(0, known.indexOf('country_code') < 0 ? known.length : known.indexOf('country_code'));
    assert.ok(lead.length > 0, `${q} sorts first by something expected.py knows`);
    assert.deepEqual(runs(g, lead), runs(w, lead));
  });
}

test("numbers show as the page promises (whole, or rounded to 6 decimals), in the sort's order", async () => {
  const st = await runQuery(
    page,
    `_sourceCategory = cm-core/cloudtrail
| json "eventName", "additionalEventData.bytesTransferredOut" as eventName, bytes_out
| avg(bytes_out) as avg_out, count as n by eventName
| sort by avg_out, eventName asc`,
  );
  assert.equal(st.state, 'done', st.text);
  const got = await readTable(page);
  // The same averages from the fixture's records, read here, in the query's order.
  const groups = new Map();
  for (const r of blogRecords()) {
    const v = r.additionalEventData?.bytesTransferredOut;
    if (typeof v !== 'number' || typeof r.eventName !== 'string') continue;
    const g = groups.get(r.eventName) || { sum: 0, n: 0 };
    g.sum += v;
    g.n += 1;
    groups.set(r.eventName, g);
  }
  const exact = [...groups]
    .map(([name, g]) => ({ name, avg: g.sum / g.n, n: g.n }))
    .sort((a, b) => b.avg - a.avg || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  assert.ok(
    exact.some((e) => !Number.isInteger(e.avg * 100)),
    'some average has more than 2 decimals',
  );
  // What README promises: whole numbers as they are, others rounded to 6 decimal places.
  const shown = (v) => (Number.isInteger(v) ? String(v) : String(Number(v.toFixed(6))));
  assert.deepEqual(got.header, ['eventName', 'avg_out', 'n']);
  assert.deepEqual(
    got.rows,
    exact.map((e) => [e.name, shown(e.avg), String(e.n)]),
  );
});

test('q1 fills countries from the bundled geo table and shows the DB-IP attribution', async () => {
  const text = readFileSync(join(ROOT, 'tests', 'queries', 'blog', 'q1-console-logins-by-country.sumo'), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('//'))
    .join('\n');
  await runQuery(page, text);
  const t = await readTable(page);
  const cc = t.header.indexOf('country_code');
  assert.ok(
    t.rows.some((r) => /^[A-Z]{2}$/.test(r[cc])),
    'some sign-ins come from public addresses with a country',
  );
  assert.match(await page.locator('footer').textContent(), /DB-IP/);
});

test('a map point opens the drill-down, one click from the raw JSON', async () => {
  const st = await runQuery(
    page,
    `_sourceCategory = cm-core/cloudtrail "ConsoleLogin"
| json "sourceIPAddress" | json field=_raw "responseElements.ConsoleLogin" as loginResult nodrop
| json field=_raw "userIdentity.userName" as user nodrop
| count by sourceIPAddress, loginresult, user
| lookup latitude, longitude, country_code, city from geo://location on ip = sourceIPAddress`,
  );
  assert.equal(st.state, 'done', st.text);
  await page.getByTestId('chart-picker').locator('[data-view=map]').click();
  const point = page.getByTestId('map-point').first();
  await point.waitFor();
  await point.click();
  const dd = page.getByTestId('drilldown');
  await dd.waitFor();
  await dd.getByTestId('drilldown-summary').waitFor({ timeout: 30000 });
  assert.match(await dd.getByTestId('drilldown-summary').textContent(), /[1-9]\d* events from [1-9]\d* address/);
  assert.match(await dd.textContent(), /Users/);
  await dd.getByTestId('drilldown-event').first().click();
  const raw = dd.getByTestId('drilldown-raw').first();
  await raw.waitFor();
  const json = JSON.parse(await raw.textContent());
  assert.ok(json.eventName, 'the raw event is the CloudTrail record');
  await dd.getByTestId('drilldown-close').click();
  assert.equal(await page.getByTestId('drilldown').count(), 0);
});

test('a hostile userAgent and user name stay text', async () => {
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'hostile.json', { type: 'application/json' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, hostileRecords());
  const st = await settled(page);
  assert.equal(st.state, 'done', st.text);
  const r = await runQuery(
    page,
    '_sourceCategory = cm-core/cloudtrail | json "userAgent", "userIdentity.userName" as ua, name | count by ua, name',
  );
  assert.equal(r.state, 'done', r.text);
  const t = await readTable(page);
  const row = t.rows.find((x) => x[t.header.indexOf('ua')] === HOSTILE_AGENT);
  assert.ok(row, `the agent is shown as its characters: ${JSON.stringify(t.rows)}`);
  assert.equal(row[t.header.indexOf('name')], '<script>window.__pwned=2</script>');
  assert.equal(await page.locator('[data-testid=result-table] img').count(), 0);
  await runQuery(page, '_sourceCategory = cm-core/cloudtrail "hostile-1"');
  await page.getByTestId('message').first().click();
  await page.waitForFunction(() => /onerror/.test(document.querySelector('[data-testid=raw-json]')?.textContent || ''));
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(b.dialogs, []);
});

test("the CSV download is the engine's: the rows the table shows, times in UTC or local time, CRLF, a BOM", async () => {
  const FORMULA = '=HYPERLINK("http://x")';
  await page.evaluate(
    (text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'formula.json', { type: 'application/json' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    JSON.stringify({
      Records: [
        {
          eventVersion: '1.08',
          eventTime: '2024-05-03T10:01:00Z',
          eventSource: 's3.amazonaws.com',
          eventName: 'FormulaAgent',
          awsRegion: 'us-east-1',
          sourceIPAddress: '203.0.113.8',
          userAgent: FORMULA,
          eventID: 'formula-1',
          recipientAccountId: '111122223333',
        },
      ],
    }),
  );
  assert.equal((await settled(page)).state, 'done');
  const download = async () => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const path = await d.path();
    return { text: readFileSync(path, 'utf8'), csv: readCsv(path) };
  };
  // A spreadsheet would run these as formulas: the engine's writer prefixes a quote.
  const neutralised = (c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c);
  const query = `_sourceCategory = cm-core/cloudtrail | json "userAgent" as ua | timeslice 1d
| count by _timeslice, ua | sort by _timeslice asc, ua asc`;
  for (const tz of ['utc', 'local']) {
    await page.getByTestId('timezone').selectOption(tz);
    const st = await runQuery(page, query);
    assert.equal(st.state, 'done', st.text);
    const table = await readTable(page);
    const { text, csv } = await download();
    assert.ok(text.startsWith('\uFEFF_timeslice,ua,_count\r\n'), text.slice(0, 80));
    assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
    assert.ok(text.includes(`"'=HYPERLINK(""http://x"")"`), 'formula text neutralised and quoted');
    assert.ok(text.includes('"<img src=x onerror=""window.__pwned=1"">"'), 'quotes doubled');
    assert.deepEqual([csv.header[0].replace(/^\uFEFF/, ''), ...csv.header.slice(1)], table.header);
    // The cells as the table shows them (dates in the chosen zone), formula text neutralised.
    assert.deepEqual(
      csv.rows,
      table.rows.map((r) => [r[0], neutralised(r[1]), r[2]]),
    );
    assert.ok(
      csv.rows.some((r) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(r[0])),
      JSON.stringify(csv.rows.slice(0, 3)),
    );
  }
  await page.getByTestId('timezone').selectOption('utc');
  // Messages are exported too: the rows the page was sent, their time formatted.
  const st = await runQuery(page, '_sourceCategory = cm-core/cloudtrail "FormulaAgent"');
  assert.equal(st.state, 'done', st.text);
  const { csv } = await download();
  assert.equal(csv.header[0], '\uFEFF_messagetime');
  assert.ok(csv.header.includes('_raw'), csv.header.join(','));
  assert.deepEqual(
    csv.rows.map((r) => r[0]),
    ['2024-05-03 10:01:00'],
  );
  assert.equal(await page.getByTestId('export-error').textContent(), '');
});

test('columns named by log values (__proto__ too) survive the JSON export, in order', async () => {
  const rec = (i, source) => ({
    eventVersion: '1.08',
    eventTime: `2024-05-02T10:0${i}:00Z`,
    eventSource: source,
    eventName: 'ProtoColumns',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.7',
    eventID: `proto-${i}`,
    recipientAccountId: '111122223333',
  });
  await page.evaluate(
    (text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'proto.json', { type: 'application/json' }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    JSON.stringify({ Records: [rec(1, '__proto__'), rec(2, 'constructor'), rec(3, '__proto__')] }),
  );
  assert.equal((await settled(page)).state, 'done');
  const st = await runQuery(
    page,
    `_sourceCategory = cm-core/cloudtrail | json "eventName", "eventSource" | where eventName = "ProtoColumns"
| count by eventName, eventSource | transpose row eventName column eventSource`,
  );
  assert.equal(st.state, 'done', st.text);
  const t = await readTable(page);
  assert.deepEqual([...t.header].sort(), ['__proto__', 'constructor', 'eventName']);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const text = readFileSync(await download.path(), 'utf8');
  const rows = JSON.parse(text);
  assert.equal(rows.length, 1, text);
  assert.deepEqual(Object.keys(rows[0]).sort(), ['__proto__', 'constructor', 'eventName'], text);
  assert.equal(rows[0].__proto__, 2);
  assert.equal(rows[0].constructor, 1);
  // Keys in the table's column order.
  const at = t.header.map((c) => text.indexOf(`${JSON.stringify(c)}:`));
  assert.ok(
    at.every((i, k) => i > 0 && (k === 0 || i > at[k - 1])),
    text,
  );
});

test('the field browser lists CloudTrail fields of plain messages, and a click filters by one', async () => {
  const st = await runQuery(page, '_sourceCategory = cm-core/cloudtrail "AccessDenied"');
  assert.equal(st.state, 'done', st.text);
  const before = Number(
    (await page.getByTestId('result-meta').textContent()).match(/([\d,]+) message/)[1].replace(/,/g, ''),
  );
  const field = page.locator('[data-testid=field][data-field=eventName]');
  await field.locator('button').first().click();
  const value = field.getByTestId('field-value').first();
  await value.waitFor();
  await value.click();
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid=status]').dataset.state === 'done' &&
      /\| where eventName = "/.test(document.querySelector('[data-testid=query-editor]').textContent),
  );
  await settled(page);
  const after = Number(
    (await page.getByTestId('result-meta').textContent()).match(/([\d,]+) message/)[1].replace(/,/g, ''),
  );
  assert.ok(after > 0 && after < before, `the filter narrows ${before} messages to ${after}`);
});

test('dashboard queries are scoped by the engine to the loaded category and open with their variables written in', async () => {
  await page.getByTestId('tab-dashboard').click();
  await page.getByTestId('dashboard-picker').getByText('Access denied').click();
  const panel = page.locator('[data-testid=panel][data-panel-id=agent-users]');
  await panel.waitFor();
  await panel.getByRole('button', { name: 'Query', exact: true }).click();
  const shown = await panel.locator('.ts-dash-qtext').textContent();
  // The app writes the category bare; the engine's rewrite quotes the loaded one.
  assert.match(shown, /^_sourceCategory = "[^"]+"\s+"\\"errorCode/, shown);
  assert.match(shown, /\{\{agent\}\}/, 'the panel shows its template as written');
  await panel.getByRole('button', { name: 'Open in editor' }).click();
  await page.getByTestId('search-view').waitFor();
  await settled(page);
  const text = await page.getByTestId('query-editor').textContent();
  assert.match(text, /userAgent contains "IntelliJ"/, text);
  assert.doesNotMatch(text, /\{\{/, text);
});

test('a pasted query with a category nothing has offers to set it', async () => {
  await runQuery(page, '_sourceCategory = Labs/AWS/CloudTrail* | count by eventName');
  const banner = page.getByTestId('category-mismatch');
  await banner.waitFor();
  assert.match(await banner.textContent(), /Labs\/AWS\/CloudTrail\*/);
});

test('a wrong query underlines the mistake and says what to do', async () => {
  const st = await runQuery(page, '_sourceCategory = cm-core/cloudtrail | cont by eventName');
  assert.equal(st.state, 'error');
  const d = page.getByTestId('diagnostic');
  await d.waitFor();
  assert.match(await d.textContent(), /count/);
});

test("no request left the page's origin, and the page logged no error", async () => {
  assert.deepEqual(b.foreign, []);
  assert.ok(
    server.log.some((u) => u.includes('geo/city.tsgeo')),
    "the geo table came from the page's own folder",
  );
  assert.deepEqual(
    b.errors.filter((e) => !e.includes('favicon')),
    [],
  );
});
