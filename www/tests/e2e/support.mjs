// Test support: serves dist/ on 127.0.0.1, drives Debian's chromium through playwright-core,
// and records every request that tries to leave the page's origin.

import { createServer } from 'node:http';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DIST = process.env.TRAILSCOPE_DIST || join(ROOT, 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.tsgeo': 'application/octet-stream',
  '.png': 'image/png',
};

/** A static server for `dir` on 127.0.0.1 and a free port; `close()` stops it. */
export async function serve(dir = DIST) {
  const log = [];
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    log.push(req.url);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return listening(server, log);
}

/** Starts `server` on 127.0.0.1 and a free port: its URL, `log`, and `close` (which ends open connections too). */
async function listening(server, log) {
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return {
    url,
    log,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A server on 127.0.0.1 and a free port that answers 200 to anything and lists every request
 * and WebSocket upgrade that reaches it in `log` (as "METHOD /path"): the other origin that
 * the page must never reach.
 */
export async function recorder() {
  const log = [];
  const server = createServer((req, res) => {
    log.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' }).end('reached');
  });
  server.on('upgrade', (req, socket) => {
    log.push(`UPGRADE ${req.url}`);
    socket.destroy();
  });
  return listening(server, log);
}

/**
 * Starts chromium with a fresh profile. Requests to any origin but `allowed` (a prefix, or a
 * list of them; blob:/data: too) are aborted and listed in `foreign`; page errors and dialogs
 * are listed too. `timezoneId` sets the browser's time zone (the machine's otherwise).
 */
export async function browser(allowed, { extraArgs = [], timezoneId } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'trailscope-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    viewport: { width: 1400, height: 900 },
    ...(timezoneId ? { timezoneId } : {}),
  });
  const foreign = [];
  const errors = [];
  const dialogs = [];
  const prefixes = [allowed || []].flat();
  const ok = (u) =>
    u.startsWith('blob:') ||
    u.startsWith('data:') ||
    prefixes.some((p) => u.startsWith(p)) ||
    (!prefixes.length && u.startsWith('file:'));
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (ok(u)) return route.continue();
    foreign.push(u);
    return route.abort();
  });
  context.on('request', (r) => {
    if (!ok(r.url())) foreign.push(r.url());
  });
  const page = context.pages()[0] || (await context.newPage());
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  return {
    context,
    page,
    foreign,
    errors,
    dialogs,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the status line reaches a final state and returns it. */
export async function settled(page, timeout = 60000) {
  // Terminal and still so a moment later: a load that ends may start the link's query at once.
  const end = Date.now() + timeout;
  for (;;) {
    await page.waitForFunction(
      () => {
        const s = document.querySelector('[data-testid=status]');
        return s && (s.dataset.state === 'done' || s.dataset.state === 'error' || s.dataset.state === 'idle');
      },
      null,
      { timeout: Math.max(1000, end - Date.now()) },
    );
    const a = await page.getByTestId('status').evaluate((s) => s.dataset.seq);
    await page.waitForTimeout(250);
    const b = await page
      .getByTestId('status')
      .evaluate((s) => ({ seq: s.dataset.seq, state: s.dataset.state, text: s.textContent }));
    if (a === b.seq && ['done', 'error', 'idle'].includes(b.state)) return { state: b.state, text: b.text };
    if (Date.now() > end) throw new Error(`the page did not settle: ${b.state} ${b.text}`);
  }
}

/**
 * Types a query into the editor and runs it with Ctrl+Enter, `pauseMs` after typing (as a
 * person finishes); returns the final status and `ms` from the key press to it.
 */
export async function runQuery(page, text, { pauseMs = 0 } = {}) {
  await page.getByTestId('tab-search').click();
  const ed = page.getByTestId('query-editor');
  await ed.click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await ed.fill(text);
  if (pauseMs) await page.waitForTimeout(pauseMs);
  const before = await page.getByTestId('status').evaluate((s) => Number(s.dataset.seq || 0));
  const t = Date.now();
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(
    (b) => {
      const s = document.querySelector('[data-testid=status]');
      return Number(s.dataset.seq) > b + 1 && s.dataset.state !== 'running';
    },
    before,
    { timeout: 120000, polling: 10 },
  );
  const ms = Date.now() - t;
  return { ...(await settled(page)), ms };
}

/** The whole result table as header + rows of cell text, scrolling the virtualized grid through. */
export async function readTable(page) {
  return page.getByTestId('result-table').evaluate(async (t) => {
    const seen = new Map();
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const total = Number(t.getAttribute('aria-rowcount'));
    t.scrollTop = 0;
    await frame();
    for (let guard = 0; guard < 100000; guard++) {
      for (const r of t.querySelectorAll('[role=row]')) {
        seen.set(
          Number(r.getAttribute('aria-rowindex')),
          [...r.querySelectorAll('[role=columnheader],[role=gridcell]')].map((c) => c.textContent),
        );
      }
      if (seen.size >= total) break;
      const before = t.scrollTop;
      t.scrollTop += Math.max(1, t.clientHeight - 60);
      await frame();
      if (t.scrollTop === before) break;
    }
    const rows = [...seen.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
    return { header: rows[0], rows: rows.slice(1), rowcount: total };
  });
}
