// The main thread's handle on the engine: each call is a promise, run one at a time in order.
//
// The worker is disposable. A bug in the engine is a wasm trap, after which that engine answers
// nothing; so the client remembers what was given to the engine (the sample, each batch of
// files with its category and keep-duplicates choice, a category change) and, when a request
// fails that way or a query is cancelled, ends the worker, starts a fresh one and gives it all
// of that again: the loaded data stays. A file the engine failed on is left out and named in
// the load report; a query it failed on is named in the error.

import { Connection, EngineFault } from './connection.js';

/** @typedef {import('./protocol.js').Progress} Progress */
/** @typedef {import('./protocol.js').RestartEvent} RestartEvent */
/** @typedef {import('./protocol.js').Summary} Summary */
/** @typedef {import('./protocol.js').LoadReport} LoadReport */
/** @typedef {import('./protocol.js').LostFile} LostFile */
/** @typedef {import('./protocol.js').QueryAnswer} QueryAnswer */

/** A request ended by its AbortSignal. */
export class Cancelled extends Error {
  constructor(message, { reloadMs = 0 } = {}) {
    super(message);
    this.cancelled = true;
    this.reloadMs = reloadMs;
  }
}

/**
 * The engine failed on a request (a trap, a stack overflow); a fresh engine holds the data
 * again. `summary` is that engine's summary; `lost` names files that could not be loaded again.
 */
export class EngineFailure extends Error {
  /** @param {string} message @param {{ summary?: Summary | null, lost?: LostFile[], reloadMs?: number }} [more] */
  constructor(message, { summary = null, lost = [], reloadMs = 0 } = {}) {
    super(message);
    this.engineFailure = true;
    this.summary = summary;
    this.lost = lost;
    this.reloadMs = reloadMs;
  }
}

// Files one load may fail on (each costs a restart and a reload) before the rest is not tried.
const MAX_FILE_FAILURES = 20;

/** `?test-faults` in the page's address arms the worker's test-only trap (protocol.md). */
function faultsArmed() {
  try {
    return new URLSearchParams(location.search).has('test-faults');
  } catch {
    return false;
  }
}

export class EngineClient {
  constructor() {
    this.conn = null;
    /** @type {Promise<unknown>} the last request asked for: the next one waits for it */
    this.chain = Promise.resolve();
    // What the engine was given, in order, to give a fresh engine again: { kind: 'sample',
    // events, category } | { kind: 'load', files, category, keepDuplicates } | { kind:
    // 'setCategory', category }.
    this.given = [];
    this.faults = faultsArmed();
    /** @type {(p: Progress) => void} */
    this.onProgress = () => {};
    /** Told around a restart: { phase: 'start', reason }, then { phase: 'done', summary, lost, ms }. */
    /** @type {(e: RestartEvent) => void} */
    this.onRestart = () => {};
  }

  /**
   * Runs `fn` after every request asked before it.
   * @template T @param {() => T | Promise<T>} fn @returns {Promise<T>}
   */
  enqueue(fn) {
    const p = this.chain.then(fn);
    this.chain = p.catch(() => {});
    return p;
  }

