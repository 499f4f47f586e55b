// The Explain view: the stages the engine runs for a query, in order, as the engine describes
// them (`explain`, src/query/explain.rs). It only draws; every string goes in as text.

import './results.css';
import { h, replace } from '../ui/dom.js';

const KIND = {
  scope: 'per event',
  row: 'per row',
  aggregate: 'aggregate',
  table: 'whole table',
};

/** A "reads"/"writes" line, or nothing when the list is empty. */
function fieldsLine(label, names) {
  if (!names || !names.length) return null;
  return h(
    'div',
    { class: 'ts-explain-fields', 'data-role': label },
    h('span', { class: 'ts-explain-label', text: label }),
    names.map((n) => h('code', { class: 'ts-explain-field', text: n })),
  );
}

/** One stage as a list item. */
function stageItem(stage, i) {
  const kind = KIND[stage.kind] || stage.kind;
  return h(
    'li',
    { class: 'ts-explain-stage', 'data-kind': stage.kind, 'data-keyword': stage.keyword },
    h(
      'div',
      { class: 'ts-explain-head' },
      h('span', { class: 'ts-explain-n', text: String(i + 1) }),
      h('span', { class: 'ts-explain-kw', text: stage.keyword }),
      h('span', {
        class: `ts-explain-kind ts-kind-${stage.kind}`,
        text: kind,
      }),
      h('code', { class: 'ts-explain-text', text: stage.text }),
    ),
    fieldsLine('reads', stage.reads),
    fieldsLine('writes', stage.writes),
    stage.notes && stage.notes.length
      ? h(
          'ul',
          { class: 'ts-explain-notes' },
          stage.notes.map((n) => h('li', { text: n })),
        )
      : null,
  );
}

/**
 * Draws `explain` (the engine's answer) into `host`; `onClose()` is called by its close button.
 * @param {HTMLElement} host
 * @param {import('../engine/protocol.js').Explain} explain
 * @param {{ onClose?: () => void }} [opts]
 */
export function renderExplain(host, explain, { onClose } = {}) {
  const n = explain.stages.length;
  const events = Number(explain.events || 0).toLocaleString('en-US');
  const meta = `${n} stage${n === 1 ? '' : 's'}, over ${events} loaded event${explain.events === 1 ? '' : 's'}`;
  const root = h(
    'section',
    { class: 'ts-explain', 'data-testid': 'explain', 'aria-label': 'How the query runs' },
    h(
      'div',
      { class: 'ts-explain-top' },
      h('strong', { text: 'How the query runs' }),
      h('span', { class: 'ts-explain-meta', text: meta }),
      h('span', { class: 'grow' }),
      onClose
        ? h('button', { type: 'button', 'data-testid': 'explain-close', text: 'Close', on: { click: () => onClose() } })
        : null,
    ),
    h('ol', { class: 'ts-explain-stages' }, explain.stages.map(stageItem)),
    explain.range_dependent
      ? h('p', {
          class: 'ts-explain-note',
          text: "The answer depends on the query's time range: every event's time counts.",
        })
      : null,
  );
  replace(host, root);
  return {
    destroy() {
      root.remove();
    },
  };
}
