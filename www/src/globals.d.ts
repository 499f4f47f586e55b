// Names in the page's global scope that no module declares, for `tsc -p www`.

/** The page's script nonce, written in by build.mjs (esbuild's `define`); undeclared when unbundled. */
declare const __NONCE__: string | undefined;

interface Window {
  /** main.js's handle for scripts and the browser benchmark (answers come from the page's worker). */
  trailscope: Readonly<{
    stats: () => Promise<{ wasmBytes: number; events: number }>;
    lastLoad: () => Partial<import('./engine/protocol.js').LoadReport> | null;
    query: (text: string, options?: object) => Promise<import('./engine/protocol.js').QueryAnswer>;
  }>;
}
