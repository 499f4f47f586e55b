// The world login map: public entry point (detection, grouping, rendering).

import './map.css';

export { hasGeo, mapPoints } from './points.js';
export { renderMap } from './render.js';
