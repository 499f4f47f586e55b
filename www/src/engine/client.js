// The main thread's handle on the worker: each call is a promise; loading reports progress.

import { startWorker, embedded, isSingleFile } from './assets.js';

export class EngineClient {
  constructor() {
    this.worker = startWorker();
    this.nextId = 1;
    this.pending = new Map();
    this.onProgress = () => {};
    this.geoSent = false;
    this.worker.onmessage = (e) => this.receive(e.data);
    this.worker.onerror = (e) => {
      for (const p of this.pending.values()) p.reject(new Error(`the engine stopped: ${e.message || 'worker error'}`));
      this.pending.clear();
    };
  }

  receive(msg) {
    if (msg.type === 'progress') return this.onProgress(msg);
    if (msg.type === 'need-geo') return this.sendGeo();
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if ('error' in msg && !('ok' in msg)) p.reject(new Error(msg.error));
    else p.resolve(msg.ok);
  }

  call(type, args = {}, transfer = []) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, type, ...args }, transfer);
    });
  }

  async init() {
    const wasm = await embedded('ts-wasm');
    return this.call('init', { assets: { wasm, base: document.baseURI, singleFile: isSingleFile() } }, wasm ? [wasm] : []);
  }

  /** The single-file page holds the geo tables; the worker asks for them on first need. */
  async sendGeo() {
    if (this.geoSent) return;
    this.geoSent = true;
    const [city, asn] = await Promise.all([embedded('ts-geo-city'), embedded('ts-geo-asn')]);
    this.worker.postMessage({ id: 0, type: 'geo', city, asn }, [city, asn].filter(Boolean));
  }

  sample(events, category) { return this.call('sample', { events, category }); }
  /**
   * Loads files. The page reads them (the browser does the reading on its own threads) and
   * hands the worker each file's bytes, transferred, not copied; handing over File objects
   * instead cost seconds for thousands of files. At most READ_AHEAD files are read ahead of
   * what the worker has parsed, so memory stays bounded.
   */
  load(files, category, keepDuplicates = false) {
    const READ_AHEAD = 32;
    // No File.size here: it costs a file-system call per file in Chromium (2.4 s for 13,757
    // files); sizes come from the bytes read, and progress counts files.
    let parsed = 0;
    let wake = null;
    const progress = this.onProgress;
    // The worker reports often (whenever it waits); the page draws at most once a frame.
    let latest = null;
    this.onProgress = (p) => {
      parsed = p.filesDone;
      if (wake) { wake(); wake = null; }
      if (!latest) requestAnimationFrame(() => { progress(latest); latest = null; });
      latest = p;
    };
    const answer = this.call('load', { count: files.length, category, keepDuplicates, sentAt: Date.now() });
    let stop = false;
    const send = async (index) => {
      const { name, file } = files[index];
      try {
        const buf = await file.arrayBuffer();
        this.worker.postMessage({ id: 0, type: 'file', index, name, size: buf.byteLength, buf }, [buf]);
      } catch (err) {
        this.worker.postMessage({ id: 0, type: 'file', index, name, size: 0, error: String(err && err.message ? err.message : err) });
      }
    };
    // A sliding window: READ_AHEAD reads in flight, never more than WINDOW files past what the
    // worker has parsed.
    const WINDOW = READ_AHEAD * 4;
    let next = 0;
    const lane = async () => {
      while (next < files.length && !stop) {
        while (next - parsed >= WINDOW && !stop) await new Promise((r) => { wake = r; setTimeout(r, 50); });
        if (stop) return;
        await send(next++);
      }
    };
    for (let k = 0; k < READ_AHEAD; k++) lane();
    return answer.finally(() => { stop = true; this.onProgress = progress; });
  }

  cancel() { this.worker.postMessage({ id: 0, type: 'cancel' }); }
  clear() { return this.call('clear'); }
  query(text, options) { return this.call('query', { text, options }); }
  raw(index) { return this.call('raw', { index }); }
  fields() { return this.call('fields'); }
  stats() { return this.call('stats'); }
  prepareGeo() { return this.call('prepareGeo'); }
  setCategory(category) { return this.call('setCategory', { category }); }
}
