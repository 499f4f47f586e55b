// The hover box: exact values as text, placed beside the pointer and kept inside the chart.
import { h, replace } from '../ui/dom.js';

/**
 * A tooltip inside `wrap` (the chart's positioned element).
 * @param {HTMLElement} wrap
 */
export function createTooltip(wrap) {
  const el = h('div', { class: 'ts-tip', role: 'tooltip' });
  el.hidden = true;
  wrap.append(el);
  return {
    el,
    /**
     * Shows `children` near (clientX, clientY).
     * @param {number} clientX
     * @param {number} clientY
     * @param {...import('../ui/dom.js').Child} children
     */
    show(clientX, clientY, ...children) {
      replace(el, ...children);
      el.hidden = false;
      this.move(clientX, clientY);
    },
    /**
     * Follows the pointer without rebuilding the content.
     * @param {number} clientX
     * @param {number} clientY
     */
    move(clientX, clientY) {
      if (el.hidden) return;
      const box = wrap.getBoundingClientRect();
      const x = clientX - box.left;
      const y = clientY - box.top;
      const w = el.offsetWidth;
      const ht = el.offsetHeight;
      let left = x + 14;
      if (left + w > box.width - 2) left = x - 14 - w;
      let top = y + 14;
      if (top + ht > box.height - 2) top = y - 14 - ht;
      el.style.left = `${Math.max(2, Math.min(left, box.width - w - 2))}px`;
      el.style.top = `${Math.max(2, top)}px`;
    },
    hide() {
      el.hidden = true;
    },
  };
}

/**
 * The tooltip's heading line.
 * @param {string} text
 */
export function tipTitle(text) {
  return h('div', { class: 'ts-tip-title', text });
}

/**
 * One `swatch name value` line; `cls` is the series colour class.
 * @param {string} cls
 * @param {string} name
 * @param {string} value
 * @param {{ strong?: boolean }} [options]
 */
export function tipRow(cls, name, value, { strong = false } = {}) {
  return h(
    'div',
    { class: strong ? 'ts-tip-row ts-tip-total' : 'ts-tip-row' },
    h('span', { class: `ts-sw ${cls || ''}` }),
    h('span', { class: 'ts-tip-name', text: name }),
    h('span', { class: 'ts-tip-val', text: value }),
  );
}
