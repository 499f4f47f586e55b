// The worker is under the page's Content-Security-Policy too: code running in it that tries to
// reach another origin (fetch, XMLHttpRequest, importScripts, EventSource, WebSocket) gets
// nowhere. The other origin is a second server on 127.0.0.1 that the test harness lets through,
// so only the browser's policy stands between the worker and it; the server lists what reaches it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve, recorder, browser, settled, DIST } from './support.mjs';

/** Runs, inside `worker`, every way a worker has to reach `target`; returns what each did. */
function probe(worker, target) {
  return worker.evaluate(async (target) => {
    const within = (ms, p) => Promise.race([p, new Promise((r) => setTimeout(() => r('no answer'), ms))]);
    const out = {};
    try {
      const r = await fetch(`${target}fetch`);
      out.fetch = `answered ${r.status}`;
    } catch (e) {
      out.fetch = `refused: ${e}`;
    }
    out.xhr = await within(
      10000,
      new Promise((resolve) => {
        try {
          const x = new XMLHttpRequest();
          x.open('GET', `${target}xhr`);
          x.onload = () => resolve(`answered ${x.status}`);
          x.onerror = () => resolve('refused');
          x.send();
        } catch (e) {
          resolve(`refused: ${e}`);
        }
      }),
    );
    try {
      importScripts(`${target}import.js`);
      out.importScripts = 'ran';
    } catch (e) {
      out.importScripts = `refused: ${e}`;
    }
    out.eventSource = await within(
      10000,
      new Promise((resolve) => {
        try {
          const es = new EventSource(`${target}events`);
          es.onopen = () => {
            es.close();
            resolve('opened');
          };
          es.onerror = () => {
            es.close();
            resolve('refused');
          };
        } catch (e) {
          resolve(`refused: ${e}`);
        }
      }),
    );
    out.webSocket = await within(
      10000,
      new Promise((resolve) => {
        try {
          const ws = new WebSocket(`${target.replace(/^http/, 'ws')}socket`);
          ws.onopen = () => {
            ws.close();
            resolve('opened');
          };
          ws.onerror = () => resolve('refused');
        } catch (e) {
          resolve(`refused: ${e}`);
        }
      }),
    );
    return out;
  }, target);
}

/** The page's one engine worker, once it is running. */
async function engineWorker(page) {
  for (let i = 0; i < 200 && page.workers().length === 0; i++) await page.waitForTimeout(50);
  const ws = page.workers();
  assert.equal(ws.length, 1, `one worker: ${ws.map((w) => w.url())}`);
  return ws[0];
}

async function check(pageUrl, allowed) {
  const other = await recorder();
  const b = await browser([...allowed, other.url]);
  try {
    await b.page.goto(pageUrl);
    const st = await settled(b.page, 120000);
    assert.equal(st.state, 'done', st.text);
    const worker = await engineWorker(b.page);
    const got = await probe(worker, other.url);
    // What each way reported (a slow machine may leave one without an answer); what reached the
    // other server, below, is what counts.
    const leaked = Object.entries(got).filter(([, what]) => !/^(refused|no answer)/.test(what));
    assert.deepEqual(
      leaked,
      [],
      `every way out of the worker is refused: ${JSON.stringify(got)}; the other origin saw ${JSON.stringify(other.log)}`,
    );
    await b.page.waitForTimeout(500); // a request still on its way would arrive by now
    assert.deepEqual(other.log, [], 'nothing from the worker reached the other origin');
    // The harness lets the other origin through (a plain page reaches it), so only the policy stopped the worker.
    const control = await b.context.newPage();
    await control.goto(`${other.url}control`);
    await control.close();
    assert.ok(other.log.includes('GET /control'), `the other origin is reachable: ${JSON.stringify(other.log)}`);
    // A worker loaded from a URL would take its policy from its own response, not the page's:
    // the page's policy lets workers start from blob: URLs only.
    const fromUrl = await b.page.evaluate(async () => {
      try {
        const w = new Worker(new URL('worker.js', document.baseURI));
        const r = await new Promise((resolve) => {
          w.onerror = () => resolve('refused');
          setTimeout(() => resolve('started'), 10000);
        });
        w.terminate();
        return r;
      } catch (e) {
        return `refused: ${e.name}`;
      }
    });
    assert.match(fromUrl, /^refused/, `a worker from a URL is refused: ${fromUrl}`);
  } finally {
    await b.close();
    await other.close();
  }
}

test("the served folder's worker cannot reach another origin", async () => {
  const server = await serve();
  try {
    await check(server.url, [server.url]);
  } finally {
    await server.close();
  }
});

test("the single file's worker cannot reach another origin", async () => {
  const url = pathToFileURL(join(DIST, 'trailscope.html')).href;
  await check(url, [url]);
});
