// The worker owns the engine and every loaded event; the page only draws what it sends back.

import init, { Engine } from '../../build/pkg/trailscope.js';

let engine = null;
let wasm = null; // the module's exports, for its memory size
let assets = null;
let loading = null; // the id of the load in progress, which a cancel names
let cancelled = false;
let broken = null; // set once the engine trapped: every later call would fail, so none is made
let faults = false; // the test-only fault trigger (see TRAP below)
let geo = null; // a promise once the tables are asked for
let geoArrived = null;
let incoming = null; // the load in progress: file bytes the page has sent

// On a page opened with ?test-faults, a file or a query named exactly this makes the engine
// trap (Engine.trap_for_tests), for the recovery tests; never otherwise.
const TRAP = '__trailscope_trap__';

/**
 * An error the worker itself reports (a missing geo table, an unknown request): the engine is
 * fine and the worker goes on. Anything else thrown is a trap or a failure inside the engine
 * (`RuntimeError: unreachable`, a stack overflow, "recursive use of an object"), after which
 * the engine cannot be trusted: the answer says `fatal` and the page starts a fresh worker.
 */
class WorkerError extends Error {}

// Events indexed per step while waiting: a few milliseconds, so arriving files are not held up.
const INDEX_STEP = 500;

/** Lets pending messages (file bytes) in, without setTimeout's clamping. */
function yieldToMessages() {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(0);
  });
}

