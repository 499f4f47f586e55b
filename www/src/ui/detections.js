// The Detections view: Sigma rules (the bundled ones and those dropped with the logs) over what
// is loaded, as the engine runs them (`Session::detections`): counts by level, alerts by rule
// with their ATT&CK tags, alerts over time, the alerts, and every rule with its diagnostics. An
// alert opens its events (raw JSON) and a search for its event; a rule opens its text, author,
// references and license. Every value from a log or a rule file is written as text.

import './detections.css';
import { h, replace } from './dom.js';
import { formatTime, zoneLabel } from './time.js';
import { quoteString } from './query-text.js';
import { renderChart } from '../charts/index.js';
import { download } from '../results/export.js';
import {
  LEVEL_COLORS,
  alertTimeline,
  attackTags,
  detectOptions,
  diagnosticText,
  doneText,
  eventQuery,
  filterAlerts,
  hasTime,
  httpUrl,
  levelCounts,
  levelOf,
  normalise,
  parseCountries,
  runningText,
  splitLinks,
} from './detections-model.js';

/** @typedef {import('../engine/protocol.js').Detections} Detections */
/** @typedef {import('../engine/protocol.js').Alert} Alert */
/** @typedef {import('../engine/protocol.js').DetectionRule} DetectionRule */

/** Alert rows drawn in the table; the exports have every one. */
const SHOWN_ALERTS = 500;

/**
 * A link when `url` is an http(s) URL, else the text as it is.
 * @param {unknown} url @param {string} [label]
 */
export function linkOrText(url, label) {
  const href = httpUrl(url);
  const text = label ?? String(url ?? '');
  return href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', text }) : h('span', { text });
}

/**
 * Text with its http(s) URLs as links, the rest as text.
 * @param {string} text
 */
export function linkified(text) {
  return splitLinks(text).map((p) =>
    p.url ? h('a', { href: p.url, target: '_blank', rel: 'noopener noreferrer', text: p.text }) : p.text,
  );
}

/** A level as a coloured badge. @param {string | null | undefined} level */
function badge(level) {
  const l = level || 'none';
  return h('span', { class: `det-level det-${l}`, 'data-level': l, text: l });
}

/** ATT&CK tags as small links. @param {unknown} tags */
function tagList(tags) {
  return h(
    'span',
    { class: 'det-tags' },
    attackTags(tags).map((t) =>
      h('a', {
        class: `det-tag det-${t.kind}`,
        href: t.url,
        target: '_blank',
        rel: 'noopener noreferrer',
        text: t.label,
        on: { click: (/** @type {Event} */ e) => e.stopPropagation() },
      }),
    ),
  );
}

/**
 * The side panel the map's drill-down uses, replacing any open one; Escape or Close closes it.
 * @param {string} testid @param {string} title @param {...import('./dom.js').Child} content
 */
function sidePanel(testid, title, ...content) {
  const close = () => {
    el.remove();
    document.removeEventListener('keydown', onKey);
  };
  /** @param {KeyboardEvent} e */
  const onKey = (e) => {
    if (e.key === 'Escape') close();
  };
  const body = h('div', { class: 'body' }, content);
  const el = h(
    'aside',
    { class: 'drilldown', 'data-testid': testid, role: 'dialog', 'aria-label': title },
    h(
      'header',
      {},
      h('h2', { text: title }),
      h('button', { type: 'button', text: 'Close', 'data-testid': `${testid}-close`, on: { click: close } }),
    ),
    body,
  );
  document.querySelectorAll('aside.drilldown').forEach((old) => old.remove());
  document.addEventListener('keydown', onKey);
  document.body.append(el);
  return { el, body, close };
}

/** Rows of label and value, values as text (or nodes). @param {[string, import('./dom.js').Child][]} rows */
function facts(rows) {
  return h(
    'table',
    { class: 'det-facts' },
    h(
      'tbody',
      {},
      rows
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(([k, v]) => h('tr', {}, h('th', { text: k }), h('td', {}, v))),
    ),
  );
}

