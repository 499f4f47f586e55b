// The Detections view over a folder of CloudTrail with planted events and two dropped Sigma rules
// (tests/fixtures/detections; its README lists what each event is): the alerts and counts by
// level the engine finds, an alert's raw JSON and its search, a rule's author and license, the
// rules' diagnostics, a hostile value drawn as text, the engine's CSV and JSON exports, the
// countries placeholder, the Overview's strip, and the dropped rules kept across a worker restart.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, serve, browser, settled, runQuery } from './support.mjs';

const FIXTURE = join(ROOT, 'tests', 'fixtures', 'detections');
const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const TRAP = '__trailscope_trap__';
// What `trailscope detect --rules tests/fixtures/detections/rules tests/fixtures/detections/AWSLogs` prints:
// the Sigma rules' alerts and the behaviour baselines' (Console Sign-In Without MFA, Root User Activity).
const BY_RULE = [
  ['AWS Successful Console Login Without MFA', 'medium', '3'],
  ['Console Sign-In Without MFA', 'medium', '3'],
  ['AWS CloudTrail Important Change', 'medium', '1'],
  ['AWS Root Credentials', 'medium', '1'],
  ['AWS User Login Profile Was Modified', 'high', '1'],
  ['Planted IAM user policy deleted', 'critical', '1'],
  ['Root User Activity', 'high', '1'],
];

let server, b, page;

before(async () => {
  server = await serve();
  b = await browser(server.url);
  page = b.page;
  await page.goto(`${server.url}?test-faults#sample=off`);
  await settled(page, 120000);
  await page.getByTestId('folder-input').setInputFiles(FIXTURE);
  await page.getByTestId('load-report').waitFor({ timeout: 120000 });
  const st = await settled(page, 120000);
  assert.equal(st.state, 'done', st.text);
});

after(async () => {
  await b?.close();
  await server?.close();
});

/** Opens Detections and waits for the run to end; answers its status line. */
async function detectionsDone() {
  await page.getByTestId('tab-detections').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid=detections-status]')?.getAttribute('data-state') === 'done',
    null,
    { timeout: 120000 },
  );
  return page.getByTestId('detections-status').textContent();
}

/** The level chips as { level: count }. */
function chips() {
  return page
    .getByTestId('detections-levels')
    .locator('button')
    .evaluateAll((bs) =>
      Object.fromEntries(bs.map((x) => [x.dataset.level, Number(x.querySelector('.det-chip-n').textContent)])),
    );
}

/** The alerts-by-rule table as [title, level, count]. */
function byRule() {
  return page
    .getByTestId('detections-rule-row')
    .evaluateAll((rows) =>
      rows.map((r) => [
        r.querySelector('[data-testid=detections-rule-title]').textContent,
        r.querySelector('.det-level').textContent,
        r.querySelector('[data-testid=detections-rule-count]').textContent,
      ]),
    );
}

