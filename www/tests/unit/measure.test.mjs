// The one text measurer (ui/measure.js) that the charts and the table share: without a canvas
// (here, in node) it estimates from the font's size, and both users get the same width.
import test from 'node:test';
import assert from 'node:assert/strict';
import { measureText } from '../../src/ui/measure.js';
import { textWidth } from '../../src/charts/measure.js';
import { canvasMeasurer } from '../../src/results/widths.js';

test('without a canvas, 0.6 em a character, the em read from the font', () => {
  assert.equal(measureText('abcd', '13px system-ui'), 4 * 13 * 0.6);
  assert.equal(measureText('ab', '600 22px system-ui'), 2 * 22 * 0.6);
  assert.equal(measureText('ab', 'bold serif'), 2 * 12 * 0.6);
  assert.equal(measureText(12345, '10px x'), 5 * 10 * 0.6);
});

test('the charts and the table measure through it', () => {
  assert.equal(textWidth('hello', 11), measureText('hello', '400 11px system-ui, sans-serif'));
  const m = canvasMeasurer('13px system-ui');
  assert.equal(m('hello'), measureText('hello', '13px system-ui'));
  assert.equal(m('hello'), m('hello'));
});
