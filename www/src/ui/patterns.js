// The Patterns view: the loaded events' signatures (`logreduce`), or how the last day's differ
// from the day before's (`logcompare timeshift -1d`), each row one click from its events. The
// engine clusters and finds each signature's query (session::signature_query); the page draws.

import { h, replace } from './dom.js';
import { renderTable } from '../results/table.js';

const DAY = 86400e3;

// CloudTrail signatures are JSON that mostly differ late in the text: the engine reads the
// event's source and name out of each (nodrop: a signature that is not JSON stays).
const NAMES = '| json field=_signature "eventSource", "eventName" nodrop';

/** The two modes: what each runs (scoped to the loaded category by the engine) and says. */
export const PATTERN_MODES = {
  reduce: {
    label: 'Signatures',
    query: `_sourceCategory = * | logreduce ${NAMES}`,
    note: 'Events clustered by their text: variable words (IDs, times, addresses, numbers) and those that differ within a cluster are *. Click a row for exactly its events.',
  },
  compare: {
    label: 'Compare with the day before',
    query: `_sourceCategory = * | logcompare timeshift -1d ${NAMES}`,
    note: "The last day's signatures against the day before's: new, gone, changed (one count at least 1.5 times the other) or unchanged. Click a row for its events.",
  },
};

/** The columns shown, in order, for a mode's result. */
const SHOWN = {
  reduce: ['_count', 'eventSource', 'eventName', '_signature'],
  compare: ['_status', '_count', '_baseline_count', 'eventSource', 'eventName', '_signature'],
};

/**
 * The result with only the columns a mode shows (the engine's rows, cut), so the signature
 * gets the room; its `result_id` is dropped, since the engine's kept rows have other columns.
 * @param {import('../engine/protocol.js').QueryResult} res @param {'reduce' | 'compare'} mode
 */
export function shownColumns(res, mode) {
  const idx = SHOWN[mode].map((c) => res.columns.indexOf(c)).filter((i) => i >= 0);
  return {
    ...res,
    result_id: undefined,
    columns: idx.map((i) => res.columns[i]),
    kinds: idx.map((i) => res.kinds[i]),
    rows: res.rows.map((r) => idx.map((i) => r[i])),
  };
}

/** The range a mode runs over: the page's, or for `compare` its last day (of the data if all). */
export function patternRange(mode, range, dataSpan) {
  if (mode !== 'compare') return range;
  const end = range ? range[1] : dataSpan ? dataSpan.latest_ms + 1 : null;
  return end === null ? range : [end - DAY, end];
}

/**
 * Renders the view into `host`. `run(mode)` answers the mode's query (the page scopes and
 * runs it); `onOpen(signature)` opens a signature's events.
 * @param {HTMLElement} host
 * @param {{ mode: 'reduce' | 'compare', utc: boolean,
 *   run: (mode: 'reduce' | 'compare') => Promise<{ ok?: import('../engine/protocol.js').QueryResult, error?: { message: string } }>,
 *   onMode: (mode: 'reduce' | 'compare') => void, onOpen: (signature: string) => void }} opts
 */
export function renderPatterns(host, { mode, utc, run, onMode, onOpen }) {
  const buttons = /** @type {('reduce' | 'compare')[]} */ (['reduce', 'compare']).map((m) =>
    h('button', {
      type: 'button',
      text: PATTERN_MODES[m].label,
      'data-testid': `patterns-mode-${m}`,
      'aria-pressed': String(m === mode),
      on: { click: () => onMode(m) },
    }),
  );
  const line = h('div', { class: 'patterns-note', 'data-testid': 'patterns-status', text: 'Finding the patterns…' });
  const tableHost = h('div', { class: 'patterns-table', 'data-testid': 'patterns-table' });
  replace(
    host,
    h(
      'section',
      { class: 'card patterns' },
      h('div', { class: 'patterns-bar' }, h('div', { class: 'patterns-modes', role: 'group' }, buttons)),
      h('p', { class: 'patterns-note', text: PATTERN_MODES[mode].note }),
      line,
      tableHost,
    ),
  );
  run(mode).then(
    (res) => {
      if (res.error || !res.ok) {
        line.textContent = `The patterns could not be found: ${res.error ? res.error.message : 'no answer'}`;
        return;
      }
      const shown = shownColumns(res.ok, mode);
      const sig = shown.columns.indexOf('_signature');
      line.textContent = `${shown.rows.length.toLocaleString()} pattern${shown.rows.length === 1 ? '' : 's'} in ${Math.round(res.ok.elapsed_ms ?? 0)} ms`;
      renderTable(tableHost, shown, {
        utc,
        onCellClick: ({ row }) => {
          if (sig >= 0 && row[sig] !== null) onOpen(String(row[sig]));
        },
      });
    },
    (err) => {
      line.textContent = `The patterns could not be found: ${err.message || err}`;
    },
  );
}
