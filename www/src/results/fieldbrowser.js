// The Messages view's field browser: each field with how many messages have it; open one for its top values.

import './results.css';
import { h, replace } from '../ui/dom.js';
import { displayText } from './format.js';
import { fieldStats, topValues } from './fields.js';

/**
 * Renders the field list for `result` into `container`. A click on a top value calls
 * `onAddFilter(field, value)`. Top values are counted when a field is first opened.
 * @param {HTMLElement} container
 * @param {import('../engine/protocol.js').QueryResult} result
 * @param {{ onAddFilter?: (field: string, value: string) => void }} [opts]
 */
export function renderFieldBrowser(container, result, { onAddFilter } = {}) {
  const rows = result.rows || [];
  const total = rows.length;
  const stats = fieldStats(result);
  const tops = new Map(); // col -> top values, counted once

  const filter = h('input', {
    type: 'search',
    class: 'ts-fields-filter',
    placeholder: 'Filter fields',
    'aria-label': 'Filter fields',
    on: { input: () => applyFilter() },
  });
  const list = h('ul', { class: 'ts-field-list' });
  const items = stats.map((f) => fieldItem(f));
  list.append(...items);
  const root = h(
    'aside',
    { class: 'ts-fields', 'aria-label': 'Fields', 'data-testid': 'field-browser' },
    h(
      'div',
      { class: 'ts-fields-head' },
      h('div', { class: 'ts-fields-title' }, h('span', { text: 'Fields' }), h('span', { text: String(stats.length) })),
      filter,
    ),
    list,
  );

  function fieldItem(f) {
    const caret = h('span', { class: 'ts-field-caret', 'aria-hidden': 'true', text: '▸' });
    const btn = h(
      'button',
      {
        type: 'button',
        class: 'ts-field-btn',
        'aria-expanded': 'false',
        title: `${f.name}: in ${f.count.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} messages`,
        on: { click: () => toggle(li, f, btn, caret) },
      },
      caret,
      h('span', { class: 'ts-field-name', text: f.name }),
      h('span', { class: 'ts-field-count', text: f.count.toLocaleString('en-US') }),
    );
    const li = h(
      'li',
      { class: 'ts-field', 'data-testid': 'field', dataset: { field: f.name }, 'data-empty': f.count === 0 },
      btn,
    );
    return li;
  }

  function toggle(li, f, btn, caret) {
    const open = btn.getAttribute('aria-expanded') === 'true';
    btn.setAttribute('aria-expanded', String(!open));
    caret.textContent = open ? '▸' : '▾';
    if (open) {
      li._values?.remove();
      li._values = null;
      return;
    }
    if (!tops.has(f.col)) tops.set(f.col, topValues(rows, f.col, 10));
    li._values = valueList(f, tops.get(f.col));
    li.append(li._values);
  }

  function valueList(f, values) {
    if (values.length === 0)
      return h('ul', { class: 'ts-value-list' }, h('li', { class: 'ts-value-note', text: 'No values' }));
    return h(
      'ul',
      { class: 'ts-value-list', 'aria-label': `Top values of ${f.name}` },
      values.map(({ value, count }) => {
        const text = displayText(value);
        const pct = f.count ? Math.round((count / f.count) * 1000) / 10 : 0;
        return h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'ts-value-btn',
              'data-testid': 'field-value',
              title: `${text}\n${count.toLocaleString('en-US')} messages (${pct}%). Click to add: where ${f.name} = this value`,
              on: { click: () => onAddFilter && onAddFilter(f.name, value) },
            },
            h(
              'span',
              { class: 'ts-value-bar', 'aria-hidden': 'true' },
              h('span', { style: { width: `${Math.max(1, pct)}%` } }),
            ),
            h('span', { class: 'ts-value-text', text: text === '' ? '(empty)' : text }),
            h('span', { class: 'ts-value-count', text: count.toLocaleString('en-US') }),
          ),
        );
      }),
    );
  }

  function applyFilter() {
    const q = filter.value.trim().toLowerCase();
    stats.forEach((f, i) => {
      items[i].hidden = q !== '' && !String(f.name).toLowerCase().includes(q);
    });
  }

  replace(container, root);
  return { destroy: () => root.remove() };
}
