// The dashboards (Sumo Logic's AWS CloudTrail app, and Access denied from the blog) and how a panel's query is fitted to the loaded data.

// The definitions are JSON so that tests/dashboards.rs can run every panel on the sample data.
import data from './dashboards.json' with { type: 'json' };
import { quoteString } from '../ui/query-text.js';

/** [{ id, title, about, vars: [{name, label, default}], panels: [{ id, title, chart, stacked?, wide?, outlier?, query, note?, emptyOnSample? }] }] */
export const DASHBOARDS = data.dashboards;

/** The dashboard with this id, or undefined. */
export function dashboardById(id) {
  return DASHBOARDS.find((d) => d.id === id);
}

/** The template variables' default values, {name: value}. */
export function defaultVars(def) {
  return Object.fromEntries(def.vars.map((v) => [v.name, v.default]));
}

/** `values` restricted to the dashboard's variables, defaults filling the gaps (a URL may carry anything). */
export function varsFor(def, values = {}) {
  const out = defaultVars(def);
  for (const v of def.vars) {
    const given = values[v.name];
    if (typeof given === 'string' && given.trim() !== '') out[v.name] = given;
  }
  return out;
}

// The leading `_sourceCategory = X` term, X bare (Labs/AWS/CloudTrail*) or quoted.
const CATEGORY_TERM = /^\s*_sourceCategory\s*=\s*(?:"(?:[^"\\]|\\.)*"|[^\s()|"]+)/i;

/**
 * Rewrites the query's leading `_sourceCategory = X` term to the loaded data's category (quoted),
 * or drops it when `category` is empty; the rest of the text is left as it is. The app's
 * categories (Labs/AWS/CloudTrail*) name a Sumo Logic account's sources, which offline data never has.
 */
export function scopeTo(query, category) {
  const m = CATEGORY_TERM.exec(query);
  if (!m) return query;
  const rest = query.slice(m[0].length);
  if (category) {
    return '_sourceCategory = ' + quoteString(category) + rest;
  }
  const tail = rest.replace(/^[ \t]+/, '');
  const left = tail.trimStart();
  // A scope left empty reads better as `*` (the engine accepts either).
  return left === '' || left.startsWith('|') ? '*' + tail : left;
}
