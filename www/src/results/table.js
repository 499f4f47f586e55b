// The Aggregates table: a virtualized grid that stays smooth at 100,000+ rows. A click on a
// column header asks the engine for the row order (`sortRows`); the table only draws it.

import './results.css';
import { h, replace } from '../ui/dom.js';
import { nextSort } from './sort.js';
import { formatterFor, countLabel } from './format.js';
import { fitWidths, canvasMeasurer, spread } from './widths.js';
import { fitHeight } from './fit.js';

const ROW_H = 28; // px; must match .ts-row's height in results.css
const OVERSCAN = 6; // rows drawn beyond each edge, so fast scrolling shows no gaps
// Browsers cap an element's height (Firefox near 17.9M px); past this the scroll maps proportionally.
const MAX_SPACER = 10_000_000;
const FONT = '13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * What a click on a cell tells `onCellClick`: the column, the value and the engine's row.
 * @typedef {{ column: string, columnIndex: number, value: import('../engine/protocol.js').Cell,
 *   row: import('../engine/protocol.js').Cell[], rowIndex: number, event: MouseEvent }} CellClick
 */

/**
 * A drawn row of the pool: its element, its cells, the view position it shows (-1: spare) and
 * the engine's row there.
 * @typedef {{ el: HTMLDivElement, cells: HTMLDivElement[], view: number, row: number }} PoolRow
 */

/**
 * Renders `result` into `container` as a virtual grid. `onCellClick({ column, columnIndex,
 * value, row, rowIndex, event })` is called for a click on a cell (rowIndex is the engine's row).
 * `sortRows(resultId, column, descending, signal)` answers the row order of a kept result (the
 * engine's, through the worker); without it, or for a result the engine does not keep, headers
 * do not sort. Columns align and format by the engine's `result.kinds`.
 * @param {HTMLElement} container
 * @param {import('../engine/protocol.js').QueryResult} result
 * @param {{ utc?: boolean, onCellClick?: (e: CellClick) => void,
 *   sortRows?: (resultId: number, column: number, descending: boolean, signal: AbortSignal) => Promise<Uint32Array> }} [opts]
 */
