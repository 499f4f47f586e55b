// Takes the screenshots of the main views into docs/screenshots/ (run: node www/tests/e2e/screenshots.mjs,
// or with numbers, e.g. `10 11`, for only those). Not a test: a person looks at them.

import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { serve, browser, settled, runQuery, ROOT } from './support.mjs';
import { blogBucket, hostileGzips } from './fixtures.mjs';

const out = (name) => join(ROOT, 'docs', 'screenshots', `${name}.png`);
const server = await serve();
const b = await browser(server.url);
const { page } = b;
const only = process.argv.slice(2);
const want = (n) => !only.length || only.includes(String(n));
const shot = async (name, opts = {}) => {
  await page.waitForTimeout(600);
  await page.screenshot({ path: out(name), ...opts });
  console.log('wrote', out(name));
};

if (only.length === 0 || only.some((n) => Number(n) <= 9)) {
  await page.goto(`${server.url}#dashboard=console-logins`);
  await settled(page);
  await page.locator('[data-testid=panel][data-state=done]').first().waitFor({ timeout: 60000 });
  await page.getByTestId('map-point').first().waitFor({ timeout: 60000 });
  await page.waitForFunction(
    () =>
      ![...document.querySelectorAll('[data-testid=panel]')].some(
        (p) => p.dataset.state === 'running' || p.dataset.state === 'queued',
      ),
    null,
    { timeout: 120000 },
  );
  await shot('1-console-logins-dashboard', { fullPage: true });

  await page.getByTestId('map').scrollIntoViewIfNeeded();
  const pts = page.getByTestId('map-point');
  await pts.nth(0).hover({ force: true });
  await shot('2-login-map-tooltip');
  await pts.nth(0).click({ force: true });
  await page.getByTestId('drilldown-summary').waitFor({ timeout: 30000 });
  await page.getByTestId('drilldown-event').first().click();
  await page.getByTestId('drilldown-raw').first().waitFor();
  await shot('3-drilldown');
  await page.getByTestId('drilldown-close').click();

  await page.getByTestId('dashboard-picker').getByText('Access denied').click();
  await page.waitForFunction(
    () =>
      ![...document.querySelectorAll('[data-testid=panel]')].some(
        (p) => p.dataset.state === 'running' || p.dataset.state === 'queued',
      ),
    null,
    { timeout: 120000 },
  );
  await shot('4-access-denied-dashboard', { fullPage: true });

  await runQuery(
    page,
    `_sourceCategory = cloudtrail "AccessDenied"
| json "userAgent", "userIdentity.userName" as agent, user nodrop
| count by agent, user | sort by _count`,
  );
  await shot('5-search-table');
  await page.getByTestId('chart-picker').locator('[data-view=bar]').click();
  await shot('6-search-bar-chart');

  await runQuery(page, '_sourceCategory = cloudtrail "ConsoleLogin"');
  await page.getByTestId('message').first().click();
  await page.getByTestId('raw-json').first().waitFor();
  await shot('7-messages');

  await runQuery(page, '_sourceCategory = cloudtrail | json "eventName" | cont by eventName');
  await shot('8-query-error');

  const bucket = blogBucket();
  await page.getByTestId('clear-sample').click();
  await page.getByTestId('category').fill('cm-core/cloudtrail');
  await page.getByTestId('folder-input').setInputFiles(bucket);
  await settled(page);
  await page.getByTestId('load-report').scrollIntoViewIfNeeded();
  await shot('9-load-report');
  rmSync(bucket, { recursive: true, force: true });
}

if (want(10)) {
  // The blog bucket with truncated, forged-size and scalar-bomb gzips: each is named in the report
  // with what is wrong (they once made the engine trap; recovery is shot 11 and the e2e).
  const hostile = blogBucket();
  hostileGzips(join(hostile, 'AWSLogs', '218007301253', 'CloudTrail', 'us-east-1', '2023', '07', '10'));
  await page.goto('about:blank');
  await page.goto(
    `${server.url}#sample=off&view=search&q=${encodeURIComponent('* | count by eventSource | sort by _count')}`,
  );
  await settled(page);
  await page.getByTestId('folder-input').setInputFiles(hostile);
  await page.getByTestId('load-report').waitFor({ timeout: 300000 });
  await settled(page);
  await page.getByTestId('load-report').scrollIntoViewIfNeeded();
  await shot('10-recovered-load');
  rmSync(hostile, { recursive: true, force: true });
}

if (want(11)) {
  // ?test-faults: the query __trailscope_trap__ makes the engine trap (engine/protocol.md).
  await page.goto('about:blank');
  await page.goto(`${server.url}?test-faults#view=search&q=__trailscope_trap__`);
  await settled(page);
  await page.getByTestId('diagnostic').waitFor();
  await shot('11-recovered-query');
}

if (want(12)) {
  // The Explain view: the engine's stages for a query over the sample.
  await page.goto('about:blank');
  await page.goto(`${server.url}#view=search`);
  await settled(page);
  await runQuery(
    page,
    `"ConsoleLogin" | json "eventName", "sourceIPAddress" as name, ip | where !isNull(ip)
| count by name, ip | sort by _count | limit 10`,
  );
  await page.getByTestId('explain-query').click();
  await page.getByTestId('explain').waitFor();
  await page.getByTestId('explain').scrollIntoViewIfNeeded();
  await shot('12-explain');
}

if (want(13)) {
  // The Patterns view: the sample's signatures (logreduce) with their counts.
  await page.goto('about:blank');
  await page.goto(`${server.url}#view=patterns`);
  await settled(page);
  await page.getByTestId('patterns-view').locator('[role=gridcell]').first().waitFor({ timeout: 120000 });
  await shot('13-patterns');
}

if (want(14)) {
  // The Detections view over the sample: counts by level, alerts by rule, over time, the alerts;
  // then one alert's panel with its event's JSON, and a rule's with its attribution.
  await page.goto('about:blank');
  await page.goto(`${server.url}#view=detections`);
  await settled(page);
  await page.waitForFunction(
    () => document.querySelector('[data-testid=detections-status]')?.getAttribute('data-state') === 'done',
    null,
    { timeout: 120000 },
  );
  await page.getByTestId('detections-view').scrollIntoViewIfNeeded();
  await shot('14-detections', { fullPage: true });
  // A behaviour baseline's alert: its detail sentence, its events.
  await page.getByTestId('detections-levels').locator('[data-level=medium]').click();
  await page.getByTestId('detections-alert').filter({ hasText: 'Console Sign-In Without MFA' }).first().click();
  await page.getByTestId('alert-raw').first().waitFor();
  await shot('15-detections-alert');
  await page.getByTestId('alert-open-rule').click();
  await page.getByTestId('rule-detail').getByTestId('rule-license').waitFor();
  await shot('16-detections-rule');
}

if (b.foreign.length || b.errors.length) console.log('foreign', b.foreign, 'errors', b.errors);
await b.close();
await server.close();
