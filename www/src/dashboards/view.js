// A dashboard on the page: its template variables, a grid of panels run one at a time (visible first), and the picker.

import './dashboards.css';
import { h, replace } from '../ui/dom.js';
import { DASHBOARDS, varsFor } from './defs.js';
import { createPanel } from './panel.js';

/**
 * Renders `def` into `container`. `queries[i]` is the text panel `i` runs (the engine scoped it
 * to the loaded data's category: EngineClient.scopeTo), else the panel's own query.
 * `run(query, vars)` answers { ok } or { error } (the worker); `renderers.{chart,map,table}` draw
 * answers. Returns { destroy(), refresh() }.
 * @param {HTMLElement} container
 * @param {import('./types.js').DashboardDef} def
 * @param {{ queries?: unknown[], vars?: Record<string, unknown>,
 *   run: (query: string, vars: Record<string, string>) => Promise<{ ok?: any, error?: any }>,
 *   openInEditor?: (query: string, vars: Record<string, string>) => void,
 *   onVarsChange?: (vars: Record<string, string>) => void,
 *   renderers: import('./types.js').Renderers }} options
 */
export function renderDashboard(container, def, { queries = [], vars, run, openInEditor, onVarsChange, renderers }) {
  let current = varsFor(def, vars);
  let destroyed = false;
  let pending = []; // panels still to run in this round
  let looping = false;

  const scopedText = new Map(def.panels.map((p, i) => [p, typeof queries[i] === 'string' ? queries[i] : p.query]));
  const scoped = (p) => scopedText.get(p);
  const panels = def.panels.map((p) => ({
    def: p,
    ui: createPanel(p, { query: () => scoped(p), onOpen: () => openInEditor?.(scoped(p), { ...current }), renderers }),
  }));

  const inputs = def.vars.map((v) =>
    h('input', {
      type: 'text',
      value: current[v.name],
      placeholder: v.default,
      spellcheck: 'false',
      autocomplete: 'off',
      'data-var': v.name,
      'aria-label': v.label,
    }),
  );
  const form = h(
    'form',
    {
      class: 'ts-dash-vars',
      on: {
        submit: (e) => {
          e.preventDefault();
          apply();
        },
      },
    },
    def.vars.map((v, i) => h('label', { class: 'ts-dash-var' }, h('span', { text: v.label }), inputs[i])),
    h('button', {
      type: 'submit',
      class: 'ts-dash-btn ts-dash-refresh',
      text: 'Refresh',
      'data-testid': 'dashboard-refresh',
    }),
  );

  const root = h(
    'section',
    { class: 'ts-dash', 'data-testid': 'dashboard', 'data-dashboard-id': def.id },
    h(
      'header',
      { class: 'ts-dash-head' },
      h(
        'div',
        { class: 'ts-dash-titles' },
        h('h2', { class: 'ts-dash-title', text: def.title }),
        h('p', { class: 'ts-dash-about', text: def.about }),
      ),
      form,
    ),
    h(
      'div',
      { class: 'ts-dash-grid' },
      panels.map((p) => p.ui.el),
    ),
  );
  replace(container, root);

  function apply() {
    const typed = Object.fromEntries(def.vars.map((v, i) => [v.name, inputs[i].value.trim()]));
    current = varsFor(def, typed);
    inputs.forEach((input, i) => {
      input.value = current[def.vars[i].name];
    }); // an emptied box shows its default again
    onVarsChange?.({ ...current });
    refresh();
  }

  function refresh() {
    if (destroyed) return;
    pending = panels.slice();
    for (const p of pending) p.ui.queue();
    if (!looping) loop();
  }

  // One query at a time (the worker has one thread); a refresh mid-round restarts the queue and
  // drops the answer in flight, since it was asked with the old variables.
  async function loop() {
    looping = true;
    while (!destroyed && pending.length) {
      const panel = next();
      pending.splice(pending.indexOf(panel), 1);
      const round = pending;
      panel.ui.running();
      let answer;
      try {
        answer = await run(scoped(panel.def), { ...current });
      } catch (err) {
        answer = { error: { message: String(err && err.message ? err.message : err) } };
      }
      if (!destroyed && round === pending) panel.ui.show(answer);
    }
    looping = false;
  }

  // The first waiting panel on screen (a sliver at an edge does not count), else the first
  // waiting one: scrolling changes what runs next.
  function next() {
    const height = window.innerHeight || document.documentElement.clientHeight;
    return (
      pending.find((p) => {
        const r = p.ui.el.getBoundingClientRect();
        return r.height > 0 && Math.min(r.bottom, height) - Math.max(r.top, 0) >= Math.min(80, r.height);
      }) || pending[0]
    );
  }

  refresh();

  return {
    refresh,
    destroy() {
      destroyed = true;
      pending = [];
      for (const p of panels) p.ui.destroy();
      root.remove();
    },
  };
}

/** Tabs to choose a dashboard; `onPick(id)` when another one is chosen. */
export function renderDashboardPicker(container, { current, onPick }) {
  const tabs = DASHBOARDS.map((d) =>
    h('button', {
      type: 'button',
      role: 'tab',
      class: 'ts-dash-tab',
      text: d.title,
      title: d.about,
      'aria-selected': String(d.id === current),
      'data-dashboard-id': d.id,
      tabindex: d.id === current ? '0' : '-1',
      on: {
        click: () => {
          if (d.id !== current) onPick(d.id);
        },
      },
    }),
  );
  const el = h(
    'div',
    {
      class: 'ts-dash-picker',
      role: 'tablist',
      'aria-label': 'Dashboards',
      'data-testid': 'dashboard-picker',
      on: { keydown: (e) => arrows(e, tabs) },
    },
    tabs,
  );
  replace(container, el);
  return { destroy: () => el.remove() };
}

// Left/Right move between tabs, as in any tab list.
function arrows(e, tabs) {
  const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
  if (!step) return;
  const i = tabs.indexOf(document.activeElement);
  if (i < 0) return;
  e.preventDefault();
  tabs[(i + step + tabs.length) % tabs.length].focus();
}
