// The time range picker, relative to the loaded data's newest event (logs are old by nature).

import { h } from './dom.js';

const CHOICES = [
  ['all', 'All time'],
  ['1h', 'Last hour of the data'],
  ['1d', 'Last day of the data'],
  ['7d', 'Last week of the data'],
  ['custom', 'Custom…'],
];
const SPANS = { '1h': 3600e3, '1d': 86400e3, '7d': 7 * 86400e3 };

/** [start, end) in ms for a range value, or null for all of it. */
export function resolveRange(value, dataSpan) {
  if (!value || value === 'all') return null;
  if (SPANS[value] && dataSpan) return [dataSpan.latest_ms + 1 - SPANS[value], dataSpan.latest_ms + 1];
  const m = /^(\d+)-(\d+)$/.exec(value);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

export function createTimeRange({ onChange, utc = () => true }) {
  const select = h(
    'select',
    { 'data-testid': 'time-range', 'aria-label': 'Time range' },
    CHOICES.map(([v, t]) => h('option', { value: v, text: t })),
  );
  const from = h('input', { type: 'datetime-local', step: 1, 'aria-label': 'From' });
  const to = h('input', { type: 'datetime-local', step: 1, 'aria-label': 'To' });
  const custom = h('span', { class: 'timerange', hidden: true }, from, h('span', { text: '→' }), to);
  let value = 'all';
  const toMs = (s) => (s ? (utc() ? Date.parse(s + 'Z') : Date.parse(s)) : NaN);
  const toInput = (ms) => {
    const d = new Date(utc() ? ms : ms - new Date(ms).getTimezoneOffset() * 60e3);
    return d.toISOString().slice(0, 19);
  };
  const emitCustom = () => {
    const a = toMs(from.value),
      b = toMs(to.value);
    if (Number.isFinite(a) && Number.isFinite(b) && b > a) {
      value = `${a}-${b}`;
      onChange(value);
    }
  };
  select.addEventListener('change', () => {
    custom.hidden = select.value !== 'custom';
    if (select.value !== 'custom') {
      value = select.value;
      onChange(value);
    }
  });
  from.addEventListener('change', emitCustom);
  to.addEventListener('change', emitCustom);
  const el = h('span', { class: 'timerange' }, select, custom);
  return {
    el,
    get value() {
      return value;
    },
    /** Sets the range (from the URL or a brushed histogram) without firing onChange. */
    set(v) {
      value = v || 'all';
      const m = /^(\d+)-(\d+)$/.exec(value);
      select.value = m ? 'custom' : value;
      custom.hidden = !m;
      if (m) {
        from.value = toInput(Number(m[1]));
        to.value = toInput(Number(m[2]));
      }
    },
  };
}
