// The single value: one big number with what it counts.
import { h } from '../ui/dom.js';
import { formatExact, formatNumber } from './format.js';
import { fitText, textWidth } from './measure.js';
import { formatTime } from '../ui/time.js';

/** `value` as large as the box allows; huge numbers shortened (1.2B) with the exact one in the tooltip. */
export function drawSingle({ width, height }, single, { utc = true } = {}) {
  const exact = formatExact(single.value);
  const shown = exact.length > 10 ? formatNumber(single.value) : exact;
  // Largest size at which the text fits 80% of the width and about half the height.
  const size = Math.max(18, Math.min(96, height * 0.42, (width * 0.8) / (textWidth(shown, 100, 600) / 100)));
  const caption =
    single.caption ?? (single.time !== null && single.time !== undefined ? formatTime(single.time, utc) : null);
  const value = h('div', { class: 'ts-single-value', text: shown, title: exact });
  value.style.fontSize = `${Math.floor(size)}px`;
  return h(
    'div',
    { class: 'ts-single' },
    value,
    h('div', { class: 'ts-single-label', text: fitText(single.label, width - 24, 13), title: single.label }),
    caption ? h('div', { class: 'ts-single-caption', text: fitText(caption, width - 24, 12), title: caption }) : null,
  );
}
