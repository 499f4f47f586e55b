// The dashboards (Sumo Logic's AWS CloudTrail app, and Access denied from the blog). A panel's
// query is fitted to the loaded data's category by the engine (session::scope_to, through the worker).

// The definitions are JSON so that tests/dashboards.rs can run every panel on the sample data.
import data from './dashboards.json' with { type: 'json' };

/**
 * [{ id, title, about, vars: [{name, label, default}], panels: [{ id, title, chart, stacked?, wide?, outlier?, query, note?, emptyOnSample? }] }]
 * @type {import('./types.js').DashboardDef[]}
 */
export const DASHBOARDS = data.dashboards;

/**
 * The dashboard with this id, or undefined.
 * @param {string} id
 */
export function dashboardById(id) {
  return DASHBOARDS.find((d) => d.id === id);
}

/**
 * The template variables' default values, {name: value}.
 * @param {import('./types.js').DashboardDef} def
 * @returns {Record<string, string>}
 */
export function defaultVars(def) {
  return Object.fromEntries(def.vars.map((v) => [v.name, v.default]));
}

/**
 * `values` restricted to the dashboard's variables, defaults filling the gaps (a URL may carry anything).
 * @param {import('./types.js').DashboardDef} def
 * @param {Record<string, unknown>} [values]
 */
export function varsFor(def, values = {}) {
  const out = defaultVars(def);
  for (const v of def.vars) {
    const given = values[v.name];
    if (typeof given === 'string' && given.trim() !== '') out[v.name] = given;
  }
  return out;
}
