// The dashboards module's public face: definitions, query scoping, the dashboard view and its picker.

export { DASHBOARDS, dashboardById, defaultVars, varsFor, scopeTo } from './defs.js';
export { renderDashboard, renderDashboardPicker } from './view.js';