/**
 * Who wrote a rule and where it comes from, as the DRL 1.1 asks with every rule and alert:
 * author, its first reference, and the rule set's license and link (a user's rule: its file).
 * @param {DetectionRule} r @param {string} license
 */
export function attribution(r, license) {
  const ref = (r.meta.references || []).find((x) => httpUrl(x));
  /** @type {import('./dom.js').Child[]} */
  const parts = [];
  if (r.meta.author) parts.push([`Rule by ${r.meta.author}`]);
  else if (r.kind !== 'baseline') parts.push(['Rule without an author']);
  if (ref) parts.push([linkOrText(ref, 'reference')]);
  if (r.kind === 'baseline') parts.push(["Trailscope's own behaviour baseline"]);
  else parts.push(r.builtin ? linkified(license) : [`your rule, from ${r.file}`]);
  return h(
    'p',
    { class: 'det-license', 'data-testid': 'rule-license' },
    parts.map((p, i) => (i ? [' · ', p] : p)),
  );
}

/**
 * Opens a rule's details: metadata, references (links only for http(s)), false positives,
 * ATT&CK tags, license, diagnostics, the equivalent Sumo query (when the engine gives one) and
 * the rule's text.
 * @param {DetectionRule} r @param {{ license: string, onOpenQuery: (query: string) => void }} opts
 */
export function openRule(r, { license, onOpenQuery }) {
  const m = r.meta;
  const list = (items, render = (/** @type {unknown} */ x) => h('span', { text: String(x) })) =>
    items && items.length
      ? h(
          'ul',
          {},
          items.map((x) => h('li', {}, render(x))),
        )
      : null;
  const query =
    typeof r.query === 'string'
      ? h(
          'section',
          {},
          h('h3', { text: 'As a Sumo query' }),
          h('pre', { 'data-testid': 'rule-query', text: r.query }),
          h('button', {
            type: 'button',
            class: 'primary',
            'data-testid': 'rule-open-query',
            text: 'Open as Sumo query',
            on: { click: () => onOpenQuery(/** @type {string} */ (r.query)) },
          }),
        )
      : r.query_note
        ? h('section', {}, h('h3', { text: 'As a Sumo query' }), h('p', { class: 'muted', text: r.query_note }))
        : null;
  const panel = sidePanel(
    'rule-detail',
    m.title || r.file,
    facts([
      ['Level', badge(m.level)],
      ['Status', m.status],
      ['ID', m.id],
      ['Author', h('span', { 'data-testid': 'rule-author', text: m.author || '' })],
      ['Date', m.date],
      ['Kind', r.kind === 'baseline' ? 'behaviour baseline' : 'Sigma rule'],
      ['File', r.file],
      ['Runs', r.runs ? 'yes' : 'no: see its diagnostics'],
    ]),
    m.description ? h('p', { class: 'det-description' }, linkified(m.description)) : null,
    attribution(r, license),
    r.diagnostics.length
      ? h(
          'section',
          {},
          h('h3', { text: 'Diagnostics' }),
          h(
            'ul',
            {},
            r.diagnostics.map((d) =>
              h('li', { class: 'det-diag', 'data-testid': 'rule-diagnostic', text: diagnosticText(d) }),
            ),
          ),
        )
      : null,
    m.references && m.references.length
      ? h(
          'section',
          {},
          h('h3', { text: 'References' }),
          list(m.references, (x) => linkOrText(x)),
        )
      : null,
    m.falsepositives && m.falsepositives.length
      ? h('section', {}, h('h3', { text: 'False positives' }), list(m.falsepositives))
      : null,
    m.tags && m.tags.length
      ? h(
          'section',
          {},
          h('h3', { text: 'Tags' }),
          tagList(m.tags),
          h('p', { class: 'muted det-small', text: m.tags.join(', ') }),
        )
      : null,
    query,
    // A baseline's text is its description, shown above.
    typeof r.text === 'string' && !(r.kind === 'baseline' && r.text.trim() === m.description.trim())
      ? h('section', {}, h('h3', { text: 'Rule' }), h('pre', { 'data-testid': 'rule-text', text: r.text }))
      : null,
  );
  return panel;
}

