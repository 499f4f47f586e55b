// The page state in the URL fragment (query, time range, view), so a link reproduces a view
// over the same files. Only what the user typed goes in: never a value from a log.

const KEYS = ['q', 'range', 'view', 'chart', 'dashboard', 'tz', 'vars', 'sample', 'patterns'];

/**
 * The page state a link carries; `vars` are a dashboard's template variables, `patterns` the
 * Patterns view's mode (`compare`, or none for the signatures).
 * @typedef {{ q?: string, range?: string, view?: string, chart?: string, dashboard?: string, tz?: string,
 *   vars?: Record<string, unknown>, sample?: string, patterns?: string }} PageState
 */

/**
 * The state in `hash` (the page's own by default); a `vars` that is not JSON is left out.
 * @param {string} [hash]
 * @returns {PageState}
 */
export function readState(hash = location.hash) {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  /** @type {Record<string, any>} */
  const st = {};
  for (const k of KEYS) if (p.has(k)) st[k] = p.get(k);
  if (st.vars) {
    try {
      st.vars = JSON.parse(st.vars);
    } catch {
      delete st.vars;
    }
  }
  return st;
}

/**
 * Writes `st` into the address (replacing the history entry, so Back leaves the page as before).
 * @param {PageState} st
 */
export function writeState(st) {
  const p = new URLSearchParams();
  for (const k of KEYS) {
    const v = st[k];
    if (v === undefined || v === null || v === '') continue;
    p.set(k, k === 'vars' ? JSON.stringify(v) : String(v));
  }
  const hash = '#' + p.toString();
  if (hash !== location.hash) history.replaceState(null, '', hash === '#' ? location.pathname + location.search : hash);
}