test('the load report names the dropped rules; Detections shows the planted alerts by level and rule', async () => {
  const rules = await page.getByTestId('load-rules').locator('li').allTextContents();
  assert.deepEqual(rules.sort(), [
    'detections/rules/broken_rule.yml: Sigma rule `broken_rule.yml`: Planted rule with an unsupported modifier',
    'detections/rules/my_rule.yml: Sigma rule `my_rule.yml`: Planted IAM user policy deleted',
  ]);
  assert.match(await page.getByTestId('load-headline').textContent(), /2 Sigma rules/);

  const line = await detectionsDone();
  assert.match(line, /^11 alerts from 7 of 68 rules run \(70 loaded\) in [\d,]+ ms$/, line);
  assert.deepEqual(await chips(), { all: 11, critical: 1, high: 2, medium: 8 });
  assert.deepEqual(await byRule(), BY_RULE);
  // ATT&CK tags of the user's rule, as techniques and tactics.
  const tags = await page
    .getByTestId('detections-rule-row')
    .filter({ hasText: 'Planted IAM' })
    .locator('.det-tag')
    .allTextContents();
  assert.deepEqual(tags, ['Persistence', 'T1098']);
  assert.equal(await page.getByTestId('detections-alert').count(), 11);
  await page.getByTestId('detections-timeline').locator('svg').first().waitFor();

  // A chip filters the alerts; a second click shows all again.
  await page.getByTestId('detections-levels').locator('[data-level=critical]').click();
  const rows = await page.getByTestId('detections-alert').allTextContents();
  assert.equal(rows.length, 1);
  assert.match(rows[0], /Planted IAM user policy deleted/);
  assert.match(rows[0], /planted-5/);
  await page.getByTestId('detections-levels').locator('[data-level=critical]').click();
  assert.equal(await page.getByTestId('detections-alert').count(), 11);

  // The rules list: the user's rules first, the broken one's diagnostic with code and line.
  await page.getByTestId('detections-rules').locator('summary').waitFor();
  const diags = await page.getByTestId('detections-diagnostic').allTextContents();
  assert.ok(
    diags.includes('S003 line 9: unsupported: the modifier `base64offset` is not supported'),
    JSON.stringify(diags),
  );
  const broken = page.getByTestId('detections-rule').filter({ hasText: 'unsupported modifier' });
  assert.equal(await broken.getAttribute('data-runs'), 'false');
  assert.equal(await broken.getAttribute('data-builtin'), 'false');
});

test('a hostile ARN, source IP and user agent are drawn as text', async () => {
  await detectionsDone();
  const rows = page.getByTestId('detections-alert').filter({ hasText: 'planted-6' });
  const baseline = await rows.filter({ hasText: 'Console Sign-In Without MFA' }).locator('td').allTextContents();
  assert.equal(baseline[7], `console sign-in of an IAM user without MFA from ${HOSTILE}`, 'detail');
  const hostile = rows.filter({ hasText: 'AWS Successful Console Login Without MFA' });
  const cells = await hostile.locator('td').allTextContents();
  assert.equal(cells[3], HOSTILE, 'principal');
  assert.equal(cells[4], HOSTILE, 'source IP');
  await hostile.click();
  await page.getByTestId('alert-raw').first().waitFor();
  assert.match(await page.getByTestId('alert-raw').first().textContent(), /"userAgent": "<img src=x onerror=/);
  assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0, 'no element was made');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.getByTestId('alert-detail-close').click();
});

