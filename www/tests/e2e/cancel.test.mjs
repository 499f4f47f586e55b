// Cancelling a long load keeps what was loaded before it and what it had read so far.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, browser, settled, runQuery } from './support.mjs';

const count = (text) => Number(text.match(/^([\d,]+) events?/)[1].replace(/,/g, ''));

test('cancel stops a load between files and keeps everything loaded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailscope-many-'));
  const FILES = 8000;
  for (let i = 0; i < FILES; i++) {
    const rec = {
      eventVersion: '1.08',
      eventTime: `2024-05-01T10:00:${String(i % 60).padStart(2, '0')}Z`,
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      awsRegion: 'us-east-1',
      sourceIPAddress: '198.51.100.7',
      eventID: `many-${i}`,
    };
    writeFileSync(join(dir, `f${i}.json`), JSON.stringify({ Records: [rec] }));
  }
  const server = await serve();
  const b = await browser(server.url);
  try {
    const { page } = b;
    await page.goto(server.url);
    await settled(page);
    const before = count(await page.getByTestId('data-summary').textContent());
    // Loading into the sample would replace it: clear it, and load one file to keep.
    await page.getByTestId('clear-sample').click();
    await page.waitForFunction(() =>
      /No events/.test(document.querySelector('[data-testid=data-summary]').textContent),
    );
    await page.getByTestId('file-input').setInputFiles(join(dir, 'f0.json'));
    await page.waitForFunction(() =>
      /^1 event\b/.test(document.querySelector('[data-testid=data-summary]').textContent),
    );
    await page.getByTestId('folder-input').setInputFiles(dir);
    await page.getByTestId('cancel-load').waitFor({ state: 'visible' });
    await page.getByTestId('cancel-load').click();
    const st = await settled(page, 120000);
    const headline = await page.getByTestId('load-headline').textContent();
    assert.match(headline, /cancelled before the end/, headline);
    const after = count(await page.getByTestId('data-summary').textContent());
    assert.ok(
      after >= 1 && after < FILES,
      `the first file stays and the load stopped early: ${after} events (${st.text})`,
    );
    assert.ok(before > after, 'the sample was replaced, as a drop does');
    // A cancel belongs to its load: the next request runs.
    const q = await runQuery(page, '* | count');
    assert.equal(q.state, 'done', q.text);
    assert.deepEqual(b.foreign, []);
  } finally {
    await b.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
