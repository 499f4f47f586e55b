// Export of a result as CSV or JSON files, made in the page (nothing is uploaded anywhere).

import './results.css';
import { h } from '../ui/dom.js';
import { toCsv, toJson } from './serialize.js';

export { toCsv, toJson } from './serialize.js';

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
 * @param {HTMLElement} container
 * @param {() => import('../engine/protocol.js').QueryResult | null | undefined} getResult
 * @param {{ utc?: boolean | (() => boolean), name?: string }} [opts]
 */
export function renderExportButtons(container, getResult, { utc = true, name = 'trailscope' } = {}) {
  const isUtc = () => (typeof utc === 'function' ? utc() : utc);
  const run = (kind) => {
    const result = getResult();
    if (!result || !result.columns) return;
    const base = `${name}-${stamp()}`;
    // The BOM makes spreadsheet programs read the CSV as UTF-8.
    if (kind === 'csv') download(`${base}.csv`, '\uFEFF' + toCsv(result, { utc: isUtc() }), 'text/csv;charset=utf-8');
    else download(`${base}.json`, toJson(result), 'application/json');
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
  );
  container.append(root);
  return { destroy: () => root.remove() };
}
