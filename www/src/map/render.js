// Draws the map into a container: outlines, points, controls, legend, tooltip; wires pan, zoom and selection.

import { h, s } from '../ui/dom.js';
import { mapPoints, placeName, countText } from './points.js';
import { project, HOME_BOUNDS, WORLD_BOUNDS } from './projection.js';
import { worldPaths } from './world.js';
import { attachPanZoom, homeView, transformOf, toScreen, zoomAt, panBy, interpolate, clampView } from './zoom.js';
import { radiusScale, glyph, HIT_RADIUS } from './marker.js';
import { createTooltip, tooltipContent } from './tooltip.js';
import { legend } from './legend.js';

const DEFAULT_HEIGHT = 420;
const ANIMATION_MS = 220;
let instances = 0;

/** @typedef {import('./types.js').MapPoint} MapPoint */
/** @typedef {import('./types.js').View} View */

/** @param {number} n */
const fmt = (n) => n.toLocaleString('en-US');
/** @param {{ lat: number, lon: number }} p */
const keyOf = (p) => `${p.lat},${p.lon}`;

/**
 * Renders `result` as a world map in `container`. Returns { destroy(), select(point), points }.
 * @param {HTMLElement} container
 * @param {import('../ui/types.js').QueryResult | null | undefined} result
 * @param {{ onSelect?: (point: MapPoint) => void, utc?: boolean }} [options]
 */
