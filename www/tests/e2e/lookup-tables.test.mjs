// Lookup tables from dropped files: a CSV becomes `lookup ... from NAME`, a STIX bundle answers
// `lookup ... from sumo://threat/cs` (the engine's rule, `Session::add_table`), the load report
// says which, and the tables survive a worker restart as the events do.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ROOT, serve, browser, settled, runQuery, readTable } from './support.mjs';

const LOOKUPS = join(ROOT, 'tests', 'fixtures', 'lookups');
const TRAP = '__trailscope_trap__';
const THREAT =
  '* | json "sourceIPAddress" as ip | lookup actor, threatlevel from sumo://threat/cs on threat = ip | where !isNull(threatlevel) | count by ip, actor, threatlevel | sort by ip asc';
const ADMINS =
  '* | json "userIdentity.userName" as user | lookup team from /shared/aws/cloudtrail/admin_users on admin_user = user | count by user, team | sort by user asc';
let server, b, page;

before(async () => {
  server = await serve();
  b = await browser(server.url);
  page = b.page;
});

after(async () => {
  await b?.close();
  await server?.close();
});

/** Drops files (File objects built in the page from { name, text } or { name, base64 }) as one batch. */
async function dropFiles(files) {
  const seq = await page.getByTestId('status').evaluate((s) => Number(s.dataset.seq));
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    for (const f of list) dt.items.add(new File([f.base64 ? bytes(f.base64) : f.text], f.name));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=status]').dataset.seq) > n, seq);
  return settled(page, 120000);
}

/** A query's rows as text, through the editor. */
async function rows(query) {
  const st = await runQuery(page, query);
  assert.equal(st.state, 'done', `${query}: ${st.text}`);
  const t = await readTable(page.getByTestId('results'));
  return t.rows.map((r) => r.join(' | '));
}

test('dropped CSV and STIX files are lookup tables, named in the report, kept across a restart', async () => {
  await page.goto(server.url + '?test-faults#sample=off');
  await settled(page, 120000);
  const record = (id, ip, user) => ({
    eventID: id,
    eventTime: '2024-01-05T10:00:00Z',
    eventName: 'GetObject',
    sourceIPAddress: ip,
    userIdentity: { userName: user },
  });
  const trail = JSON.stringify({
    Records: [record('1', '81.2.69.142', 'root'), record('2', '192.0.2.1', 'tester'), record('3', '192.0.2.2', 'x')],
  });
  const st = await dropFiles([
    { name: 'trail.json', text: trail },
    { name: 'threat-bundle.json', text: readFileSync(join(LOOKUPS, 'threat-bundle.json'), 'utf8') },
    { name: 'admin_users.csv', text: readFileSync(join(LOOKUPS, 'admin_users.csv'), 'utf8') },
  ]);
  assert.equal(st.state, 'done', st.text);
  const lines = await page.getByTestId('load-tables').locator('li').allTextContents();
  assert.deepEqual(lines, [
    'threat-bundle.json: 3 indicators for sumo://threat/cs',
    'admin_users.csv: lookup table `admin_users`, 2 rows, columns admin_user, team',
  ]);
  assert.match(
    await page.getByTestId('load-headline').textContent(),
    /^Loaded 3 events from 3 files .*2 lookup tables/,
  );

  const threat = ['81.2.69.142 | EXAMPLE KITTEN | high | 1'];
  const admins = ['root | security | 1', 'tester | platform | 1', 'x |  | 1']; // no row: the team is empty
  assert.deepEqual(await rows(THREAT), threat);
  assert.deepEqual(await rows(ADMINS), admins);
  assert.deepEqual(
    await rows(
      '* | json "userIdentity.userName" as user | lookup team from admin_users on admin_user = user | where !isNull(team) | count',
    ),
    ['2'],
  );

  // A trap ends the worker; the fresh one is given the files again, tables included.
  const trapped = await runQuery(page, TRAP);
  assert.equal(trapped.state, 'error', trapped.text);
  assert.match(trapped.text, /the engine failed on this query/);
  assert.deepEqual(await rows(THREAT), threat);
  assert.deepEqual(await rows(ADMINS), admins);
});

test('a gzipped CSV is the lookup table it holds', async () => {
  await page.goto(server.url + '#sample=off');
  await settled(page, 120000);
  const trail = JSON.stringify({
    Records: [{ eventID: '1', eventTime: '2024-01-05T10:00:00Z', userIdentity: { userName: 'root' } }],
  });
  const csv = gzipSync(readFileSync(join(LOOKUPS, 'admin_users.csv')));
  const st = await dropFiles([
    { name: 'trail.json', text: trail },
    { name: 'admin_users.csv.gz', base64: csv.toString('base64') },
  ]);
  assert.equal(st.state, 'done', st.text);
  const lines = await page.getByTestId('load-tables').locator('li').allTextContents();
  assert.deepEqual(lines, ['admin_users.csv.gz: lookup table `admin_users`, 2 rows, columns admin_user, team']);
  assert.deepEqual(await rows(ADMINS), ['root | security | 1']);
});
