// The worker owns the engine and every loaded event; the page only draws what it sends back.

import init, { Engine } from '../../build/pkg/trailscope.js';

let engine = null;
let wasm = null; // the module's exports, for its memory size
let assets = null;
let cancelled = false;
let geo = null; // a promise once the tables are asked for
let geoArrived = null;

const READ_AHEAD = 8;

const handlers = {
  async init({ assets: a }) {
    assets = a;
    wasm = await init({ module_or_path: a.wasm || new URL('trailscope_bg.wasm', self.location.href) });
    engine = new Engine();
    return { vocabulary: JSON.parse(Engine.vocabulary()) };
  },

  sample({ events, category }) {
    const reports = JSON.parse(engine.load_sample(events, category));
    const summary = JSON.parse(engine.finish_loading(false));
    return { reports, summary };
  },

  async load({ files, category, keepDuplicates }) {
    cancelled = false;
    const started = performance.now();
    const totalBytes = files.reduce((n, f) => n + f.file.size, 0);
    const reports = [];
    let doneBytes = 0;
    let lastPost = 0;
    const reads = [];
    const readAt = (i) => files[i].file.arrayBuffer().then((b) => b, (e) => e);
    for (let i = 0; i < Math.min(READ_AHEAD, files.length); i++) reads.push(readAt(i));
    for (let i = 0; i < files.length; i++) {
      if (cancelled) break;
      const buf = await reads[i];
      reads[i] = null;
      if (i + READ_AHEAD < files.length) reads.push(readAt(i + READ_AHEAD));
      const { name, file } = files[i];
      if (buf instanceof Error) {
        reports.push({ name, bytes: file.size, records: 0, records_skipped: 0, error: `could not read the file: ${buf.message}` });
      } else {
        reports.push(JSON.parse(engine.load(name, new Uint8Array(buf), category)));
      }
      doneBytes += file.size;
      const now = performance.now();
      if (now - lastPost > 100 || i === files.length - 1) {
        lastPost = now;
        self.postMessage({ type: 'progress', filesDone: i + 1, filesTotal: files.length, bytesDone: doneBytes, bytesTotal: totalBytes, current: name });
      }
    }
    self.postMessage({ type: 'progress', phase: 'indexing', filesDone: reports.length, filesTotal: files.length, bytesDone: doneBytes, bytesTotal: totalBytes });
    const summary = JSON.parse(engine.finish_loading(!!keepDuplicates));
    return { report: { files: reports, totals: totals(reports), cancelled, ms: performance.now() - started }, summary };
  },

  clear() {
    engine.clear();
    return JSON.parse(engine.summary());
  },

  async query({ text, options }) {
    if (/\b(geo|asn):\/\//i.test(text)) await ensureGeo();
    return JSON.parse(engine.query(text, JSON.stringify(options || {})));
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

/** Totals over per-file reports (zip members count as files of their own). */
function totals(reports) {
  const t = { files: 0, records: 0, records_skipped: 0, skipped_files: 0, errors: 0, bytes: 0 };
  const add = (r) => {
    if (r.members && r.members.length) return r.members.forEach(add);
    t.files++;
    t.records += r.records || 0;
    t.records_skipped += r.records_skipped || 0;
    if (r.skipped) t.skipped_files++;
    if (r.error) t.errors++;
  };
  reports.forEach((r) => { add(r); t.bytes += r.bytes || 0; });
  return t;
}

/** Fetches the geo tables next to the page, or asks the single-file page for its copy. */
function ensureGeo() {
  if (!geo) {
    geo = (async () => {
      let city, asn;
      if (assets.singleFile) {
        const arrived = new Promise((resolve) => { geoArrived = resolve; });
        self.postMessage({ type: 'need-geo' });
        ({ city, asn } = await arrived);
      } else {
        const get = async (f) => {
          const r = await fetch(new URL(`geo/${f}`, assets.base));
          if (!r.ok) throw new Error(`could not load the geo table ${f}: HTTP ${r.status}`);
          return r.arrayBuffer();
        };
        [city, asn] = await Promise.all([get('city.tsgeo'), get('asn.tsgeo')]);
      }
      engine.set_geo(new Uint8Array(city), new Uint8Array(asn));
    })();
    geo.catch(() => { geo = null; });
  }
  return geo;
}

// One request at a time, in order: a query never sees a half-loaded batch.
let queue = Promise.resolve();

self.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'cancel') { cancelled = true; return; }
  if (msg.type === 'geo') { geoArrived && geoArrived(msg); return; }
  queue = queue.then(() => handle(msg));
};

async function handle(msg) {
  const handler = handlers[msg.type];
  try {
    if (!handler) throw new Error(`unknown request ${msg.type}`);
    if (!engine && msg.type !== 'init') throw new Error('the engine is not ready');
    const ok = await handler(msg);
    self.postMessage({ id: msg.id, ok });
  } catch (err) {
    self.postMessage({ id: msg.id, error: String(err && err.message ? err.message : err) });
  }
}