/** One handler per request type: the type check fails if the two lists differ. */
/** @type {Record<import('./protocol.js').RequestType, (req: any) => any>} */
const handlers = {
  async init({ assets: a }) {
    assets = a;
    faults = !!a.faults;
    // The worker runs from a blob: URL (assets.js), so the page's address is the base, not ours.
    wasm = await init({ module_or_path: a.wasm || new URL('trailscope_bg.wasm', a.base) });
    engine = new Engine();
    return { vocabulary: JSON.parse(Engine.vocabulary()) };
  },

  sample({ events, category }) {
    engine.load_sample(events, category);
    return JSON.parse(engine.finish_loading(false)); // { summary, report }
  },

  /**
   * Loads `count` files whose bytes the page sends as 'file' messages (see client.js): the
   * page reads them, the worker parses, at once. The engine keeps the batch's report (every
   * file's, and the totals as `trailscope ingest` adds them) and answers it at the end.
   */
  async load({ id, count, category, keepDuplicates, sentAt }) {
    loading = id;
    cancelled = false;
    const started = performance.now();
    let handled = 0;
    // queuedMs: from the page's request to this start (requests run one at a time).
    const timing = {
      queuedMs: sentAt ? Date.now() - sentAt : null,
      readWaitMs: 0,
      engineMs: 0,
      finishMs: 0,
      indexWhileWaitingMs: 0,
    };
    let doneBytes = 0;
    let lastPost = 0;
    const post = (filesDone, current) => {
      lastPost = performance.now();
      self.postMessage({ type: 'progress', filesDone, filesTotal: count, bytesDone: doneBytes, current });
    };
    for (let i = 0; i < count; i++) {
      if (cancelled) break;
      // Waiting for the page: say how far parsing got, since the page reads ahead only so far,
      // and meanwhile build the hot columns of what is loaded (little is left for the end).
      if (!incoming.ready.has(i)) {
        post(i);
        const t0 = performance.now();
        while (!incoming.ready.has(i) && engine.index_pending(INDEX_STEP) > 0) await yieldToMessages();
        timing.indexWhileWaitingMs += performance.now() - t0;
      }
      const waited = performance.now();
      const { name, size, buf, error } = await incoming.take(i);
      timing.readWaitMs += performance.now() - waited;
      if (error) {
        engine.unreadable(name, error);
      } else {
        const t0 = performance.now();
        try {
          if (faults && name === TRAP) engine.trap_for_tests();
          if (!engine.refuse(name, buf.byteLength)) engine.load(name, new Uint8Array(buf), category);
        } catch (err) {
          // Which file the engine failed on, so that the page can load again without it.
          err.file = { index: i, name };
          throw err;
        }
        timing.engineMs += performance.now() - t0;
      }
      handled++;
      doneBytes += size;
      if (performance.now() - lastPost > 100 || i === count - 1) post(i + 1, name);
    }
    incoming = null;
    loading = null;
    self.postMessage({
      type: 'progress',
      phase: 'indexing',
      filesDone: handled,
      filesTotal: count,
      bytesDone: doneBytes,
    });
    const t1 = performance.now();
    const { summary, report } = JSON.parse(engine.finish_loading(!!keepDuplicates));
    timing.finishMs = performance.now() - t1;
    timing.endedAt = Date.now();
    return {
      report: {
        files: report.files,
        totals: report.totals,
        handled,
        cancelled,
        ms: performance.now() - started,
        timing,
      },
      summary,
    };
  },

  clear() {
    engine.clear();
    return JSON.parse(engine.summary());
  },

  async query({ text, options }) {
    const opts = JSON.stringify(options || {});
    if (engine.needs_geo(text, opts)) await ensureGeo();
    if (faults && text.trim() === TRAP) engine.trap_for_tests();
    return JSON.parse(engine.query(text, opts));
  },

  /**
   * The row order of a kept aggregate result sorted by one column, as the table shows a click on
   * its header: a Uint32Array of row indexes (transferred), computed by the engine
   * (`query::order`). A result the engine no longer holds is an error, not a failure.
   */
  /** @param {import('./protocol.js').SortResultRequest} req */
  sortResult({ result, column, descending }) {
    const order = engine.sort_result(result, column, !!descending);
    if (!order) throw new WorkerError(engine.kept_error() || 'the engine cannot sort this result');
    return order;
  },

  /**
   * A kept result as CSV text, written by the engine (`query::csv`): the page's download. A
   * result the engine no longer holds is an error, not a failure.
   */
  /** @param {import('./protocol.js').ExportCsvRequest} req */
  exportCsv({ result, crlf, times, zone, offset_minutes }) {
    const options = JSON.stringify({ crlf: !!crlf, times, zone, offset_minutes });
    const text = engine.export_csv(result, options);
    if (text === undefined || text === null) {
      throw new WorkerError(engine.kept_error() || 'the engine cannot export this result');
    }
    return text;
  },

  /** What the engine does with a query, stage by stage: `{ ok: explain }` or `{ error: diagnostic }`. */
  explain({ text, options }) {
    return JSON.parse(engine.explain(text, JSON.stringify(options || {})));
  },

  /**
   * The geo table fetched and opened ahead of the query that needs it: `text` (the query being
   * typed), if given, must need it (the engine says, from the parsed query). Answers whether
   * the tables are ready.
   */
  /** @param {{ text?: string }} [req] */
  async prepareGeo({ text } = {}) {
    if (typeof text === 'string' && !engine.needs_geo(text, '{}')) return false;
    await ensureGeo();
    engine.warm_geo();
    return true;
  },

  /** The query with a dashboard's template variables written in, as the engine runs it. */
  substitute({ text, vars }) {
    return Engine.substitute(text, JSON.stringify(vars || {}));
  },

  /** Each query with its leading `_sourceCategory` set to `category` (dropped when empty). */
  scopeTo({ queries, category }) {
    return JSON.parse(Engine.scope_to(JSON.stringify(queries), category || ''));
  },

  /** The query that finds a signature's events in `category` (exactly them when `exact`). */
  signatureQuery({ signature, category, exact }) {
    return Engine.signature_query(signature, category || '', Boolean(exact));
  },

  /**
   * Sigma detections and behaviour baselines over what is loaded (`Engine.detect`): the bundled
   * rules, the ones dropped with the logs, and `options`. The geo tables are opened first: rules
   * read `src_country` from them, and the baselines places (first seen country, impossible travel).
   */
  /** @param {{ id: number, options?: import('./protocol.js').DetectOptions }} req */
  async detect({ id, options }) {
    const o = options || { expand: {}, rules: [], baselines: {} };
    await ensureGeo();
    // The engine reports how far it is; the page hears of each whole percent.
    let told = -1;
    const progress = (/** @type {number} */ fraction) => {
      const pct = Math.floor(fraction * 100);
      if (pct === told) return;
      told = pct;
      self.postMessage({ type: 'progress', id, phase: 'detect', fraction });
    };
    return JSON.parse(engine.detect(JSON.stringify(o), progress));
  },

  /** The same run's alerts as `trailscope detect --format csv|json` writes them (`Engine.detect_export`). */
  /** @param {{ options?: import('./protocol.js').DetectOptions, format: 'csv' | 'json' }} req */
  async detectExport({ options, format }) {
    const o = options || { expand: {}, rules: [], baselines: {} };
    await ensureGeo();
    const text = engine.detect_export(JSON.stringify(o), format);
    if (text === undefined || text === null) throw new WorkerError(engine.kept_error() || 'the engine cannot export');
    return text;
  },

  /** For each file name, whether the engine takes such a file as a Sigma rule (`session::is_rule_file`). */
  ruleFiles({ names }) {
    return JSON.parse(Engine.rule_files(JSON.stringify(names || [])));
  },

  raw({ index }) {
    return engine.raw(index) ?? null;
  },

  fields() {
    return JSON.parse(engine.fields());
  },

  /** Memory the engine holds (the wasm heap), for the page and the benchmark. */
  stats() {
    return { wasmBytes: wasm.memory.buffer.byteLength, events: engine.len() };
  },

  setCategory({ category }) {
    engine.set_category(category);
    return JSON.parse(engine.summary());
  },
};