export function renderMap(container, result, { onSelect, utc = true } = {}) {
  const points = mapPoints(result);
  const unit = points.hasResult ? 'logins' : 'events';
  const radius = radiusScale(points.reduce((m, p) => Math.max(m, p.count), 0));
  const world = worldPaths();
  const clipId = `ts-map-clip-${++instances}`;

  // A container without a height of its own (auto) would collapse the map: the stage then
  // takes the world's shape, up to DEFAULT_HEIGHT.
  const ownHeight = container.clientHeight >= 120;
  const root = h('div', { class: `ts-map ${ownHeight ? 'is-fill' : 'is-auto'}`, 'data-testid': 'map' });

  const worldLayer = s(
    'g',
    { class: 'ts-map-world' },
    s('defs', {}, s('clipPath', { id: clipId }, s('path', { d: world.sphere }))),
    s('path', { class: 'ts-map-sphere', d: world.sphere }),
    s('path', { class: 'ts-map-graticule', d: world.graticule }),
    s(
      'g',
      { 'clip-path': `url(#${clipId})` },
      s('path', { class: 'ts-map-land', d: world.land }),
      s('path', { class: 'ts-map-borders', d: world.borders }),
      s('path', { class: 'ts-map-coast', d: world.coast }),
    ),
    s('path', { class: 'ts-map-outline', d: world.sphere }),
  );

  const marks = points.map((p) => {
    const r = radius(p.count);
    const el = s(
      'g',
      {
        class: `ts-map-point is-${p.status}`,
        'data-testid': 'map-point',
        tabindex: 0,
        role: 'button',
        'aria-pressed': 'false',
        'aria-label': pointLabel(p, unit),
        on: {
          click: () => choose(p),
          keydown: (e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              choose(p);
            }
          },
          pointerenter: () => hover(p),
          pointerleave: () => unhover(p),
          focus: () => hover(p),
          blur: () => unhover(p),
        },
      },
      s('circle', { class: 'ts-map-hit', r: Math.max(r, HIT_RADIUS) }),
      s('circle', { class: 'ts-map-selring', r: r + 4 }),
      s('g', { class: 'ts-map-glyph' }, glyph(p, r)),
    );
    return { p, el, r, at: project(p.lon, p.lat) };
  });
  const byKey = new Map(marks.map((m) => [keyOf(m.p), m]));

  const svg = s(
    'svg',
    {
      class: 'ts-map-svg',
      tabindex: 0,
      role: 'group',
      'aria-label': `World map, ${points.length} location${points.length === 1 ? '' : 's'}. Drag or arrow keys to pan, + and − to zoom, 0 to reset.`,
    },
    worldLayer,
    s(
      'g',
      { class: 'ts-map-points' },
      marks.map((m) => m.el),
    ),
  );

  /** @param {string} label @param {string} title @param {() => void} action @param {...SVGElement} content */
  const button = (label, title, action, ...content) =>
    h(
      'button',
      {
        type: 'button',
        class: 'ts-map-btn',
        title,
        'aria-label': title,
        on: { click: action },
      },
      content.length ? content : label,
    );
  const controls = h(
    'div',
    { class: 'ts-map-controls' },
    button('+', 'Zoom in', () => zoomCentre(2)),
    button('−', 'Zoom out', () => zoomCentre(0.5)),
    button(
      '',
      'Reset view',
      () => animateTo(homeView(HOME_BOUNDS)),
      s(
        'svg',
        { width: 14, height: 14, viewBox: '0 0 16 16', 'aria-hidden': 'true' },
        s('path', {
          d: 'M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4',
          fill: 'none',
          stroke: 'currentColor',
          'stroke-width': 1.6,
        }),
      ),
    ),
  );

  const attribution = h(
    'div',
    { class: 'ts-map-attrib' },
    'Outlines: ',
    h('a', {
      href: 'https://www.naturalearthdata.com/',
      target: '_blank',
      rel: 'noopener noreferrer',
      text: 'Natural Earth',
    }),
    ' (public domain) · IP geolocation by ',
    h('a', { href: 'https://db-ip.com', target: '_blank', rel: 'noopener noreferrer', text: 'DB-IP' }),
  );

  const empty = points.length
    ? null
    : h(
        'div',
        { class: 'ts-map-empty', role: 'status' },
        h('strong', { text: 'No locations to show' }),
        h('span', {
          text: points.skipped
            ? `${fmt(points.skipped)} row${points.skipped === 1 ? '' : 's'} had no usable latitude and longitude.`
            : 'The result has no rows.',
        }),
      );

  const stage = h(
    'div',
    { class: 'ts-map-stage', style: ownHeight ? {} : { maxHeight: `${DEFAULT_HEIGHT}px` } },
    svg,
    controls,
    empty,
  );
  const footer = h(
    'div',
    { class: 'ts-map-footer' },
    points.length ? legend(points, radius, { unit, skippedCount: points.skippedCount }) : h('span'),
    attribution,
  );
  root.append(stage, footer);
  // In the root, not the stage: a short stage must not clip the card.
  const tip = createTooltip(root);
  container.append(root);

  // View state: zoom and centre in world units, so a resize keeps what the user was looking at.
  let view = homeView(HOME_BOUNDS);
  let size = { width: stage.clientWidth || 800, height: stage.clientHeight || DEFAULT_HEIGHT };
  /** @type {(typeof marks)[number] | null} */
  let selected = null;
  /** @type {MapPoint | null} */
  let hovered = null;
  let frame = 0,
    anim = 0,
    dragging = false;

  function draw() {
    frame = 0;
    const t = transformOf(view, size, HOME_BOUNDS);
    worldLayer.setAttribute('transform', `matrix(${t.k} 0 0 ${t.k} ${t.x} ${t.y})`);
    // Points are placed, not scaled: they keep their size at every zoom.
    for (const m of marks) {
      const [x, y] = toScreen(t, m.at);
      m.el.setAttribute('transform', `translate(${x.toFixed(1)} ${y.toFixed(1)})`);
    }
    if (hovered) showTip(hovered);
  }
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(draw);
  };
  /** @param {View} v */
  const setView = (v) => {
    view = v;
    schedule();
  };

  /** @param {View} target */
  function animateTo(target) {
    cancelAnimationFrame(anim);
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    if (reduce) return setView(target);
    const from = view,
      t0 = performance.now();
    /** @param {number} now */
    const step = (now) => {
      const f = Math.min(1, (now - t0) / ANIMATION_MS);
      view = interpolate(from, target, 1 - Math.pow(1 - f, 3));
      draw();
      if (f < 1) anim = requestAnimationFrame(step);
    };
    anim = requestAnimationFrame(step);
  }
  /** @param {number} factor */
  const zoomCentre = (factor) =>
    animateTo(zoomAt(view, factor, [size.width / 2, size.height / 2], size, HOME_BOUNDS, WORLD_BOUNDS));

  const detach = attachPanZoom(svg, {
    panBy: (dx, dy) => {
      cancelAnimationFrame(anim);
      setView(panBy(view, dx, dy, size, HOME_BOUNDS, WORLD_BOUNDS));
    },
    zoomAt: (f, at) => {
      const next = zoomAt(view, f, at, size, HOME_BOUNDS, WORLD_BOUNDS);
      if (next.z === view.z && next.cx === view.cx && next.cy === view.cy) return false;
      cancelAnimationFrame(anim);
      setView(next);
      return true;
    },
    dragging: (on) => {
      dragging = on;
      root.classList.toggle('is-dragging', on);
      if (on) {
        hovered = null;
        tip.hide();
      }
    },
  });

  svg.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const pan = { ArrowLeft: [80, 0], ArrowRight: [-80, 0], ArrowUp: [0, 80], ArrowDown: [0, -80] }[e.key];
    if (pan) setView(panBy(view, pan[0], pan[1], size, HOME_BOUNDS, WORLD_BOUNDS));
    else if (e.key === '+' || e.key === '=') zoomCentre(2);
    else if (e.key === '-' || e.key === '_') zoomCentre(0.5);
    else if (e.key === '0') animateTo(homeView(HOME_BOUNDS));
    else if (e.key === 'Escape') {
      hovered = null;
      tip.hide();
      return;
    } else return;
    e.preventDefault();
  });

  /** @param {MapPoint} p */
  function showTip(p) {
    const m = byKey.get(keyOf(p));
    const at = toScreen(transformOf(view, size, HOME_BOUNDS), m.at);
    tip.show(tooltipContent(p, { unit, utc }), at, m.r);
  }
  /** @param {MapPoint} p */
  function hover(p) {
    if (dragging) return;
    hovered = p;
    showTip(p);
  }
  /** @param {MapPoint} p */
  function unhover(p) {
    if (hovered !== p) return;
    hovered = null;
    tip.hide();
  }

  /** @param {{ lat: number, lon: number } | null} p */
  function mark(p) {
    if (selected) {
      selected.el.classList.remove('is-selected');
      selected.el.setAttribute('aria-pressed', 'false');
    }
    selected = p ? byKey.get(keyOf(p)) || null : null;
    if (selected) {
      selected.el.classList.add('is-selected');
      selected.el.setAttribute('aria-pressed', 'true');
    }
    return selected;
  }
  /** @param {MapPoint} p */
  function choose(p) {
    mark(p);
    if (onSelect) onSelect(p);
  }

  const ro = new ResizeObserver(() => {
    const width = stage.clientWidth,
      height = stage.clientHeight;
    if (!width || !height) return; // hidden (a tab not shown): keep the last size
    size = { width, height };
    view = clampView(view, size, HOME_BOUNDS, WORLD_BOUNDS);
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    schedule();
  });
  ro.observe(stage);
  draw();

  return {
    points,
    /**
     * Marks a point (matched by coordinates) as selected, bringing it into view; null clears. Does not call onSelect.
     * @param {{ lat: number, lon: number } | null} point
     */
    select(point) {
      const m = mark(point);
      if (!m) return;
      const [x, y] = toScreen(transformOf(view, size, HOME_BOUNDS), m.at);
      if (x < 0 || y < 0 || x > size.width || y > size.height)
        animateTo(clampView({ ...view, cx: m.at[0], cy: m.at[1] }, size, HOME_BOUNDS, WORLD_BOUNDS));
    },
    destroy() {
      ro.disconnect();
      detach();
      cancelAnimationFrame(frame);
      cancelAnimationFrame(anim);
      root.remove();
    },
  };
}

/**
 * What a screen reader hears for a point: the place, the count, the split by result.
 * @param {MapPoint} p
 * @param {string} [unit]
 */
export function pointLabel(p, unit = 'logins') {
  const parts = [];
  if (p.success) parts.push(`${fmt(p.success)} success`);
  if (p.failure) parts.push(`${fmt(p.failure)} failure`);
  const split = parts.length ? ` (${parts.join(', ')})` : '';
  return `${placeName(p)}: ${countText(p.count, unit)}${split}`;
}
