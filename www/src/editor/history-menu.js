// The history popup: past queries under a button, picked with mouse or keyboard, shown as text.

import { tokenClass } from './highlight.js';
import { history as defaultHistory } from './history.js';
import { tokenize } from './language.js';

const wired = new WeakMap(); // anchor button -> its controller, so wiring twice only updates options
let nextId = 0;

const PREVIEW_LINES = 4;

/**
 * Makes `anchorButton` open a menu of past queries (a menu button): a click toggles it, and
 * ArrowDown / ArrowUp on the button open it too. `onPick(text)` gets the chosen query. Escape,
 * Tab or a click elsewhere closes it. Call once per button; calling again replaces the options.
 * Returns { open(), close(), toggle(), isOpen() }.
 */
export function renderHistoryMenu(anchorButton, { onPick = () => {}, history = defaultHistory } = {}) {
  const known = wired.get(anchorButton);
  if (known) {
    known.options = { onPick, history };
    return known.controller;
  }
  const entry = { options: { onPick, history }, menu: null };
  const controller = {
    open() {
      entry.menu ??= openMenu(anchorButton, entry.options, () => (entry.menu = null));
    },
    close: () => entry.menu?.close(),
    toggle: () => (entry.menu ? controller.close() : controller.open()),
    isOpen: () => Boolean(entry.menu),
  };
  entry.controller = controller;
  anchorButton.setAttribute('aria-haspopup', 'menu');
  anchorButton.setAttribute('aria-expanded', 'false');
  anchorButton.addEventListener('click', () => controller.toggle());
  anchorButton.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      controller.open();
    }
  });
  wired.set(anchorButton, entry);
  return controller;
}

/** Builds and shows the menu; `onClosed` runs once it is gone. Returns { close }. */
function openMenu(anchorButton, { onPick, history }, onClosed) {
  const menu = document.createElement('div');
  menu.className = 'ts-history-menu';
  menu.id = `ts-history-menu-${++nextId}`;
  menu.dataset.testid = 'history-menu';
  menu.setAttribute('role', 'menu');
  menu.setAttribute('aria-label', 'Query history');

  const entries = history.list();
  const items = [];
  if (!entries.length) {
    const empty = document.createElement('div');
    empty.className = 'ts-history-empty';
    empty.textContent = 'No queries yet: each query you run is listed here.';
    menu.append(empty);
  }
  const list = document.createElement('div');
  list.className = 'ts-history-list';
  for (const text of entries) {
    const item = document.createElement('button');
    item.type = 'button';
    item.className = 'ts-history-item';
    item.dataset.testid = 'history-item';
    item.setAttribute('role', 'menuitem');
    item.tabIndex = -1;
    const lines = text.split('\n');
    const preview = document.createElement('span');
    preview.className = 'ts-history-text';
    highlightInto(preview, lines.slice(0, PREVIEW_LINES).join('\n'));
    item.append(preview);
    if (lines.length > PREVIEW_LINES) {
      const more = document.createElement('span');
      more.className = 'ts-history-more';
      const n = lines.length - PREVIEW_LINES;
      more.textContent = `+ ${n} more line${n === 1 ? '' : 's'}`;
      item.append(more);
    }
    item.title = text;
    item.addEventListener('click', () => {
      close();
      onPick(text);
    });
    list.append(item);
    items.push(item);
  }
  if (entries.length) menu.append(list);

  if (entries.length) {
    const clear = document.createElement('button');
    clear.type = 'button';
    clear.className = 'ts-history-clear';
    clear.setAttribute('role', 'menuitem');
    clear.tabIndex = -1;
    clear.textContent = 'Clear history';
    clear.addEventListener('click', () => {
      history.clear();
      close();
    });
    menu.append(clear);
    items.push(clear);
  }

  const focusAt = (i) => items.length && items[(i + items.length) % items.length].focus();
  menu.addEventListener('keydown', (e) => {
    const i = items.indexOf(document.activeElement);
    if (e.key === 'ArrowDown') focusAt(i + 1);
    else if (e.key === 'ArrowUp') focusAt(i < 0 ? -1 : i - 1);
    else if (e.key === 'Home') focusAt(0);
    else if (e.key === 'End') focusAt(-1);
    else if (e.key === 'Escape') {
      close();
      anchorButton.focus();
    } else if (e.key === 'Tab') close();
    else return;
    if (e.key !== 'Tab') e.preventDefault();
  });

  const onOutside = (e) => {
    if (!menu.contains(e.target) && !anchorButton.contains(e.target)) close();
  };
  const onResize = () => close();
  // The menu is placed in the viewport: when the page scrolls under it, it would float off its button.
  const onScroll = (e) => !menu.contains(e.target) && close();

  function close() {
    if (!menu.isConnected) return;
    menu.remove();
    anchorButton.setAttribute('aria-expanded', 'false');
    onClosed();
    document.removeEventListener('pointerdown', onOutside, true);
    window.removeEventListener('resize', onResize);
    document.removeEventListener('scroll', onScroll, true);
  }

  document.body.append(menu);
  place(menu, anchorButton);
  anchorButton.setAttribute('aria-expanded', 'true');
  anchorButton.setAttribute('aria-controls', menu.id);
  document.addEventListener('pointerdown', onOutside, true);
  window.addEventListener('resize', onResize);
  document.addEventListener('scroll', onScroll, true);
  // Focus moves into the menu so the arrow keys work at once; an empty menu takes it itself.
  if (items.length) items[0].focus();
  else {
    menu.tabIndex = -1;
    menu.focus();
  }

  return { element: menu, close };
}

/** Appends `text` to `parent` as highlighted spans; each piece is a text node, never HTML. */
function highlightInto(parent, text) {
  tokenize(text).lines.forEach((line, i) => {
    if (i) parent.append('\n');
    for (const [piece, style] of line) {
      const cls = style && tokenClass(style);
      if (!cls) {
        parent.append(piece);
        continue;
      }
      const span = document.createElement('span');
      span.className = cls;
      span.textContent = piece;
      parent.append(span);
    }
  });
}

/** Puts the menu under the button (above it when there is no room), inside the viewport. */
function place(menu, anchor) {
  const r = anchor.getBoundingClientRect();
  const vw = document.documentElement.clientWidth;
  const vh = document.documentElement.clientHeight;
  const m = menu.getBoundingClientRect();
  // Left-aligned with the button, or right-aligned when that would run off the viewport.
  const left = r.left + m.width <= vw - 8 ? r.left : r.right - m.width;
  const below = r.bottom + 4;
  const top = below + m.height > vh - 8 && r.top - m.height - 4 > 8 ? r.top - m.height - 4 : below;
  // CSSOM properties, not a style attribute: the page's CSP forbids inline style attributes.
  menu.style.left = `${Math.max(8, left)}px`;
  menu.style.top = `${top}px`;
}
