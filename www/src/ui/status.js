// The one status line tests and people read: data-state is idle, loading, running, done or error.

import { h } from './dom.js';

/** The status line: `set(state, text)` with state idle, loading, running, done or error. */
export function createStatus() {
  const el = h('div', {
    class: 'status',
    'data-testid': 'status',
    'data-state': 'idle',
    role: 'status',
    'aria-live': 'polite',
    text: 'Ready',
  });
  let seq = 0;
  return {
    el,
    /** @param {'idle' | 'loading' | 'running' | 'done' | 'error'} state @param {string} text */
    set(state, text) {
      // data-seq lets a script wait for the next answer even when its text repeats.
      el.dataset.seq = String(++seq);
      el.dataset.state = state;
      el.textContent = text;
      el.title = text;
    },
  };
}
