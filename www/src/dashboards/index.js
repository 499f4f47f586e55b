// The dashboards module's public face: definitions, the dashboard view and its picker.

export { DASHBOARDS, dashboardById, defaultVars, varsFor } from './defs.js';
export { renderDashboard, renderDashboardPicker } from './view.js';
