// The Messages view: field browser on the left, events on the right with their fields and raw JSON on expand.

import './results.css';
import { h, replace } from '../ui/dom.js';
import { formatTime } from '../ui/time.js';
import { displayText, countLabel } from './format.js';
import { browsableColumns } from './fields.js';
import { prettyJson } from './pretty.js';
import { renderFieldBrowser } from './fieldbrowser.js';
import { fitHeight } from './fit.js';

const PAGE = 100; // events added per "show more"; expanded events have any height, so no virtual list
const CHIP_MAX = 120; // characters of a value shown in a chip; the title has all of it
const PREVIEW_MAX = 600; // characters of _raw in the one-line preview (the line is cut by CSS anyway)

/**
 * Renders a messages result. `getRaw(eventIndex) -> Promise<string>` fetches an event's full raw
 * JSON for the expanded view (the row's `_raw` may be cut short); `onAddFilter(field, value)` is
 * called from the field browser.
 * @param {HTMLElement} container
 * @param {import('../engine/protocol.js').QueryResult} result
 * @param {{ utc?: boolean, getRaw?: (event: number) => Promise<string | null> | string | null,
 *   onAddFilter?: (field: string, value: string) => void, pageSize?: number }} [opts]
 */
export function renderMessages(container, result, { utc = true, getRaw, onAddFilter, pageSize = PAGE } = {}) {
  const columns = result.columns || [];
  const rows = result.rows || [];
  const events = result.events;
  const lower = columns.map((c) => String(c).toLowerCase());
  const timeCol = lower.indexOf('_messagetime');
  const rawCol = lower.indexOf('_raw');
  const fieldCols = browsableColumns(columns);
  /** @type {Map<number, Promise<string | null>>} row -> the full raw text */
  const rawCache = new Map();
  /** @type {WeakMap<Element, { caret: HTMLElement, detail: HTMLElement | null }>} an event's parts */
  const parts = new WeakMap();

  let shown = 0;
  const list = h('ol', { class: 'ts-msg-list', 'aria-label': 'Messages' });
  const more = h('div', { class: 'ts-more' });
  const scroller = h('div', { class: 'ts-msg-scroll' }, list, more);
  const side = h('div', { class: 'ts-fields-slot' });
  const root = h(
    'div',
    { class: 'ts-messages', 'data-testid': 'messages' },
    side,
    h(
      'section',
      { class: 'ts-msgs', 'aria-label': 'Events' },
      h('div', { class: 'ts-msgs-bar' }, h('span', { text: countLabel(rows.length, 'message', 'messages') })),
      scroller,
    ),
  );
  const browser = renderFieldBrowser(side, result, { onAddFilter });
  if (rows.length === 0) list.append(h('li', { class: 'ts-msg-empty', text: 'No messages' }));

  function showMore() {
    const end = Math.min(rows.length, shown + pageSize);
    const frag = document.createDocumentFragment();
    const added = [];
    for (let i = shown; i < end; i++) added.push(messageItem(i));
    frag.append(...added);
    list.append(frag);
    markHiddenChips(added);
    shown = end;
    const left = rows.length - shown;
    replace(
      more,
      left > 0 &&
        h(
          'button',
          { type: 'button', class: 'ts-btn', 'data-testid': 'show-more', on: { click: showMore } },
          `Show ${Math.min(left, pageSize).toLocaleString('en-US')} more · ${left.toLocaleString('en-US')} not shown`,
        ),
    );
  }

  function messageItem(i) {
    const row = rows[i];
    const chips = [];
    for (const c of fieldCols) {
      const v = row[c];
      if (v === null || v === undefined || v === '') continue;
      const t = displayText(v);
      const short = t.length > CHIP_MAX ? `${t.slice(0, CHIP_MAX)}…` : t;
      const meta = String(columns[c]).startsWith('_');
      chips.push(
        h(
          'span',
          { class: meta ? 'ts-chip ts-chip-meta' : 'ts-chip', title: `${columns[c]}: ${t}` },
          h('span', { class: 'ts-chip-name', text: columns[c] }),
          short,
        ),
      );
    }
    const raw = rawCol >= 0 ? displayText(row[rawCol]) : '';
    const caret = h('span', { class: 'ts-msg-caret', 'aria-hidden': 'true', text: '▸' });
    const li = h(
      'li',
      {
        class: 'ts-msg',
        tabindex: 0,
        'data-testid': 'message',
        'data-row': i,
        'aria-expanded': 'false',
      },
      caret,
      h('span', { class: 'ts-msg-time', text: timeCol >= 0 ? formatTime(row[timeCol], utc) : '' }),
      h(
        'div',
        { class: 'ts-msg-main' },
        chips.length > 0 && h('div', { class: 'ts-chips' }, chips),
        raw && h('div', { class: 'ts-msg-preview', text: raw.length > PREVIEW_MAX ? raw.slice(0, PREVIEW_MAX) : raw }),
      ),
    );
    parts.set(li, { caret, detail: null });
    return li;
  }

  // Folded events clip their chips to two lines; say how many fields are out of sight.
  function markHiddenChips(items) {
    if (!root.isConnected) return;
    const boxes = items.map((li) => li.querySelector('.ts-chips')).filter(Boolean);
    for (const box of boxes) box.querySelector('.ts-chip-more')?.remove();
    // Read every layout first, then write, so the browser lays out once.
    const counts = boxes.map((box) => {
      if (box.scrollHeight <= box.clientHeight + 1) return 0;
      const limit = box.getBoundingClientRect().top + box.clientHeight;
      let n = 0;
      for (const chip of box.children) if (chip.getBoundingClientRect().bottom > limit + 1) n++;
      return n;
    });
    boxes.forEach((box, k) => {
      if (counts[k] > 0)
        box.append(h('span', { class: 'ts-chip ts-chip-more', 'aria-hidden': 'true', text: `+${counts[k]} more` }));
    });
  }

  function fullRaw(i) {
    if (!rawCache.has(i)) {
      const row = rows[i];
      const short = rawCol >= 0 ? displayText(row[rawCol]) : '';
      const ev = events ? events[i] : undefined;
      const p =
        getRaw && ev !== undefined && ev !== null ? Promise.resolve().then(() => getRaw(ev)) : Promise.resolve(short);
      rawCache.set(i, p);
    }
    return rawCache.get(i);
  }

  /** @param {HTMLElement} li */
  function toggle(li) {
    const i = Number(li.dataset.row);
    const part = parts.get(li);
    if (!part) return;
    const open = li.getAttribute('aria-expanded') === 'true';
    li.setAttribute('aria-expanded', String(!open));
    part.caret.textContent = open ? '▸' : '▾';
    if (open) {
      part.detail?.remove();
      part.detail = null;
      return;
    }
    const pre = h('pre', {
      class: 'ts-raw',
      'data-testid': 'raw-json',
      tabindex: 0,
      'aria-busy': 'true',
      text: 'Loading…',
    });
    const status = h('span', { class: 'ts-copy-status', 'aria-live': 'polite' });
    const copy = h(
      'button',
      {
        type: 'button',
        class: 'ts-btn',
        'data-testid': 'copy-json',
        disabled: true,
        on: { click: () => copyText(pre, status) },
      },
      'Copy JSON',
    );
    const detail = h('div', { class: 'ts-msg-detail' }, h('div', { class: 'ts-msg-tools' }, copy, status), pre);
    part.detail = detail;
    li.append(detail);
    fullRaw(i).then(
      (text) => show(pre, copy, prettyJson(text ?? '')),
      (err) => {
        // Without the full event, the row's own (maybe cut) _raw is better than nothing.
        const short = rawCol >= 0 ? displayText(rows[i][rawCol]) : '';
        rawCache.delete(i);
        show(pre, copy, prettyJson(short));
        status.textContent = `Could not load the full event (${err && err.message ? err.message : err}); showing what the result holds.`;
      },
    );
  }

  function show(pre, copy, text) {
    pre.textContent = text;
    pre.removeAttribute('aria-busy');
    copy.disabled = false;
  }

  /** @param {MouseEvent} e */
  function onClick(e) {
    if (!(e.target instanceof Element)) return;
    const li = e.target.closest('.ts-msg');
    if (!(li instanceof HTMLElement) || !list.contains(li)) return;
    // Clicks inside the opened JSON select or copy text; they must not fold the event away.
    const detail = parts.get(li)?.detail;
    if (detail && detail.contains(e.target)) return;
    if (
      window.getSelection &&
      String(window.getSelection()).length > 0 &&
      li.contains(window.getSelection().anchorNode)
    )
      return;
    toggle(li);
  }

  /** @param {KeyboardEvent} e */
  function onKey(e) {
    const li = e.target;
    if (!(li instanceof HTMLElement) || !li.classList.contains('ts-msg')) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      toggle(li);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const next = e.key === 'ArrowDown' ? li.nextElementSibling : li.previousElementSibling;
      if (next instanceof HTMLElement && next.classList.contains('ts-msg')) {
        e.preventDefault();
        next.focus();
      }
    }
  }

  list.addEventListener('click', onClick);
  list.addEventListener('keydown', onKey);
  replace(container, root);
  fitHeight(root);
  showMore();
  // A new width moves chips between lines: recount, once per frame at most.
  let width = scroller.clientWidth;
  let pending = 0;
  const ro =
    typeof ResizeObserver === 'function' &&
    new ResizeObserver(() => {
      if (scroller.clientWidth === width || pending) return;
      pending = requestAnimationFrame(() => {
        pending = 0;
        width = scroller.clientWidth;
        markHiddenChips([...list.children]);
      });
    });
  if (ro) ro.observe(scroller);

  return {
    destroy() {
      if (ro) ro.disconnect();
      cancelAnimationFrame(pending);
      browser.destroy();
      root.remove();
    },
  };
}

/** Copies the pre's text; falls back to selecting it when the clipboard API is refused. */
async function copyText(pre, status) {
  const text = pre.textContent;
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = 'Copied';
  } catch {
    const range = document.createRange();
    range.selectNodeContents(pre);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    const ok = document.execCommand && document.execCommand('copy');
    status.textContent = ok ? 'Copied' : 'Selected: press Ctrl+C to copy';
  }
  setTimeout(() => {
    if (status.textContent === 'Copied') status.textContent = '';
  }, 2000);
}