export function renderTable(container, result, { utc = true, onCellClick, sortRows } = {}) {
  const columns = result.columns || [];
  const rows = result.rows || [];
  const n = rows.length;
  const kinds = result.kinds || [];
  const fmts = columns.map((_, c) => formatterFor(kinds[c], utc));
  const right = columns.map((_, c) => kinds[c] === 'number');
  const sortable = !!sortRows && typeof result.result_id === 'number';
  const measure = canvasMeasurer(FONT);
  const fitted = fitWidths(columns, rows, fmts, measure);
  // Up to this wide when the screen has room; long values still end in an ellipsis past it.
  const natural = fitWidths(columns, rows, fmts, measure, { max: 900 });
  let widths = fitted.slice();
  let resized = false; // once a column is dragged, the user's widths win over spreading

  let order = null; // Uint32Array of row indices when sorted
  let sort = null; // { col, dir }
  const orders = new Map(); // `${col} ${dir}` -> the engine's order, so a column sorts once per direction
  let asking = null; // the AbortController of the sort being asked for

  const count = h('div', { class: 'ts-count', text: countLabel(n, 'row', 'rows') });
  const arrows = columns.map(() => h('span', { class: 'ts-sort-arrow', 'aria-hidden': 'true' }));
  const headCells = columns.map((name, c) => headerCell(name, c));
  const head = h(
    'div',
    { class: 'ts-head', role: 'rowgroup' },
    h('div', { class: 'ts-row ts-head-row', role: 'row', 'aria-rowindex': 1 }, headCells),
  );
  const body = h('div', { class: 'ts-body', role: 'rowgroup' });
  const grid = h(
    'div',
    {
      class: 'ts-grid',
      role: 'grid',
      tabindex: 0,
      'data-testid': 'result-table',
      'aria-rowcount': n + 1,
      'aria-colcount': columns.length,
      'aria-label': 'Result table',
    },
    head,
    body,
  );
  const root = h('div', { class: 'ts-table' }, count, grid);
  if (n === 0) body.append(h('div', { class: 'ts-empty', text: 'No rows' }));

  /** @type {PoolRow[]} reused rows; each remembers the view position it shows */
  const pool = [];
  /** @type {WeakMap<Element, PoolRow>} a row element's pool entry, for clicks */
  const rowOf = new WeakMap();
  let dirty = true;

  function headerCell(name, c) {
    const label = h('span', { class: 'ts-head-label', text: name });
    const btn = h(
      'button',
      {
        type: 'button',
        class: 'ts-head-btn',
        title: sortable ? `Sort by ${name}` : name,
        disabled: !sortable,
        on: { click: () => sortBy(c) },
      },
      label,
      arrows[c],
    );
    const grip = h('div', { class: 'ts-resize', 'aria-hidden': 'true', title: 'Drag to resize, double-click to fit' });
    grip.addEventListener('pointerdown', (e) => startResize(e, c, grip));
    grip.addEventListener('dblclick', () => setWidth(c, fitted[c]));
    const cell = h(
      'div',
      {
        class: `ts-cell ts-head-cell${right[c] ? ' ts-num' : ''}`,
        role: 'columnheader',
        'aria-colindex': c + 1,
        'aria-sort': 'none',
      },
      btn,
      grip,
    );
    return cell;
  }

  function applyWidths() {
    const total = widths.reduce((a, b) => a + b, 0);
    grid.style.setProperty('--ts-cols', widths.map((w) => `${w}px`).join(' '));
    grid.style.setProperty('--ts-width', `${total}px`);
  }

  function setWidth(c, w) {
    resized = true;
    widths[c] = Math.max(40, Math.round(w));
    applyWidths();
    dirty = true;
    draw();
  }

  function fitToView() {
    if (resized || !grid.clientWidth) return;
    const next = spread(fitted, natural, grid.clientWidth);
    if (next.some((w, i) => w !== widths[i])) {
      widths = next;
      applyWidths();
      dirty = true; // titles depend on widths
    }
  }

  function startResize(e, c, grip) {
    e.preventDefault();
    e.stopPropagation();
    grip.setPointerCapture(e.pointerId);
    const x0 = e.clientX;
    const w0 = widths[c];
    const move = (ev) => setWidth(c, w0 + ev.clientX - x0);
    const up = () => {
      grip.removeEventListener('pointermove', move);
      grip.removeEventListener('pointerup', up);
      grip.removeEventListener('pointercancel', up);
    };
    grip.addEventListener('pointermove', move);
    grip.addEventListener('pointerup', up);
    grip.addEventListener('pointercancel', up);
  }

  /** Asks the engine for the order of the next sort state of column `c`, then draws it. */
  async function sortBy(c) {
    if (!sortable) return;
    const t0 = performance.now();
    const next = nextSort(sort, c);
    if (asking) asking.abort();
    const ask = new AbortController();
    asking = ask;
    let nextOrder = null;
    if (next) {
      const key = `${next.col} ${next.dir}`;
      nextOrder = orders.get(key);
      if (!nextOrder) {
        grid.setAttribute('aria-busy', 'true');
        try {
          nextOrder = await sortRows(result.result_id, c, next.dir === 'desc', ask.signal);
        } catch (err) {
          if (ask.signal.aborted) return; // a later click took over
          asking = null;
          grid.removeAttribute('aria-busy');
          count.textContent = `${countLabel(n, 'row', 'rows')} · could not sort: ${err.message || err}`;
          return;
        }
        if (ask.signal.aborted) return;
        orders.set(key, nextOrder);
      }
    }
    asking = null;
    grid.removeAttribute('aria-busy');
    sort = next;
    order = nextOrder;
    const ms = performance.now() - t0;
    grid.dataset.sortMs = ms.toFixed(1);
    headCells.forEach((cell, i) => {
      const dir = sort && sort.col === i ? sort.dir : null;
      cell.setAttribute('aria-sort', dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none');
      arrows[i].textContent = dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : '';
    });
    count.textContent =
      countLabel(n, 'row', 'rows') +
      (sort ? ` · sorted by ${columns[sort.col]}, ${sort.dir === 'asc' ? 'ascending' : 'descending'}` : '');
    grid.scrollTop = 0;
    dirty = true;
    draw();
  }

  /** @returns {PoolRow} */
  function makeRow() {
    const cells = columns.map((_, c) =>
      h('div', { class: `ts-cell${right[c] ? ' ts-num' : ''}`, role: 'gridcell', 'aria-colindex': c + 1 }),
    );
    const el = h('div', { class: 'ts-row', role: 'row' }, cells);
    const entry = { el, cells, view: -1, row: -1 };
    rowOf.set(el, entry);
    body.append(el);
    return entry;
  }

  /** @param {PoolRow} p @param {number} v */
  function fill(p, v) {
    const r = order ? order[v] : v;
    const row = rows[r];
    const el = p.el;
    p.view = v;
    p.row = r;
    el.setAttribute('role', 'row');
    el.setAttribute('aria-rowindex', String(v + 2));
    el.classList.toggle('ts-alt', v % 2 === 1);
    for (let c = 0; c < columns.length; c++) {
      const t = fmts[c](row[c]);
      const cell = p.cells[c];
      if (cell.textContent !== t) cell.textContent = t;
      // A title only where the text may be cut; the full value shows on hover.
      if (t.length > 160 || measure(t) > widths[c] - 20) cell.title = t;
      else if (cell.title) cell.removeAttribute('title');
    }
  }

  function draw() {
    if (n === 0) return;
    const total = n * ROW_H;
    const spacer = Math.min(total, MAX_SPACER);
    body.style.height = `${spacer}px`;
    const viewH = Math.max(ROW_H, grid.clientHeight - head.offsetHeight);
    const st = Math.min(grid.scrollTop, Math.max(0, spacer - viewH));
    // Fractional index of the row at the top edge; exact when unscaled, proportional when capped.
    let topExact;
    if (spacer === total) topExact = st / ROW_H;
    else {
      const maxSt = spacer - viewH;
      topExact = maxSt > 0 ? (st / maxSt) * Math.max(0, n - viewH / ROW_H) : 0;
    }
    const first = Math.max(0, Math.floor(topExact) - OVERSCAN);
    const last = Math.min(n, Math.ceil(topExact + viewH / ROW_H) + OVERSCAN);
    const need = last - first;
    while (pool.length < need) pool.push(makeRow());
    // Reuse rows that already show a wanted position; refill the rest.
    const free = [];
    const have = new Set();
    for (const p of pool) {
      if (!dirty && p.view >= first && p.view < last) have.add(p.view);
      else free.push(p);
    }
    for (let v = first; v < last; v++) {
      if (have.has(v)) continue;
      fill(free.pop(), v);
    }
    for (const p of free) {
      // A spare row must not read as a row (stale index and cells) to tests or screen readers.
      p.view = -1;
      p.el.hidden = true;
      p.el.removeAttribute('role');
      p.el.removeAttribute('aria-rowindex');
    }
    for (const p of pool) {
      if (p.view < 0) continue;
      p.el.hidden = false;
      const y = spacer === total ? p.view * ROW_H : st + (p.view - topExact) * ROW_H;
      p.el.style.transform = `translateY(${y}px)`;
    }
    dirty = false;
  }

  /** @param {MouseEvent} e */
  function onClick(e) {
    if (!onCellClick || !(e.target instanceof Element)) return;
    const cell = e.target.closest('[role="gridcell"]');
    if (!cell || !body.contains(cell)) return;
    const p = rowOf.get(cell.parentElement);
    if (!p || p.view < 0) return;
    const c = Number(cell.getAttribute('aria-colindex')) - 1;
    const r = p.row;
    onCellClick({ column: columns[c], columnIndex: c, value: rows[r][c], row: rows[r], rowIndex: r, event: e });
  }

  // Keys the browser does not scroll by itself once the grid has focus.
  function onKey(e) {
    if (e.target !== grid) return;
    const page = Math.max(1, Math.floor((grid.clientHeight - head.offsetHeight) / ROW_H) - 1) * ROW_H;
    const moves = { Home: -Infinity, End: Infinity, PageDown: page, PageUp: -page };
    if (!(e.key in moves)) return;
    e.preventDefault();
    const d = moves[e.key];
    grid.scrollTop = d === Infinity ? grid.scrollHeight : d === -Infinity ? 0 : grid.scrollTop + d;
  }

  const onScroll = () => draw();
  grid.addEventListener('scroll', onScroll, { passive: true });
  grid.addEventListener('keydown', onKey);
  body.addEventListener('click', onClick);
  const ro =
    typeof ResizeObserver === 'function'
      ? new ResizeObserver(() => {
          fitToView();
          draw();
        })
      : null;

  applyWidths();
  replace(container, root);
  fitHeight(root);
  if (ro) ro.observe(grid);
  fitToView();
  draw();

  return {
    destroy() {
      if (asking) asking.abort();
      if (ro) ro.disconnect();
      grid.removeEventListener('scroll', onScroll);
      root.remove();
    },
    /** Sorts as a header click would; resolves to the milliseconds spent (for measuring). */
    async sortBy(c) {
      await sortBy(c);
      return Number(grid.dataset.sortMs);
    },
  };
}
