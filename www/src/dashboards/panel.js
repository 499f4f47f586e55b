// One dashboard panel: title, query toggle, Open in editor, and its state (queued, running, a view, an error, no rows).

import { h, replace } from '../ui/dom.js';

const CHARTS = new Set(['column', 'bar', 'line', 'area', 'pie', 'single']);
let panels = 0; // ids for aria-controls

/**
 * Builds the panel for `def` (a panel definition). `query()` gives the text that runs (scoped to
 * the loaded data); `onOpen()` opens it in the editor.
 * Returns { el, queue(), running(), show(answer), destroy() }; `el.dataset.state` follows them.
 * @param {import('./types.js').PanelDef} def
 * @param {{ query: () => string, onOpen: () => void, renderers: import('./types.js').Renderers }} options
 */
export function createPanel(def, { query, onOpen, renderers }) {
  const qid = `ts-dash-q-${++panels}`;
  const queryText = h('pre', { class: 'ts-dash-qtext' });
  const queryBox = h(
    'div',
    { class: 'ts-dash-query', id: qid, hidden: true },
    queryText,
    def.note ? h('p', { class: 'ts-dash-note', text: def.note }) : null,
  );
  const toggle = h('button', {
    type: 'button',
    class: 'ts-dash-btn',
    text: 'Query',
    'aria-expanded': 'false',
    'aria-controls': qid,
    title: 'Show the query this panel runs',
    on: { click: () => setOpen(queryBox.hidden) },
  });
  const open = h('button', { type: 'button', class: 'ts-dash-btn', text: 'Open in editor', on: { click: onOpen } });
  const body = h('div', { class: 'ts-dash-body' });
  const busy = h(
    'div',
    { class: 'ts-dash-busy', 'aria-hidden': 'true' },
    h('span', { class: 'ts-dash-spinner' }),
    h('span', { text: 'Running…' }),
  );
  const el = h(
    'article',
    {
      class: `ts-dash-panel is-${def.chart}${def.wide || def.chart === 'map' ? ' is-wide' : ''}`,
      'data-testid': 'panel',
      'data-panel-id': def.id,
      'data-state': 'queued',
    },
    h(
      'header',
      { class: 'ts-dash-phead' },
      h('h3', { class: 'ts-dash-ptitle', text: def.title, title: def.title }),
      def.note
        ? h('button', {
            type: 'button',
            class: 'ts-dash-info',
            text: 'i',
            title: def.note,
            'aria-label': `About this panel: ${def.note}`,
            on: { click: () => setOpen(true) },
          })
        : null,
      h('span', { class: 'ts-dash-actions' }, toggle, open),
    ),
    queryBox,
    h('div', { class: 'ts-dash-frame' }, body, busy),
  );

  let view = null; // what a renderer drew, destroyed before the next answer

  function setOpen(on) {
    queryBox.hidden = !on;
    toggle.setAttribute('aria-expanded', String(on));
    if (on) queryText.textContent = query();
  }

  function setState(state) {
    el.dataset.state = state;
    el.setAttribute('aria-busy', String(state === 'queued' || state === 'running'));
  }

  function clear() {
    if (view && view.destroy) view.destroy();
    view = null;
    el.classList.remove('has-view');
    replace(body);
  }

  return {
    el,
    /** Waiting for its turn (an answer already drawn stays, dimmed, until the new one comes). */
    queue() {
      if (!queryBox.hidden) queryText.textContent = query();
      setState('queued');
      if (!view) replace(body, h('p', { class: 'ts-dash-msg', text: 'Waiting…' }));
    },
    running() {
      setState('running');
      if (!view) replace(body);
    },
    /** Draws the worker's answer: { ok: result } or { error: diagnostic }. */
    show(answer) {
      clear();
      if (!answer || answer.error || !answer.ok) {
        setState('error');
        replace(body, errorView(answer && answer.error));
        return;
      }
      const result = answer.ok;
      if (!result.rows || result.rows.length === 0) {
        setState('empty');
        const warnings = (result.warnings || []).map((w) => w.message);
        replace(
          body,
          h(
            'div',
            { class: 'ts-dash-msg' },
            h('p', { class: 'ts-dash-none', text: 'No rows' }),
            warnings.map((w) => h('p', { class: 'ts-dash-warn', text: String(w) })),
          ),
        );
        return;
      }
      try {
        view = draw(body, result, def, renderers) || null;
        el.classList.add('has-view');
        setState('done');
      } catch (err) {
        // A renderer's failure must not take the rest of the dashboard down with it.
        clear();
        setState('error');
        replace(body, errorView({ message: `Could not draw this panel: ${err && err.message ? err.message : err}` }));
      }
    },
    destroy() {
      clear();
      el.remove();
    },
  };
}

/**
 * @param {HTMLElement} body
 * @param {import('../ui/types.js').QueryResult} result
 * @param {import('./types.js').PanelDef} def
 * @param {import('./types.js').Renderers} renderers
 */
function draw(body, result, def, renderers) {
  if (def.chart === 'map') return renderers.map(body, result, {});
  if (CHARTS.has(def.chart)) return renderers.chart(body, result, def.chart, { stacked: !!def.stacked });
  return renderers.table(body, result, {});
}

/**
 * A query's diagnostic (or whatever failed) as a message with the engine's hints.
 * @param {{ code?: string, message?: string, hints?: unknown[] } | null | undefined} diag
 */
function errorView(diag) {
  const d = diag || { message: 'The query did not answer.' };
  const head = d.code ? `${d.code}: ${d.message}` : String(d.message ?? d);
  return h(
    'div',
    { class: 'ts-dash-error', role: 'alert' },
    h('p', { class: 'ts-dash-emsg', text: head }),
    Array.isArray(d.hints) && d.hints.length
      ? h(
          'ul',
          { class: 'ts-dash-hints' },
          d.hints.map((t) => h('li', { text: String(t) })),
        )
      : null,
  );
}