/** File bytes that arrived from the page, by index, and who waits for which. */
class Incoming {
  constructor() {
    this.ready = new Map();
    this.waiting = new Map();
  }
  put(msg) {
    const w = this.waiting.get(msg.index);
    if (w) {
      this.waiting.delete(msg.index);
      w(msg);
    } else this.ready.set(msg.index, msg);
  }
  take(i) {
    const m = this.ready.get(i);
    if (m) {
      this.ready.delete(i);
      return Promise.resolve(m);
    }
    return new Promise((resolve) => this.waiting.set(i, resolve));
  }
}

/** Fetches the geo tables next to the page, or asks the single-file page for its copy. */
function ensureGeo() {
  if (!geo) {
    geo = (async () => {
      let city, asn;
      if (assets.singleFile) {
        const arrived = new Promise((resolve) => {
          geoArrived = resolve;
        });
        self.postMessage({ type: 'need-geo' });
        ({ city, asn } = await arrived);
      } else {
        const get = async (f) => {
          const r = await fetch(new URL(`geo/${f}`, assets.base));
          if (!r.ok) throw new WorkerError(`could not load the geo table ${f}: HTTP ${r.status}`);
          return r.arrayBuffer();
        };
        [city, asn] = await Promise.all([get('city.tsgeo'), get('asn.tsgeo')]).catch((err) => {
          throw err instanceof WorkerError
            ? err
            : new WorkerError(`could not load the geo tables: ${err.message || err}`);
        });
      }
      engine.set_geo(new Uint8Array(city), new Uint8Array(asn));
    })();
    geo.catch(() => {
      geo = null;
    });
  }
  return geo;
}

// One request at a time, in order: a query never sees a half-loaded batch.
let queue = Promise.resolve();

self.onmessage = (e) => {
  const msg = e.data;
  // A cancel names its load: one that arrives late does not stop the next load.
  if (msg.type === 'cancel') {
    if (msg.target === loading) cancelled = true;
    return;
  }
  if (msg.type === 'geo') {
    geoArrived && geoArrived(msg);
    return;
  }
  if (msg.type === 'file') {
    if (incoming) incoming.put(msg);
    return;
  }
  // Bytes may arrive before the queue reaches the load: be ready for them now.
  if (msg.type === 'load') incoming = new Incoming();
  queue = queue.then(() => handle(msg));
};

async function handle(msg) {
  const handler = handlers[msg.type];
  try {
    if (broken) throw new WorkerError(`the engine failed earlier (${broken}) and is not used again`);
    if (!handler) throw new WorkerError(`unknown request ${msg.type}`);
    if (!engine && msg.type !== 'init') throw new WorkerError('the engine is not ready');
    const ok = await handler(msg);
    // Typed arrays (a row order) are handed over, not copied.
    self.postMessage({ id: msg.id, ok }, ArrayBuffer.isView(ok) ? [ok.buffer] : []);
  } catch (err) {
    const error = String(err && err.message ? err.message : err);
    const fatal = !(err instanceof WorkerError) || !!broken;
    if (fatal && !broken) broken = error;
    self.postMessage({
      id: msg.id,
      error,
      ...(fatal ? { fatal: true } : {}),
      ...(err && err.file ? { file: err.file } : {}),
    });
  }
}
