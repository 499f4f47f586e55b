// Types shared by the dashboard modules (JSDoc only, checked by `tsc -p www`).

/**
 * A panel as dashboards.json defines it: what it runs and how its answer is drawn (`chart` is a
 * chart type, 'map' or 'table').
 * @typedef {{ id: string, title: string, chart: string, query: string, stacked?: boolean, wide?: boolean,
 *   outlier?: boolean, note?: string, emptyOnSample?: string }} PanelDef
 */

/**
 * A template variable: `{{name}}` in the queries, `default` when the page gives none.
 * @typedef {{ name: string, label: string, default: string }} VarDef
 */

/** A dashboard. @typedef {{ id: string, title: string, about: string, vars: VarDef[], panels: PanelDef[] }} DashboardDef */

/**
 * What draws a panel's answer (main.js passes the chart, map and table renderers); each returns
 * something it can destroy.
 * @typedef {{
 *   chart: (el: HTMLElement, result: import('../ui/types.js').QueryResult, type: string, opts: { stacked?: boolean }) => { destroy?: () => void },
 *   map: (el: HTMLElement, result: import('../ui/types.js').QueryResult, opts: object) => { destroy?: () => void },
 *   table: (el: HTMLElement, result: import('../ui/types.js').QueryResult, opts: object) => { destroy?: () => void },
 * }} Renderers
 */

export {};