  /**
   * Like `enqueue`, but `signal` drops at once a request still waiting for its turn.
   * @template T @param {() => Promise<T>} fn @param {AbortSignal | undefined} signal @param {string} what
   * @returns {Promise<T>}
   */
  enqueueCancellable(fn, signal, what) {
    if (!signal) return this.enqueue(fn);
    let started = false;
    const cancelled = () => new Cancelled(`${what} was cancelled before it started`);
    const queued = this.enqueue(() => {
      started = true;
      return signal.aborted ? Promise.reject(cancelled()) : fn();
    });
    // Once it runs, the request itself decides what a cancel means.
    /** @type {Promise<never>} */
    const waiting = new Promise((_, reject) => {
      const onAbort = () => {
        if (!started) reject(cancelled());
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      queued.finally(() => signal.removeEventListener('abort', onAbort)).catch(() => {});
    });
    return Promise.race([queued, waiting]);
  }

  /** @returns {Promise<import('./protocol.js').InitAnswer>} */
  async init() {
    return this.enqueue(async () => {
      this.conn = new Connection();
      return this.conn.init({ faults: this.faults });
    });
  }

  /** A fresh worker, when the last one failed outside a request. */
  async ready() {
    if (!this.conn || this.conn.dead) await this.restart(this.conn ? this.conn.dead : 'the engine was not started');
  }

  /**
   * Ends the worker and gives a fresh one everything in `given` again. A file the fresh engine
   * fails on is taken out of `given` and named in `lost`; a step that fails without naming a
   * file is taken out whole. Returns { summary, lost, ms }.
   * @param {string} reason @returns {Promise<{ summary: Summary, lost: LostFile[], ms: number }>}
   */
  async restart(reason) {
    const t0 = performance.now();
    this.onRestart({ phase: 'start', reason });
    if (this.conn) this.conn.terminate(reason);
    this.conn = null;
    /** @type {LostFile[]} */
    const lost = [];
    const total = this.given.reduce((n, g) => n + (g.kind === 'load' ? g.files.length : 0), 0);
    for (let attempt = 0; ; attempt++) {
      const conn = new Connection();
      this.conn = conn;
      await conn.init({ faults: this.faults });
      let summary = null;
      let step = 0;
      let done = 0;
      try {
        for (; step < this.given.length; step++) {
          const g = this.given[step];
          if (g.kind === 'sample')
            summary = (await conn.call('sample', { events: g.events, category: g.category })).summary;
          else if (g.kind === 'setCategory') summary = await conn.call('setCategory', { category: g.category });
          else {
            const base = done;
            const progress = (p) =>
              this.onProgress({ ...p, phase: 'reloading', filesDone: base + (p.filesDone || 0), filesTotal: total });
            summary = (await conn.load(g.files, g.category, g.keepDuplicates, progress).answer).summary;
            done += g.files.length;
          }
        }
        if (!summary) summary = await conn.call('clear');
        const ms = performance.now() - t0;
        this.onRestart({ phase: 'done', summary, lost, ms });
        return { summary, lost, ms };
      } catch (err) {
        if (!(err instanceof EngineFault)) throw err;
        conn.terminate(err.message);
        const g = this.given[step];
        if (g && g.kind === 'load' && err.file && attempt < MAX_FILE_FAILURES) {
          lost.push({ name: g.files[err.file.index].name, error: err.message });
          g.files = g.files.filter((_, i) => i !== err.file.index);
        } else {
          // Nothing better to do than to give up this step and what came after it.
          for (const s of this.given.slice(step))
            if (s.kind === 'load') lost.push(...s.files.map((f) => ({ name: f.name, error: err.message })));
          this.given = this.given.slice(0, step);
        }
      }
    }
  }

  /**
   * A request that changes nothing `given` holds, or whose change `record` notes on success.
   * @param {import('./protocol.js').RequestType} type
   * @param {object} args
   * @param {{ what?: string, record?: (ok: any) => void, progress?: (p: import('./protocol.js').Progress) => void }} [opts]
   * @returns {Promise<any>} the handler's answer (each method below names its type)
   */
  request(type, args = {}, opts = {}) {
    return this.enqueue(() => this.send(type, args, opts));
  }

  /**
   * Sends a request now (its turn has come): what `request` runs.
   * @param {import('./protocol.js').RequestType} type
   * @param {object} args
   * @param {{ what?: string, record?: (ok: any) => void, progress?: (p: import('./protocol.js').Progress) => void }} [opts]
   * @returns {Promise<any>}
   */
  async send(type, args, { what = `the ${type} request`, record, progress } = {}) {
    await this.ready();
    try {
      const ok = await (progress ? this.conn.callWithProgress(type, args, progress) : this.conn.call(type, args));
      if (record) record(ok);
      return ok;
    } catch (err) {
      if (!(err instanceof EngineFault)) throw err;
      const r = await this.restart(err.message);
      throw new EngineFailure(
        `the engine failed on ${what}: ${err.message}; the data was reloaded${lostText(r.lost)}`,
        { summary: r.summary, lost: r.lost, reloadMs: r.ms },
      );
    }
  }

  /** @param {number} events @param {string} category @returns {Promise<{ summary: Summary, report: LoadReport }>} */
  sample(events, category) {
    return this.request(
      'sample',
      { events, category },
      { what: 'the sample', record: () => this.given.push({ kind: 'sample', events, category }) },
    );
  }

  /** @returns {Promise<Summary>} */
  clear() {
    return this.request(
      'clear',
      {},
      {
        record: () => {
          this.given = [];
        },
      },
    );
  }

  /** @param {string} category @returns {Promise<Summary>} */
  setCategory(category) {
    return this.request(
      'setCategory',
      { category },
      { what: 'the category change', record: () => this.given.push({ kind: 'setCategory', category }) },
    );
  }

  /** An event's JSON text. @param {number} index @returns {Promise<string | null>} */
  raw(index) {
    return this.request('raw', { index }, { what: 'reading an event' });
  }
  /** Field paths seen in the data. @returns {Promise<string[]>} */
  fields() {
    return this.request('fields');
  }
  /** @returns {Promise<{ wasmBytes: number, events: number }>} */
  stats() {
    return this.request('stats');
  }
  /**
   * Opens the geo tables if `text` (a query being typed) needs them; answers whether they are ready.
   * @param {string} [text] @returns {Promise<boolean>}
   */
  prepareGeo(text) {
    return this.request('prepareGeo', { text }, { what: 'opening the geo table' });
  }
  /**
   * The query with template variables ({name: value}) written in, as the engine runs it.
   * @param {string} text @param {Record<string, string>} [vars] @returns {Promise<string>}
   */
  substitute(text, vars = {}) {
    return this.request('substitute', { text, vars }, { what: 'writing variables into a query' });
  }
  /**
   * Each query with its leading `_sourceCategory` term set to `category` (dropped when empty).
   * @param {string[]} queries @param {string} category @returns {Promise<string[]>}
   */
  scopeTo(queries, category) {
    return this.request('scopeTo', { queries, category }, { what: 'scoping the dashboard queries' });
  }

  /**
   * The query that finds the events of a signature in `category`: exactly them for a
   * `logreduce` signature (`exact`), else every one of them and maybe more (the engine's
   * `session::signature_query`).
   * @param {string} signature @param {string} category @param {boolean} exact @returns {Promise<string>}
   */
  signatureQuery(signature, category, exact) {
    return this.request('signatureQuery', { signature, category, exact }, { what: 'finding the events of a pattern' });
  }

  /**
   * The order of kept result `resultId`'s rows by column `column` (a Uint32Array of row
   * indexes), as the engine sorts them. `signal` drops a sort still waiting for its turn; a
   * running one finishes (milliseconds) and its answer is the caller's to drop.
   * @param {number} resultId @param {number} column @param {boolean} descending @param {{ signal?: AbortSignal }} [opts]
   * @returns {Promise<Uint32Array>}
   */
  sortResult(resultId, column, descending, { signal } = {}) {
    const args = /** @type {import('./protocol.js').SortResultRequest} */ ({ result: resultId, column, descending });
    return this.enqueueCancellable(
      () => this.send('sortResult', args, { what: 'sorting the result' }),
      signal,
      'the sort',
    );
  }

  /**
   * Kept result `resultId` as CSV text, written by the engine (the page's CSV download).
   * @param {number} resultId
   * @param {Omit<import('./protocol.js').ExportCsvRequest, 'result'>} options
   * @returns {Promise<string>}
   */
  exportCsv(resultId, options) {
    const args = /** @type {import('./protocol.js').ExportCsvRequest} */ ({ result: resultId, ...options });
    return this.request('exportCsv', args, { what: 'writing the CSV' });
  }

  /**
   * Sigma detections over what is loaded: the bundled rules, the rules dropped with the logs
   * (the engine keeps them, as it keeps tables: a fresh worker gets them back with the files),
   * and `options`. Changes nothing a fresh worker must be given again.
   * `onProgress` hears how far the run is (`fraction`, 0 to 1) while the worker runs it.
   * @param {import('./protocol.js').DetectOptions} options
   * @param {(p: import('./protocol.js').Progress) => void} [onProgress]
   * @returns {Promise<import('./protocol.js').Detections>}
   */
  detect(options, onProgress) {
    return this.request('detect', { options }, { what: 'the detections', progress: onProgress });
  }

  /**
   * The same run's alerts as CSV or JSON text, written by the engine (`detect::export`, as
   * `trailscope detect --format csv|json`).
   * @param {import('./protocol.js').DetectOptions} options @param {'csv' | 'json'} format
   * @returns {Promise<string>}
   */
  detectExport(options, format) {
    return this.request('detectExport', { options, format }, { what: 'writing the alerts' });
  }

  /**
   * For each file name, whether the engine takes such a file as a Sigma rule rather than logs.
   * @param {string[]} names @returns {Promise<boolean[]>}
   */
  ruleFiles(names) {
    return this.request('ruleFiles', { names }, { what: 'looking at the file names' });
  }

  /**
   * What the engine does with a query, stage by stage: `{ ok: explain }` or `{ error: diagnostic }`.
   * @param {string} text @param {object} options
   * @returns {Promise<{ ok: import('./protocol.js').Explain, error?: undefined }
   *   | { ok?: undefined, error: import('./protocol.js').Diagnostic }>}
   */
  explain(text, options) {
    return this.request('explain', { text, options }, { what: 'explaining the query' });
  }

  /**
   * Runs a query. `signal` cancels it: a query waiting for its turn is dropped; a running one
   * ends with its worker, and a fresh one gets the data again (the answer is a `Cancelled`).
   */
  /**
   * @param {string} text @param {object} options @param {{ signal?: AbortSignal }} [opts]
   * @returns {Promise<QueryAnswer>}
   */
  query(text, options, { signal } = {}) {
    return this.enqueueCancellable(
      async () => {
        await this.ready();
        const call = this.conn.call('query', { text, options });
        call.catch(() => {}); // answered below, or dropped with its worker
        let onAbort;
        const aborted = new Promise((_, reject) => {
          onAbort = () => reject(new Cancelled('the query was cancelled'));
          if (signal) signal.addEventListener('abort', onAbort, { once: true });
        });
        try {
          return await Promise.race([call, aborted]);
        } catch (err) {
          if (err instanceof Cancelled) {
            const r = await this.restart('the query was cancelled');
            throw new Cancelled(`the query was cancelled; the data was reloaded${lostText(r.lost)}`, {
              reloadMs: r.ms,
            });
          }
          if (!(err instanceof EngineFault)) throw err;
          const r = await this.restart(err.message);
          throw new EngineFailure(
            `the engine failed on this query: ${err.message}; the data was reloaded${lostText(r.lost)}`,
            { summary: r.summary, lost: r.lost, reloadMs: r.ms },
          );
        } finally {
          if (signal) signal.removeEventListener('abort', onAbort);
        }
      },
      signal,
      'the query',
    );
  }

  /**
   * Loads files ({ name, file }) as one batch. `signal` stops it between files, keeping what
   * was loaded. A file the engine fails on is left out: the worker is replaced, everything
   * loaded before is given to the fresh one, and this batch is loaded again without that file,
   * which the report names (as an error row). Answers { report, summary }.
   */
  /**
   * @param {{ name: string, file: Blob }[]} files @param {string} category @param {boolean} [keepDuplicates]
   * @param {{ signal?: AbortSignal }} [opts] @returns {Promise<{ report: LoadReport, summary: Summary }>}
   */
  load(files, category, keepDuplicates = false, { signal } = {}) {
    return this.enqueueCancellable(
      async () => {
        const started = performance.now();
        const failed = new Map(); // index in `files` -> why it was left out
        let restarts = 0;
        let reloadMs = 0;
        let lost = [];
        for (;;) {
          await this.ready();
          const kept = files.map((_, i) => i).filter((i) => !failed.has(i));
          const { answer, cancel } = this.conn.load(
            kept.map((i) => files[i]),
            category,
            keepDuplicates,
            (p) => this.onProgress(p),
          );
          const onAbort = () => cancel();
          if (signal) signal.addEventListener('abort', onAbort, { once: true });
          try {
            const { report, summary } = await answer;
            this.given.push({
              kind: 'load',
              files: kept.slice(0, report.handled ?? kept.length).map((i) => files[i]),
              category,
              keepDuplicates,
            });
            if (failed.size || restarts)
              withFailures(report, files, kept, failed, { restarts, reloadMs, lost, ms: performance.now() - started });
            return { report, summary };
          } catch (err) {
            if (!(err instanceof EngineFault)) throw err;
            restarts++;
            if (err.file) {
              const at = kept[err.file.index];
              failed.set(
                at,
                `the engine failed on this file: ${err.message}; it was left out, everything else was loaded again`,
              );
              const cancelled = signal && signal.aborted;
              for (const i of kept) {
                if (i <= at || failed.has(i)) continue;
                // Cancelled meanwhile: only what had loaded is loaded again. Too many failures:
                // the rest is not tried.
                if (cancelled) failed.set(i, 'not loaded: the load was cancelled');
                else if (failed.size >= MAX_FILE_FAILURES)
                  failed.set(
                    i,
                    `not loaded: the engine failed on ${MAX_FILE_FAILURES} files of this load, the rest was not tried`,
                  );
              }
            } else {
              // Failed with no file at all: there is nothing left to leave out.
              if (!kept.length) {
                const r = await this.restart(err.message);
                throw new EngineFailure(
                  `the engine failed on this load: ${err.message}; the data was reloaded${lostText(r.lost)}`,
                  { summary: r.summary, lost: r.lost, reloadMs: r.ms },
                );
              }
              for (const i of kept)
                failed.set(
                  i,
                  `the engine failed while finishing this load: ${err.message}; its files were left out, everything loaded before was loaded again`,
                );
            }
            const r = await this.restart(err.message);
            reloadMs += r.ms;
            lost = lost.concat(r.lost);
          } finally {
            if (signal) signal.removeEventListener('abort', onAbort);
          }
        }
      },
      signal,
      'the load',
    );
  }
}

/** The batch's report with a row for each file left out, in the order the files were given. */
function withFailures(report, files, kept, failed, { restarts, reloadMs, lost, ms }) {
  for (const r of report.files) if (typeof r.index === 'number') r.index = kept[r.index];
  let engineFailed = 0;
  for (const [i, error] of failed) {
    const mine = error.startsWith('the engine failed');
    if (mine) engineFailed++;
    report.files.push({
      name: files[i].name,
      index: i,
      bytes: files[i].file.size,
      records: 0,
      records_skipped: 0,
      error,
      engine_failed: mine,
    });
    // Counted as the engine counts any file with an error in a batch's totals: a file, an error, its bytes.
    report.totals.files++;
    report.totals.errors++;
    report.totals.bytes += files[i].file.size;
  }
  report.files.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  report.engineFailures = engineFailed;
  report.recovery = { restarts, reloadMs, lost };
  report.ms = ms;
}

function lostText(lost) {
  if (!lost.length) return '';
  return ` except ${lost.length} file${lost.length === 1 ? '' : 's'} it failed on again (${lost
    .slice(0, 3)
    .map((l) => l.name)
    .join(', ')}${lost.length > 3 ? ', …' : ''})`;
}