test("an alert opens its event's raw JSON, its rule's attribution, and a search for its eventID", async () => {
  await detectionsDone();
  await page.getByTestId('detections-alert').filter({ hasText: 'planted-3' }).click();
  const panel = page.getByTestId('alert-detail');
  await panel.waitFor();
  assert.equal(await panel.locator('h2').textContent(), 'AWS User Login Profile Was Modified');
  const raw = page.getByTestId('alert-raw').first();
  await raw.waitFor();
  const text = await raw.textContent();
  assert.equal(JSON.parse(text).eventID, 'planted-3');
  assert.match(text, /^\{\n {2}"eventVersion": "1.09",\n/, 'pretty-printed');
  const license = await panel.getByTestId('rule-license').textContent();
  assert.match(license, /^Rule by .+ · reference · Bundled rules: SigmaHQ/);
  assert.match(license, /Detection Rule License \(DRL\) 1\.1/);
  const links = await panel
    .getByTestId('rule-license')
    .locator('a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.includes('https://github.com/SigmaHQ/sigma'), JSON.stringify(links));

  await panel.getByTestId('alert-open-search').click();
  await page.getByTestId('search-view').waitFor();
  await page.waitForFunction(() => /messages? in/.test(document.querySelector('[data-testid=status]').textContent));
  const st = await settled(page);
  assert.match(st.text, /^1 message in/, st.text);
  assert.match(await page.getByTestId('query-editor').textContent(), /"planted-3"/);
  assert.equal(await page.getByTestId('alert-detail').count(), 0, 'the panel closed');
});

test("a rule opens its author, references, license and text; a rule file's non-http reference stays text", async () => {
  await detectionsDone();
  await page.getByTestId('detections-rule-title').filter({ hasText: 'AWS Root Credentials' }).click();
  const panel = page.getByTestId('rule-detail');
  await panel.waitFor();
  assert.ok((await panel.getByTestId('rule-author').textContent()).length > 0);
  assert.match(await panel.getByTestId('rule-license').textContent(), /Detection Rule License/);
  assert.match(await panel.getByTestId('rule-text').textContent(), /^title: AWS Root Credentials\n/);
  await panel.getByTestId('rule-detail-close').click();

  await page.getByTestId('detections-rule-title').filter({ hasText: 'Planted IAM' }).click();
  await panel.waitFor();
  assert.equal(await panel.getByTestId('rule-author').textContent(), 'Trailscope tests');
  assert.match(
    await panel.getByTestId('rule-license').textContent(),
    /your rule, from detections\/rules\/my_rule\.yml$/,
  );
  const hrefs = await panel.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(
    hrefs.includes('https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPolicy.html'),
    JSON.stringify(hrefs),
  );
  assert.ok(!hrefs.some((h) => !/^https?:/.test(h)), JSON.stringify(hrefs));
  assert.match(await panel.textContent(), /javascript:window\.__pwned=2/);
  assert.match(await panel.textContent(), /An administrator tidying up <b>policies<\/b>/);
  await panel.getByTestId('rule-detail-close').click();
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
});

test("a rule's equivalent Sumo query opens in Search and finds its event; a rule without one says why", async () => {
  await detectionsDone();
  await page.getByTestId('detections-rule-title').filter({ hasText: 'AWS Root Credentials' }).click();
  const panel = page.getByTestId('rule-detail');
  const query = await panel.getByTestId('rule-query').textContent();
  assert.match(query, /userIdentity\.type/, query);
  await panel.getByTestId('rule-open-query').click();
  await page.getByTestId('search-view').waitFor();
  await page.waitForFunction(() => /messages? in/.test(document.querySelector('[data-testid=status]').textContent));
  const st = await settled(page);
  assert.match(st.text, /^1 message in/, st.text);
  assert.equal(await page.getByTestId('query-editor').textContent(), query);
  assert.equal(await page.getByTestId('rule-detail').count(), 0, 'the panel closed');

  await detectionsDone();
  await page.getByTestId('detections-rule').filter({ hasText: 'unsupported modifier' }).locator('button').click();
  await panel.waitFor();
  assert.equal(await panel.getByTestId('rule-open-query').count(), 0);
  assert.match(await panel.textContent(), /no equivalent Sumo query: the rule does not run/);
  await panel.getByTestId('rule-detail-close').click();
});

test('the exports are the engine’s: CSV with the CLI’s header and a row per alert, JSON with every alert', async () => {
  await detectionsDone();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('detections-export-csv').click()]);
  const text = readFileSync(await csv.path(), 'utf8');
  const lines = text.replace(/^\uFEFF/, '').split('\r\n');
  assert.equal(lines[0], 'time,level,rule_id,rule,principal,source_ip,event_name,event_id,detail');
  assert.equal(lines.at(-1), '', 'ends with CRLF');
  assert.equal(lines.length - 2, 11);
  assert.ok(
    lines.includes(
      '2024-03-05T12:30:00Z,critical,8d1c3b0e-5f52-4c52-9c4e-2f1b4f0a7d11,Planted IAM user policy deleted,arn:aws:iam::111122223333:user/alice,203.0.113.10,DeleteUserPolicy,planted-5,',
    ),
    text,
  );
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('detections-export-json').click()]);
  const doc = JSON.parse(readFileSync(await json.path(), 'utf8'));
  assert.equal(doc.alerts.length, 11);
  assert.equal(doc.summary.by_level.critical, 1);
});