/**
 * Opens an alert: what it is about, its rule's attribution, "Open in Search" (a query finding
 * its event by eventID), and its events (a baseline's alert has several), each one click from
 * its raw JSON; the first is open.
 * @param {Alert} a @param {Detections} d
 * @param {{ client: import('../engine/client.js').EngineClient, utc: boolean, onOpenSearch: (eventId: string) => void,
 *   onOpenQuery: (query: string) => void }} opts
 */
export function openAlert(a, d, { client, utc, onOpenSearch, onOpenQuery }) {
  const r = d.rules[a.rule];
  const events = a.events && a.events.length ? a.events : [a.event];
  const list = h('div', { class: 'det-events' });
  const panel = sidePanel(
    'alert-detail',
    r ? r.meta.title || r.file : 'Alert',
    facts([
      [`Time (${zoneLabel(utc)})`, hasTime(a.time) ? formatTime(a.time, utc) : 'no time'],
      ['Level', badge(a.level)],
      ['Principal', a.principal],
      ['Source IP', a.source_ip],
      ['Event', a.event_name],
      ['eventID', a.event_id],
    ]),
    a.detail ? h('p', { class: 'det-detail', 'data-testid': 'alert-detail-text', text: a.detail }) : null,
    h(
      'div',
      { class: 'det-actions' },
      h('button', {
        type: 'button',
        class: 'primary',
        'data-testid': 'alert-open-search',
        text: 'Open in Search',
        disabled: !a.event_id,
        title: a.event_id ? 'Search for this event by its eventID' : 'This event has no eventID',
        on: { click: () => a.event_id && onOpenSearch(a.event_id) },
      }),
      r
        ? h('button', {
            type: 'button',
            text: 'The rule',
            'data-testid': 'alert-open-rule',
            on: { click: () => openRule(r, { license: d.license, onOpenQuery }) },
          })
        : null,
    ),
    r ? attribution(r, d.license) : null,
    h('section', {}, h('h3', { text: events.length === 1 ? 'Event' : `Events (${events.length})` }), list),
  );
  events.forEach((index, k) => {
    const raw = h('pre', { hidden: true, 'data-testid': 'alert-raw' });
    const line = h('div', {
      class: 'ev',
      tabindex: 0,
      role: 'button',
      'data-testid': 'alert-event',
      text: k === 0 ? `This alert's event (#${index})` : `Event #${index}`,
    });
    const toggle = async () => {
      if (!raw.hidden) {
        raw.hidden = true;
        return;
      }
      if (!raw.textContent) {
        const text = await client.raw(index).catch((err) => `could not read the event: ${err.message || err}`);
        try {
          raw.textContent = JSON.stringify(JSON.parse(text ?? ''), null, 2);
        } catch {
          raw.textContent = text ?? '';
        }
      }
      raw.hidden = false;
    };
    line.addEventListener('click', toggle);
    line.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') toggle();
    });
    list.append(line, raw);
    if (k === 0) toggle();
  });
  return panel;
}

/**
 * The strip of counts by level the Overview dashboard shows: each a chip that opens Detections
 * filtered to it.
 * @param {HTMLElement} host @param {{ answer: Detections | null, running: boolean, error: string | null }} state
 * @param {(level: string | null) => void} onOpen
 */
