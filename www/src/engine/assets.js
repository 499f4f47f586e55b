// Where the wasm module and the geo tables come from: next to the page when served, or
// embedded in the single-file page (dist/trailscope.html) as base64 data blocks.

/** The embedded bytes of `id`, or null when the page is served as a folder. */
export async function embedded(id) {
  const el = document.getElementById(id);
  if (!el) return null;
  const bin = atob(el.textContent.trim());
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  if (el.dataset.encoding !== 'gzip') return bytes.buffer;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

let workerUrl = null; // a promise of the blob: URL every worker of this page starts from

/**
 * Starts the worker, always from a blob: URL of its source: the embedded source in the single
 * file, the same-origin worker.js (fetched once) when served as a folder.
 *
 * Why a blob: a dedicated worker loaded from an http(s) URL takes its Content-Security-Policy
 * from that script's own response headers, not from the page (CSP 3, "initialize a worker's
 * policy container"; Chromium does so), and a static folder sends no CSP header: such a worker
 * could fetch any origin. A worker from a blob: URL inherits the policy of the document that
 * created it, the page's <meta> policy included, so the page's connect-src/script-src 'self'
 * holds inside the worker too (tests/e2e/worker-csp.test.mjs).
 */
export async function startWorker() {
  if (!workerUrl) {
    workerUrl = (async () => {
      const src = document.getElementById('ts-worker');
      let code;
      if (src) code = Uint8Array.from(atob(src.textContent.trim()), (c) => c.charCodeAt(0));
      else {
        const r = await fetch(new URL('worker.js', document.baseURI));
        if (!r.ok) throw new Error(`could not load worker.js: HTTP ${r.status}`);
        code = await r.arrayBuffer();
      }
      return URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    })();
    workerUrl.catch(() => {
      workerUrl = null;
    });
  }
  return new Worker(await workerUrl);
}

/** True when the page is the single self-contained file. */
export function isSingleFile() {
  return !!document.getElementById('ts-worker');
}