test('legitimate countries run the placeholder rule; the Overview strip opens Detections at a level', async () => {
  await detectionsDone();
  await page.getByTestId('detections-countries').fill('us, ca');
  await page.getByTestId('detections-countries').press('Enter');
  await page.waitForFunction(
    () => /^14 alerts/.test(document.querySelector('[data-testid=detections-status]').textContent),
    null,
    { timeout: 120000 },
  );
  assert.equal(await page.getByTestId('detections-countries').inputValue(), 'US, CA');
  assert.deepEqual(await chips(), { all: 14, critical: 1, high: 2, medium: 11 });
  assert.deepEqual((await byRule())[0], ['AWS Console Login Monitoring', 'medium', '3']);

  await page.getByTestId('tab-dashboard').click();
  await page.getByTestId('dashboard-picker').getByText('Overview').click();
  const strip = page.getByTestId('detections-strip');
  await strip.locator('[data-level=high]').waitFor();
  assert.deepEqual(await strip.locator('button[data-level]').allTextContents(), ['1 critical', '2 high', '11 medium']);
  await strip.locator('[data-level=high]').click();
  assert.ok(await page.getByTestId('detections-view').isVisible());
  assert.equal(await page.getByTestId('detections-alert').count(), 2);
  await page.getByTestId('detections-levels').locator('[data-level=high]').click();
});

test('the dropped rules survive a worker restart: the fresh engine runs them again', async () => {
  const st = await runQuery(page, TRAP);
  assert.equal(st.state, 'error', st.text);
  assert.match(st.text, /the engine failed on this query/);
  await page.getByTestId('tab-detections').click();
  const runs = Number(await page.getByTestId('detections-status').getAttribute('data-runs'));
  await page.getByTestId('detections-run').click();
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid=detections-status]').getAttribute('data-runs')) > n,
    runs,
    { timeout: 120000 },
  );
  const line = await detectionsDone();
  assert.match(line, /^14 alerts from 8 of 69 rules run \(70 loaded\)/, line);
  assert.ok((await byRule()).some(([title]) => title === 'Planted IAM user policy deleted'));
  assert.deepEqual(b.foreign, []);
  assert.deepEqual(
    b.errors.filter((e) => !/deliberate fault|unreachable/.test(e)),
    [],
  );
});

test('a rule dropped alone runs over the sample, which stays loaded', async () => {
  await page.goto('about:blank');
  await page.goto(server.url);
  await settled(page, 120000);
  await page.getByTestId('sample-banner').waitFor();
  // The run after the sample first, then the one after the drop.
  await detectionsDone();
  const runs = Number(await page.getByTestId('detections-status').getAttribute('data-runs'));
  await page.getByTestId('file-input').setInputFiles(join(FIXTURE, 'rules', 'my_rule.yml'));
  await page.getByTestId('load-rules').waitFor({ timeout: 60000 });
  const st = await settled(page, 120000);
  assert.equal(st.state, 'done', st.text);
  assert.match(st.text, /1 Sigma rule/);
  assert.ok(await page.getByTestId('sample-banner').isVisible(), 'the sample stays');
  assert.match(await page.getByTestId('data-summary').textContent(), /^20,000 events \(sample\)/);
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid=detections-status]').getAttribute('data-runs')) > n,
    runs,
    { timeout: 120000 },
  );
  const line = await detectionsDone();
  assert.match(line, /rules run \(69 loaded\)/, line);
  const mine = page.getByTestId('detections-rule').filter({ hasText: 'Planted IAM user policy deleted' });
  assert.equal(await mine.getAttribute('data-builtin'), 'false');
  assert.equal(await mine.getAttribute('data-runs'), 'true');
});

test('a run over the sample says how far it is as the engine reports it', async () => {
  // The page of the previous test: the sample (20,000 events) and one dropped rule.
  await detectionsDone();
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid=detections-status]');
    window.__detectTexts = [];
    new MutationObserver(() => window.__detectTexts.push(el.textContent)).observe(el, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  await page.getByTestId('detections-run').click();
  await detectionsDone();
  const texts = await page.evaluate(() => window.__detectTexts);
  const pcts = texts
    .map((t) => /… (\d+)%$/.exec(t))
    .filter(Boolean)
    .map((m) => Number(m[1]));
  assert.ok(pcts.length >= 2, JSON.stringify(texts));
  assert.deepEqual(
    pcts,
    [...pcts].sort((x, y) => x - y),
    'the percentage only rises',
  );
  assert.ok(
    pcts.some((p) => p > 0 && p < 100),
    JSON.stringify(pcts),
  );
});