export function renderDetectionStrip(host, { answer, running, error }, onOpen) {
  const counts = levelCounts(answer);
  const body = error
    ? h('span', { class: 'bad', text: `could not run: ${error}` })
    : !answer
      ? h('span', { class: 'muted', text: running ? 'running the rules…' : 'not run yet' })
      : counts.length
        ? counts.map(([l, n]) =>
            h(
              'button',
              { type: 'button', class: `det-chip det-${l}`, 'data-level': l, on: { click: () => onOpen(l) } },
              h('span', { class: 'det-chip-n', text: n.toLocaleString() }),
              ` ${l}`,
            ),
          )
        : h('span', { class: 'muted', text: 'no alerts' });
  replace(
    host,
    h(
      'div',
      { class: 'card det-strip', 'data-testid': 'detections-strip' },
      h('button', { type: 'button', class: 'det-strip-title', text: 'Detections', on: { click: () => onOpen(null) } }),
      body,
      running && answer ? h('span', { class: 'muted', text: 'updating…' }) : null,
    ),
  );
}

/**
 * The Detections view. `client` runs the rules; `events()` is how many events are loaded, for
 * the running line; `utc()` the page's time switch; `onOpenQuery(query)` puts a query in the
 * editor and runs it in Search; `onChange()` is told when an answer or a run's state changes
 * (the Overview strip follows it); `countries`/`onCountries` hold the placeholder's values.
 * @param {{ client: import('../engine/client.js').EngineClient, events: () => number, utc: () => boolean,
 *   scopeCategory: () => string, onOpenQuery: (query: string) => void, onChange?: () => void,
 *   countries?: string[], onCountries?: (c: string[]) => void }} o
 */
