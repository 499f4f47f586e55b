// The Detections view's arithmetic over the engine's answer (no DOM, tested under node): which
// alerts a filter keeps, ATT&CK tags as people read them, alerts over time for the chart, and the
// few texts the view writes. What matches and at which level is the engine's (`Session::detections`).

/** @typedef {import('../engine/protocol.js').Detections} Detections */
/** @typedef {import('../engine/protocol.js').Alert} Alert */
/** @typedef {import('../engine/protocol.js').DetectionRule} DetectionRule */

/** Sigma's levels, highest first; `none` for a rule that gives none. */
export const LEVELS = /** @type {const} */ (['critical', 'high', 'medium', 'low', 'informational', 'none']);

/** Each level's colour (the badges' in detections.css), for the timeline's series. */
export const LEVEL_COLORS = {
  critical: '#7f1d1d',
  high: '#dc2626',
  medium: '#f59e0b',
  low: '#e9cf6a',
  informational: '#93b4e8',
  none: '#9ca3af',
};

/** The placeholder the bundled console-login rule expands (`%Legitimate_Countries%`). */
export const COUNTRIES_PLACEHOLDER = 'Legitimate_Countries';

/** Where the bundled rules come from: shown with every rule (the DRL 1.1 asks for it). */
export const SIGMA_URL = 'https://github.com/SigmaHQ/sigma';
export const LICENSE_URL = 'https://github.com/SigmaHQ/Detection-Rule-License';

/** JavaScript's `Date` holds instants within this many ms of the epoch; the engine's "no time" is far outside. */
const MAX_DATE_MS = 8.64e15;

/** @param {unknown} ms @returns {ms is number} */
export function hasTime(ms) {
  return typeof ms === 'number' && Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS;
}

/** @param {Alert} a */
export const levelOf = (a) => a.level || 'none';

/**
 * The alerts a filter keeps: at `level` (when given) and of rule `rule` (an index, when given).
 * @param {Alert[]} alerts @param {{ level?: string | null, rule?: number | null }} filter
 */
export function filterAlerts(alerts, { level = null, rule = null } = {}) {
  return alerts.filter((a) => (level === null || levelOf(a) === level) && (rule === null || a.rule === rule));
}

/**
 * Counts by level, highest first, as the engine's summary gives them (`[[level, n]]`), with the
 * levels that have none left out.
 * @param {Detections | null} d @returns {[string, number][]}
 */
export function levelCounts(d) {
  if (!d) return [];
  const got = new Map((d.summary && d.summary.by_level) || []);
  return LEVELS.filter((l) => got.get(l)).map((l) => /** @type {[string, number]} */ ([l, got.get(l) || 0]));
}

/**
 * A rule's MITRE ATT&CK tags as people read them: techniques (`attack.t1078.004` is `T1078.004`)
 * and tactics (`attack.initial_access` or `attack.initial-access` is `Initial Access`); other
 * tags (`cve.*`, `detection.*`) are left out. Each with its link on attack.mitre.org.
 * @param {unknown} tags @returns {{ label: string, kind: 'technique' | 'tactic', url: string }[]}
 */
export function attackTags(tags) {
  if (!Array.isArray(tags)) return [];
  const out = [];
  for (const t of tags) {
    const m = /^attack\.(.+)$/i.exec(String(t));
    if (!m) continue;
    const rest = m[1];
    const tech = /^t(\d{4})(?:\.(\d{3}))?$/i.exec(rest);
    if (tech) {
      const label = `T${tech[1]}${tech[2] ? `.${tech[2]}` : ''}`;
      const path = tech[2] ? `T${tech[1]}/${tech[2]}` : `T${tech[1]}`;
      out.push({
        label,
        kind: /** @type {const} */ ('technique'),
        url: `https://attack.mitre.org/techniques/${path}/`,
      });
    } else if (/^[a-z][a-z_-]*$/i.test(rest) && !/^(g|s)\d{4}$/i.test(rest)) {
      const words = rest.split(/[_-]/).filter(Boolean);
      const label = words.map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase()).join(' ');
      out.push({ label, kind: /** @type {const} */ ('tactic'), url: 'https://attack.mitre.org/tactics/enterprise/' });
    }
  }
  return out;
}

/**
 * A URL to link to, or null: only absolute http(s) URLs become links; anything else a rule
 * file says (`javascript:`, relative paths, text) is shown as text.
 * @param {unknown} s @returns {string | null}
 */
