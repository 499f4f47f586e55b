// Export of a result as CSV or JSON files, made in the browser (nothing is uploaded anywhere):
// the CSV written by the engine (`exportCsv`, `src/query/csv.rs`, the CLI's writer too), the
// JSON here (serialize.js).

import './results.css';
import { h } from '../ui/dom.js';
import { localZone } from '../ui/time.js';
import { toJson } from './serialize.js';

export { toJson } from './serialize.js';

/**
 * Saves `text` as a file: a Blob behind a temporary object URL, clicked through a hidden <a download>.
 * @param {string} filename @param {string} text @param {string} [mime]
 */
export function download(filename, text, mime = 'text/plain') {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started once click() returns, but revoking at once can race it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const stamp = () => new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

/**
 * "CSV" and "JSON" buttons exporting `getResult()` (read when clicked, so they follow the latest
 * result). `utc` may be a boolean or a function returning one, to follow the page's time switch.
 * `exportCsv` asks the engine for a kept result's CSV (the client's `exportCsv`); the time
 * columns come as the table shows them, in UTC or the browser's zone. A CSV the engine cannot
 * give (it no longer holds the result) is said beside the buttons.
 * @param {HTMLElement} container
 * @param {() => import('../engine/protocol.js').QueryResult | null | undefined} getResult
 * @param {{ utc?: boolean | (() => boolean), name?: string,
 *   exportCsv?: (resultId: number, options: Omit<import('../engine/protocol.js').ExportCsvRequest, 'result'>) => Promise<string> }} [opts]
 */
export function renderExportButtons(container, getResult, { utc = true, name = 'trailscope', exportCsv } = {}) {
  const isUtc = () => (typeof utc === 'function' ? utc() : utc);
  const status = h('span', { class: 'ts-export-error', 'data-testid': 'export-error', role: 'status' });
  const csv = async (result, base) => {
    if (!exportCsv || typeof result.result_id !== 'number') throw new Error('this result cannot be exported as CSV');
    const times = isUtc()
      ? { times: /** @type {const} */ ('utc') }
      : { times: /** @type {const} */ ('local'), ...localZone() };
    const text = await exportCsv(result.result_id, { crlf: true, ...times });
    // The BOM makes spreadsheet programs read the CSV as UTF-8: the file's, not the engine's.
    download(`${base}.csv`, '\uFEFF' + text, 'text/csv;charset=utf-8');
  };
  const run = async (kind) => {
    const result = getResult();
    if (!result || !result.columns) return;
    const base = `${name}-${stamp()}`;
    status.textContent = '';
    try {
      if (kind === 'csv') await csv(result, base);
      else download(`${base}.json`, toJson(result), 'application/json');
    } catch (err) {
      status.textContent = `Could not export: ${err && err.message ? err.message : err}`;
    }
  };
  const button = (kind, label, title) =>
    h(
      'button',
      { type: 'button', class: 'ts-btn', 'data-testid': `export-${kind}`, title, on: { click: () => run(kind) } },
      label,
    );
  const root = h(
    'div',
    { class: 'ts-export', role: 'group', 'aria-label': 'Export' },
    h('span', { class: 'ts-export-label', text: 'Export' }),
    button('csv', 'CSV', 'Download the result as CSV (formulas neutralised for spreadsheets)'),
    button('json', 'JSON', 'Download the result as a JSON array of rows'),
    status,
  );
  container.append(root);
  return { destroy: () => root.remove() };
}
