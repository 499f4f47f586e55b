// One worker and the requests in flight on it. The engine client (client.js) decides what to do
// when a worker's engine fails; a Connection only says so (`EngineFault`) and can be ended.

import { startWorker, embedded, isSingleFile } from './assets.js';

/**
 * The engine trapped or threw inside a request (`fatal` in the worker's answer), or the worker
 * itself stopped: this worker cannot be used again. `file` is `{ index, name }` when it
 * happened while loading that file of the batch.
 */
export class EngineFault extends Error {
  constructor(message, file = null) {
    super(message);
    this.fatal = true;
    this.file = file;
  }
}

export class Connection {
  constructor() {
    this.worker = null; // started by init()
    this.nextId = 1;
    this.pending = new Map();
    this.progress = new Map(); // load id -> progress callback
    this.geoSent = false;
    this.dead = null; // why this worker is no longer used
  }

  /** Every request in flight fails; the worker is not asked anything again. */
  fail(message) {
    if (!this.dead) this.dead = message;
    for (const p of this.pending.values()) p.reject(new EngineFault(message));
    this.pending.clear();
  }

  /** Ends the worker at once, whatever it is doing (a query that runs for minutes, a trap). */
  terminate(message = 'the worker was stopped') {
    if (this.worker) this.worker.terminate();
    this.fail(message);
  }

  receive(msg) {
    if (msg.type === 'progress') {
      // A request that registered for its progress is named by id; a load's progress is not.
      const f = (msg.id !== undefined && this.progress.get(msg.id)) || this.progress.values().next().value;
      return f && f(msg);
    }
    if (msg.type === 'need-geo') return this.sendGeo();
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.fatal) {
      this.dead = msg.error;
      p.reject(new EngineFault(msg.error, msg.file || null));
    } else if ('error' in msg && !('ok' in msg)) p.reject(new Error(msg.error));
    else p.resolve(msg.ok);
  }

  /**
   * Sends request `type`; the promise carries its `id` (a load's progress and cancel name it).
   * @param {import('./protocol.js').RequestType} type @param {object} [args] @param {Transferable[]} [transfer]
   * @returns {Promise<any> & { id: number }}
   */
  call(type, args = {}, transfer = []) {
    if (this.dead) return Object.assign(Promise.reject(new EngineFault(this.dead)), { id: 0 });
    if (!this.worker) return Object.assign(Promise.reject(new Error('the worker is not started')), { id: 0 });
    const id = this.nextId++;
    const answer = /** @type {Promise<any> & { id: number }} */ (
      new Promise((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        this.worker.postMessage({ id, type, ...args }, transfer);
      })
    );
    answer.id = id;
    return answer;
  }

  /**
   * Sends request `type` and passes its progress messages to `onProgress` until it is answered.
   * @param {import('./protocol.js').RequestType} type @param {object} args
   * @param {(p: import('./protocol.js').Progress) => void} onProgress
   */
  callWithProgress(type, args, onProgress) {
    const answer = this.call(type, args);
    if (!answer.id) return answer;
    this.progress.set(answer.id, onProgress);
    const done = () => this.progress.delete(answer.id);
    answer.then(done, done);
    return answer;
  }

  /** Starts the worker (see startWorker: it runs under the page's policy) and its engine. */
  async init({ faults = false } = {}) {
    const worker = await startWorker();
    // Terminated while the worker was starting: it is not used.
    if (this.dead) {
      worker.terminate();
      throw new EngineFault(this.dead);
    }
    this.worker = worker;
    worker.onmessage = (e) => this.receive(e.data);
    worker.onerror = (e) => this.fail(`the worker stopped: ${e.message || 'worker error'}`);
    worker.onmessageerror = () => this.fail('the worker sent a message that could not be read');
    const wasm = await embedded('ts-wasm');
    return this.call(
      'init',
      { assets: { wasm, base: document.baseURI, singleFile: isSingleFile(), faults } },
      wasm ? [wasm] : [],
    );
  }

  /** The single-file page holds the geo tables; the worker asks for them on first need. */
  async sendGeo() {
    if (this.geoSent || this.dead) return;
    this.geoSent = true;
    const [city, asn] = await Promise.all([embedded('ts-geo-city'), embedded('ts-geo-asn')]);
    this.worker.postMessage({ id: 0, type: 'geo', city, asn }, [city, asn].filter(Boolean));
  }

  /**
   * Loads `files` ({ name, file }). The page reads them (the browser does the reading on its
   * own threads) and hands the worker each file's bytes, transferred, not copied; handing over
   * File objects instead cost seconds for thousands of files. At most READ_AHEAD files are read
   * ahead of what the worker has parsed, so memory stays bounded. Returns the answer's promise
   * and `cancel()`, which stops this load (not a later one) between files.
   */
  /**
   * @param {{ name: string, file: Blob }[]} files @param {string} category @param {boolean} keepDuplicates
   * @param {(p: import('./protocol.js').Progress) => void} [onProgress]
   */
  load(files, category, keepDuplicates, onProgress = () => {}) {
    const READ_AHEAD = 32;
    // No File.size here: it costs a file-system call per file in Chromium (2.4 s for 13,757
    // files); sizes come from the bytes read, and progress counts files.
    let parsed = 0;
    let wake = null;
    // The worker reports often (whenever it waits); the page draws at most once a frame.
    let latest = null;
    const answer = this.call('load', { count: files.length, category, keepDuplicates, sentAt: Date.now() });
    const id = answer.id;
    this.progress.set(id, (p) => {
      parsed = p.filesDone;
      if (wake) {
        wake();
        wake = null;
      }
      if (!latest)
        requestAnimationFrame(() => {
          if (latest) onProgress(latest);
          latest = null;
        });
      latest = p;
    });
    let stop = false;
    const send = async (index) => {
      const { name, file } = files[index];
      try {
        const buf = await file.arrayBuffer();
        if (!this.dead) this.worker.postMessage({ id: 0, type: 'file', index, name, size: buf.byteLength, buf }, [buf]);
      } catch (err) {
        if (!this.dead)
          this.worker.postMessage({
            id: 0,
            type: 'file',
            index,
            name,
            size: 0,
            error: String(err && err.message ? err.message : err),
          });
      }
    };
    // A sliding window: READ_AHEAD reads in flight, never more than WINDOW files past what the
    // worker has parsed.
    const WINDOW = READ_AHEAD * 4;
    let next = 0;
    const lane = async () => {
      while (next < files.length && !stop && !this.dead) {
        while (next - parsed >= WINDOW && !stop && !this.dead)
          await new Promise((r) => {
            wake = r;
            setTimeout(r, 50);
          });
        if (stop || this.dead) return;
        await send(next++);
      }
    };
    for (let k = 0; k < READ_AHEAD; k++) lane();
    const done = answer.finally(() => {
      stop = true;
      latest = null;
      this.progress.delete(id);
    });
    return {
      answer: done,
      cancel: () => {
        if (!this.dead) this.worker.postMessage({ id: 0, type: 'cancel', target: id });
      },
    };
  }
}
