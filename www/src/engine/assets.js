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

/** Starts the worker: from its file when served, from the embedded source in the single file. */
export function startWorker() {
  const src = document.getElementById('ts-worker');
  if (src) {
    const code = new TextDecoder().decode(Uint8Array.from(atob(src.textContent.trim()), (c) => c.charCodeAt(0)));
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    return new Worker(url);
  }
  return new Worker(new URL('worker.js', document.baseURI));
}

/** True when the page is the single self-contained file. */
export function isSingleFile() {
  return !!document.getElementById('ts-worker');
}