export function createDetectionsView(o) {
  /** @type {Detections | null} */
  let answer = null;
  let running = false;
  /** @type {string | null} */
  let error = null;
  let seq = 0;
  /** @type {{ level: string | null, rule: number | null }} */
  const filter = { level: null, rule: null };
  let countries = o.countries || [];
  /** @type {{ destroy: () => void } | null} */
  let chart = null;

  const status = h('span', { class: 'det-status', 'data-testid': 'detections-status', 'data-state': 'idle' });
  const runButton = h('button', {
    type: 'button',
    class: 'primary',
    text: 'Run',
    'data-testid': 'detections-run',
    title: 'Run every rule over the loaded events again',
    on: { click: () => run() },
  });
  const countriesInput = h('input', {
    type: 'text',
    value: countries.join(', '),
    placeholder: 'e.g. US, CA, DE',
    size: 16,
    spellcheck: 'false',
    'data-testid': 'detections-countries',
    'aria-label': 'Legitimate countries (ISO codes) for the console-login rule',
    title:
      'ISO country codes, comma-separated: the values of %Legitimate_Countries% in the bundled rule "AWS Console Login Monitoring" (sign-ins from elsewhere are alerts)',
    on: {
      change: () => {
        countries = parseCountries(countriesInput.value);
        countriesInput.value = countries.join(', ');
        o.onCountries && o.onCountries(countries);
        run();
      },
    },
  });
  const exportError = h('span', { class: 'bad', 'data-testid': 'detections-export-error', role: 'status' });
  const exportButton = (format, label) =>
    h('button', {
      type: 'button',
      text: label,
      'data-testid': `detections-export-${format}`,
      title: `Download every alert as ${label}, written by the engine as trailscope detect --format ${format} writes it`,
      on: { click: () => exportAs(format) },
    });
  const levels = h('div', { class: 'det-levels', 'data-testid': 'detections-levels', role: 'group' });
  const byRule = h('div', { class: 'det-byrule', 'data-testid': 'detections-by-rule' });
  const timeline = h('div', { class: 'det-timeline', 'data-testid': 'detections-timeline' });
  const alertsHost = h('div', { class: 'det-alerts' });
  const rulesHost = h('div', { class: 'det-rules' });
  const licenseLine = h('p', { class: 'det-license muted' });
  const grid = h(
    'div',
    { class: 'det-grid' },
    h('section', {}, h('h3', { text: 'Alerts by rule' }), byRule),
    h('section', {}, h('h3', { text: 'Alerts over time' }), timeline),
  );
  const body = h('div', { class: 'det-body' }, levels, grid, alertsHost, rulesHost, licenseLine);
  const el = h(
    'section',
    { class: 'card detections', 'data-testid': 'detections-view' },
    h(
      'div',
      { class: 'det-bar' },
      runButton,
      h('label', { class: 'det-countries' }, 'Legitimate countries', countriesInput),
      status,
      h('span', { class: 'grow' }),
      h('span', { class: 'muted', text: 'Export' }),
      exportButton('csv', 'CSV'),
      exportButton('json', 'JSON'),
      exportError,
    ),
    body,
  );

  const options = () => detectOptions({ countries });

  function setStatus(state, text) {
    status.dataset.state = state;
    status.textContent = text;
  }

  /** Runs every rule over what is loaded; only the latest run's answer is drawn. */
  async function run() {
    const mine = ++seq;
    running = true;
    runButton.disabled = true;
    setStatus('running', runningText(answer ? answer.rules.length : null, o.events()));
    o.onChange && o.onChange();
    const t0 = performance.now();
    try {
      const rules = answer ? answer.rules.length : null;
      const onProgress = (/** @type {import('../engine/protocol.js').Progress} */ p) => {
        if (mine === seq && typeof p.fraction === 'number')
          setStatus('running', runningText(rules, o.events(), p.fraction));
      };
      const d = normalise(await o.client.detect(options(), onProgress));
      if (mine !== seq) return;
      answer = d;
      error = null;
      status.dataset.runs = String(Number(status.dataset.runs || 0) + 1);
      if (filter.rule !== null && filter.rule >= d.rules.length) filter.rule = null;
      setStatus('done', doneText(d, performance.now() - t0));
      draw();
    } catch (err) {
      if (mine !== seq) return;
      error = String((err && err.message) || err);
      setStatus('error', `The rules could not run: ${error}`);
    } finally {
      if (mine === seq) {
        running = false;
        runButton.disabled = false;
        o.onChange && o.onChange();
      }
    }
  }

  async function exportAs(format) {
    exportError.textContent = '';
    try {
      const text = await o.client.detectExport(options(), format);
      const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
      if (format === 'csv') download(`trailscope-alerts-${stamp}.csv`, '\uFEFF' + text, 'text/csv;charset=utf-8');
      else download(`trailscope-alerts-${stamp}.json`, text, 'application/json');
    } catch (err) {
      exportError.textContent = `Could not export: ${err && err.message ? err.message : err}`;
    }
  }

  const openQuery = (query) => {
    document.querySelectorAll('aside.drilldown').forEach((x) => x.remove());
    o.onOpenQuery(query);
  };
  const openSearch = async (eventId) => {
    const own = eventQuery(eventId, quoteString);
    if (!own) return;
    const [query] = await o.client.scopeTo([own], o.scopeCategory()).catch(() => [own]);
    openQuery(query);
  };

  /** Draws the last answer with the filter. */
  function draw() {
    if (chart) chart.destroy();
    chart = null;
    const d = answer;
    grid.hidden = !d;
    if (!d) {
      replace(levels);
      replace(byRule);
      replace(timeline);
      replace(alertsHost, h('p', { class: 'muted', text: 'The rules have not run yet.' }));
      replace(rulesHost);
      replace(licenseLine);
      return;
    }
    const utc = o.utc();
    const counts = levelCounts(d);
    const chip = (level, label, n) =>
      h(
        'button',
        {
          type: 'button',
          class: `det-chip${level ? ` det-${level}` : ''}`,
          'data-level': level ?? 'all',
          'aria-pressed': String(filter.level === level),
          on: {
            click: () => {
              filter.level = filter.level === level ? null : level;
              draw();
            },
          },
        },
        h('span', { class: 'det-chip-n', text: n.toLocaleString() }),
        ` ${label}`,
      );
    replace(
      levels,
      chip(null, 'all alerts', d.summary.total),
      counts.map(([l, n]) => chip(l, l, n)),
    );

    // Alerts by rule, most first (the engine's order), within the level filter.
    const inLevel = filterAlerts(d.alerts, { level: filter.level });
    const perRule = new Map();
    for (const a of inLevel) perRule.set(a.rule, (perRule.get(a.rule) || 0) + 1);
    const ruleRows = d.summary.by_rule.filter(([i]) => perRule.has(i));
    replace(
      byRule,
      ruleRows.length
        ? h(
            'table',
            { class: 'det-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Level', 'Rule', 'ATT&CK', 'Alerts'].map((t, i) => h('th', { class: i === 3 ? 'num' : '', text: t })),
              ),
            ),
            h(
              'tbody',
              {},
              ruleRows.map(([i]) => {
                const r = d.rules[i];
                return h(
                  'tr',
                  {
                    class: 'det-click',
                    'data-testid': 'detections-rule-row',
                    'aria-selected': String(filter.rule === i),
                    title: 'Show only this rule’s alerts (click again for all)',
                    on: {
                      click: () => {
                        filter.rule = filter.rule === i ? null : i;
                        draw();
                      },
                    },
                  },
                  h('td', {}, badge(r.meta.level)),
                  h(
                    'td',
                    {},
                    h('button', {
                      type: 'button',
                      class: 'linkish',
                      'data-testid': 'detections-rule-title',
                      text: r.meta.title || r.file,
                      title: 'The rule: its text, author, references and license',
                      on: {
                        click: (/** @type {Event} */ e) => {
                          e.stopPropagation();
                          openRule(r, { license: d.license, onOpenQuery: openQuery });
                        },
                      },
                    }),
                  ),
                  h('td', {}, tagList(r.meta.tags)),
                  h('td', {
                    class: 'num',
                    'data-testid': 'detections-rule-count',
                    text: perRule.get(i).toLocaleString(),
                  }),
                );
              }),
            ),
          )
        : h('p', { class: 'muted', text: d.summary.total ? 'No alert at this level.' : 'No rule matched any event.' }),
    );

    const shown = filterAlerts(d.alerts, filter);
    const series = alertTimeline(shown);
    if (series) {
      // The series are the levels present, highest first: each in its badge's colour.
      series.columns.slice(1).forEach((l, i) => timeline.style.setProperty(`--series-${i + 1}`, LEVEL_COLORS[l]));
      chart = renderChart(timeline, series, 'column', { utc, height: 220 });
    } else replace(timeline, h('p', { class: 'muted', text: 'No alert with a time.' }));

    // The Detail column only when an alert has one (a baseline's sentence).
    const withDetail = shown.some((a) => a.detail);
    const ruleName = filter.rule !== null && d.rules[filter.rule] ? d.rules[filter.rule].meta.title : null;
    replace(
      alertsHost,
      h(
        'h3',
        {},
        `Alerts (${shown.length.toLocaleString()}${filter.level ? `, ${filter.level}` : ''}${ruleName ? `, ${ruleName}` : ''})`,
      ),
      shown.length
        ? h(
            'div',
            { class: 'det-scroll' },
            h(
              'table',
              { class: `det-table${withDetail ? ' with-detail' : ''}`, 'data-testid': 'detections-alerts' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  [
                    `Time (${zoneLabel(utc)})`,
                    'Level',
                    'Rule',
                    'Principal',
                    'Source IP',
                    'Event',
                    'eventID',
                    withDetail ? 'Detail' : null,
                  ]
                    .filter(Boolean)
                    .map((t) => h('th', { text: t })),
                ),
              ),
              h(
                'tbody',
                {},
                shown.slice(0, SHOWN_ALERTS).map((a) =>
                  h(
                    'tr',
                    {
                      class: 'det-click',
                      tabindex: 0,
                      'data-testid': 'detections-alert',
                      title: 'Open the alert: its events, raw JSON, a search for it',
                      on: {
                        click: () =>
                          openAlert(a, d, { client: o.client, utc, onOpenSearch: openSearch, onOpenQuery: openQuery }),
                        keydown: (/** @type {KeyboardEvent} */ e) => {
                          if (e.key === 'Enter')
                            openAlert(a, d, {
                              client: o.client,
                              utc,
                              onOpenSearch: openSearch,
                              onOpenQuery: openQuery,
                            });
                        },
                      },
                    },
                    h('td', { class: 'nowrap', text: hasTime(a.time) ? formatTime(a.time, utc) : '' }),
                    h('td', {}, badge(levelOf(a))),
                    h('td', { class: 'det-rule', text: d.rules[a.rule] ? d.rules[a.rule].meta.title : '' }),
                    h('td', { class: 'det-wrap det-principal', text: a.principal ?? '' }),
                    h('td', { text: a.source_ip ?? '' }),
                    h('td', { text: a.event_name ?? '' }),
                    h('td', { class: 'det-id', text: a.event_id ?? '' }),
                    withDetail
                      ? h(
                          'td',
                          { class: 'det-wrap' },
                          h('div', { class: 'det-clamp', title: a.detail ?? '', text: a.detail ?? '' }),
                        )
                      : null,
                  ),
                ),
              ),
            ),
          )
        : h('p', { class: 'muted', text: 'No alerts.' }),
      shown.length > SHOWN_ALERTS
        ? h('p', {
            class: 'muted',
            text: `Showing the first ${SHOWN_ALERTS.toLocaleString()} of ${shown.length.toLocaleString()}; the exports have every one.`,
          })
        : null,
    );

    // Every rule: the user's first (with their diagnostics open), then those that do not run.
    const order = d.rules.map((_, i) => i);
    const rank = (/** @type {number} */ i) => (d.rules[i].builtin ? 2 : 0) + (d.rules[i].runs ? 1 : 0);
    order.sort((a, b) => rank(a) - rank(b) || a - b);
    const mine = d.rules.filter((r) => !r.builtin).length;
    const notRun = d.rules.filter((r) => !r.runs).length;
    replace(
      rulesHost,
      h(
        'details',
        { 'data-testid': 'detections-rules', open: mine > 0 || undefined },
        h('summary', {
          text: `Rules: ${d.rules.length} loaded (${mine} yours), ${d.rules.length - notRun} run${notRun ? `, ${notRun} not run` : ''}`,
        }),
        h(
          'ul',
          { class: 'det-rule-list' },
          order.map((i) => {
            const r = d.rules[i];
            return h(
              'li',
              { 'data-testid': 'detections-rule', 'data-builtin': String(r.builtin), 'data-runs': String(r.runs) },
              badge(r.meta.level),
              ' ',
              h('button', {
                type: 'button',
                class: 'linkish',
                text: r.meta.title || r.file,
                on: { click: () => openRule(r, { license: d.license, onOpenQuery: openQuery }) },
              }),
              h('span', {
                class: 'muted',
                text: `  ${r.kind === 'baseline' ? 'behaviour baseline' : r.builtin ? r.file.split('/').pop() : `your rule ${r.file}`}`,
              }),
              r.runs ? null : h('span', { class: 'det-notrun', text: ' not run' }),
              r.diagnostics.length
                ? h(
                    'ul',
                    {},
                    r.diagnostics.map((x) =>
                      h('li', { class: 'det-diag', 'data-testid': 'detections-diagnostic', text: diagnosticText(x) }),
                    ),
                  )
                : null,
            );
          }),
        ),
      ),
    );
    replace(licenseLine, linkified(d.license));
  }

  draw();
  setStatus('idle', 'Drop CloudTrail logs (and Sigma rules, .yml) to run the rules over them');
  return {
    el,
    run,
    draw,
    /** @param {string | null} level */
    filterLevel(level) {
      filter.level = level;
      filter.rule = null;
      draw();
    },
    state: () => ({ answer, running, error }),
  };
}
