// The load progress bar with its cancel button.

import { h } from './dom.js';

/**
 * The progress bar of a load; the cancel button calls `onCancel()`.
 * @param {{ onCancel: () => void }} options
 */
export function createProgress({ onCancel }) {
  const fill = h('div');
  const label = h('span', { class: 'label' });
  const cancel = h('button', {
    type: 'button',
    'data-testid': 'cancel-load',
    text: 'Cancel',
    on: { click: () => onCancel() },
  });
  const el = h(
    'div',
    { class: 'progress', hidden: true, 'data-testid': 'progress' },
    h('div', { class: 'bar' }, fill),
    label,
    cancel,
  );
  return {
    el,
    /** @param {import('../engine/protocol.js').Progress} p */
    show(p) {
      el.hidden = false;
      const frac = p.filesTotal ? p.filesDone / p.filesTotal : 0;
      fill.style.width = `${(frac * 100).toFixed(1)}%`;
      // Reloading after an engine failure is not the user's load: nothing to cancel.
      cancel.hidden = p.phase === 'reloading';
      label.textContent =
        p.phase === 'indexing'
          ? `Indexing ${p.filesDone.toLocaleString()} files…`
          : p.phase === 'reloading'
            ? `Loading the data again after an engine failure: ${p.filesDone.toLocaleString()} / ${p.filesTotal.toLocaleString()} files`
            : `${p.filesDone.toLocaleString()} / ${p.filesTotal.toLocaleString()} files · ${mb(p.bytesDone)} read`;
    },
    hide() {
      el.hidden = true;
    },
  };
}

/**
 * A byte count for people: 512 B, 1.5 KB, 3.2 MB, 1.25 GB.
 * @param {number} n
 */
export function mb(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