export function httpUrl(s) {
  if (typeof s !== 'string') return null;
  const t = s.trim();
  if (!/^https?:\/\//i.test(t)) return null;
  try {
    const u = new URL(t);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * Country codes typed as `US, ca de`: upper-cased, split on commas and spaces, repeats dropped.
 * @param {string} text @returns {string[]}
 */
export function parseCountries(text) {
  const out = [];
  for (const part of String(text || '').split(/[\s,;]+/)) {
    const c = part.trim().toUpperCase();
    if (c && !out.includes(c)) out.push(c);
  }
  return out;
}

/**
 * The `detect` options the page sends: the countries as the placeholder's values, and the
 * baselines' options as the page holds them.
 * @param {{ countries?: string[], baselines?: object }} [o]
 * @returns {import('../engine/protocol.js').DetectOptions}
 */
export function detectOptions({ countries = [], baselines = {} } = {}) {
  return { expand: countries.length ? { [COUNTRIES_PLACEHOLDER]: countries } : {}, rules: [], baselines };
}

const HOUR = 3600e3;
const DAY = 24 * HOUR;

/**
 * Alerts over time as a result the chart draws (columns `_timeslice` and one count per level
 * present, highest first; kinds as the engine would give them): per hour over up to three days,
 * else per day; every slot from the first alert's to the last's. Alerts without a time are left out.
 * `null` when no alert has a time.
 * @param {Alert[]} alerts @returns {import('../engine/protocol.js').QueryResult | null}
 */
export function alertTimeline(alerts) {
  const timed = alerts.filter((a) => hasTime(a.time));
  if (!timed.length) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of timed) {
    lo = Math.min(lo, a.time);
    hi = Math.max(hi, a.time);
  }
  const step = hi - lo <= 3 * DAY ? HOUR : DAY;
  const start = Math.floor(lo / step) * step;
  const slots = Math.floor(hi / step) - Math.floor(lo / step) + 1;
  /** @type {string[]} */
  const levels = LEVELS.filter((l) => timed.some((a) => levelOf(a) === l));
  /** @type {number[][]} */
  const counts = Array.from({ length: slots }, () => levels.map(() => 0));
  for (const a of timed) counts[Math.floor((a.time - start) / step)][levels.indexOf(levelOf(a))]++;
  return {
    columns: ['_timeslice', ...levels],
    kinds: ['time', ...levels.map(() => /** @type {const} */ ('number'))],
    rows: counts.map((c, i) => [start + i * step, ...c]),
    aggregated: true,
  };
}

/**
 * What the view says while a run goes: "Running 58 rules over 20,000 events… 40%".
 * @param {number | null} rules the rules of the last run, if any @param {number} events
 * @param {number | null} [fraction] how far the engine says it is (0 to 1), once it has said
 */
export function runningText(rules, events, fraction = null) {
  const what = rules ? `${rules.toLocaleString()} rules` : 'the Sigma rules';
  const done = fraction === null ? '' : ` ${Math.floor(Math.min(1, Math.max(0, fraction)) * 100)}%`;
  return `Running ${what} over ${events.toLocaleString()} event${events === 1 ? '' : 's'}…${done}`;
}

/**
 * What the view says after a run.
 * @param {Detections} d @param {number} ms
 */
export function doneText(d, ms) {
  const n = d.summary.total;
  const ran = d.rules.filter((r) => r.runs).length;
  const fired = d.summary.by_rule.length;
  return `${n.toLocaleString()} alert${n === 1 ? '' : 's'} from ${fired} of ${ran} rules run (${d.rules.length} loaded) in ${Math.round(ms).toLocaleString()} ms`;
}

/**
 * A diagnostic of a rule as one line: `S003 line 4: a modifier ... `.
 * @param {import('../engine/protocol.js').Diagnostic & { labels?: { start?: { line?: number } }[] }} d
 */
export function diagnosticText(d) {
  const line = d.labels && d.labels[0] && d.labels[0].start && d.labels[0].start.line;
  return `${d.code || ''}${line ? ` line ${line}` : ''}: ${d.message}`;
}

/**
 * The search that finds an alert's event by its eventID (scoped to the loaded category by the
 * engine afterwards: its leading `_sourceCategory = *` is replaced). Null without an eventID.
 * @param {string | null | undefined} eventId @param {(v: unknown) => string} quote the page's quoting
 */
export function eventQuery(eventId, quote) {
  if (eventId === null || eventId === undefined || eventId === '') return null;
  const q = quote(eventId);
  return `_sourceCategory = * ${q}\n| json field=_raw "eventID" as eventID\n| where eventID = ${q}`;
}

/**
 * Text with its http(s) URLs marked, to draw them as links and the rest as text:
 * `[{ text }, { text, url }, ...]`.
 * @param {string} text @returns {{ text: string, url?: string }[]}
 */
export function splitLinks(text) {
  const out = [];
  const s = String(text ?? '');
  let at = 0;
  for (const m of s.matchAll(/https?:\/\/[^\s()<>"']+/gi)) {
    const raw = m[0].replace(/[.,;:]+$/, '');
    const url = httpUrl(raw);
    if (!url) continue;
    const i = /** @type {number} */ (m.index);
    if (i > at) out.push({ text: s.slice(at, i) });
    out.push({ text: raw, url });
    at = i + raw.length;
  }
  if (at < s.length) out.push({ text: s.slice(at) });
  return out;
}

/**
 * The answer with every rule's `meta` filled in (empty texts and lists where a rule, such as a
 * behaviour baseline, gives none) and the lists the view reads present, so that drawing never
 * meets a missing field.
 * @param {Detections} d @returns {Detections}
 */
export function normalise(d) {
  const text = (/** @type {unknown} */ v) => (typeof v === 'string' ? v : '');
  const list = (/** @type {unknown} */ v) => (Array.isArray(v) ? v.map(String) : []);
  const rules = (d.rules || []).map((r) => {
    const m = r.meta || /** @type {any} */ ({});
    return {
      ...r,
      diagnostics: Array.isArray(r.diagnostics) ? r.diagnostics : [],
      meta: {
        ...m,
        title: text(m.title),
        id: text(m.id),
        status: text(m.status),
        description: text(m.description),
        author: text(m.author),
        date: text(m.date),
        references: list(m.references),
        tags: list(m.tags),
        falsepositives: list(m.falsepositives),
        level: typeof m.level === 'string' ? m.level : null,
      },
    };
  });
  const summary = d.summary || { total: 0, by_level: [], by_rule: [] };
  return { ...d, alerts: d.alerts || [], rules, summary, license: text(d.license) };
}
