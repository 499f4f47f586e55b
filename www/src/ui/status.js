// The one status line tests and people read: data-state is idle, loading, running, done or error.

import { h } from './dom.js';

/** @typedef {'idle' | 'loading' | 'running' | 'done' | 'error'} State */

/**
 * The status line: `set(state, text)` with state idle, loading, running, done or error;
 * `state()` the one last set.
 */
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
  /** @type {State} */
  let current = 'idle';
  return {
    el,
    /** The state last set. @returns {State} */
    state: () => current,
    /** @param {State} state @param {string} text */
    set(state, text) {
      current = state;
      // data-seq lets a script wait for the next answer even when its text repeats.
      el.dataset.seq = String(++seq);
      el.dataset.state = state;
      el.textContent = text;
      el.title = text;
    },
  };
}
