// The hover card for a point: place, counts by result, users and addresses, all as text.

import { h, replace } from '../ui/dom.js';
import { formatTime, zoneLabel } from '../ui/time.js';
import { placeName, outcome, unitWord } from './points.js';

const MAX_USERS = 6;
const MAX_IPS = 3;

/**
 * The card's contents for `point` (nodes; every log value goes in as text).
 * @param {import('./types.js').MapPoint} point
 * @param {{ unit?: string, utc?: boolean }} [options]
 */
export function tooltipContent(point, { unit = 'logins', utc = true } = {}) {
  const country = [
    point.country_name,
    point.country_code && point.country_name ? `(${point.country_code})` : point.country_code,
  ]
    .filter(Boolean)
    .join(' ');
  const title = point.city || point.region || country || placeName(point);
  const sub = (point.city ? [point.region, country] : point.region ? [country] : [])
    .filter((part) => part && part !== title)
    .join(', ');
  const results = Object.entries(point.results);
  const unknown = point.count - results.reduce((sum, [, n]) => sum + n, 0);
  return [
    h('div', { class: 'ts-map-tip-title', text: title }),
    sub ? h('div', { class: 'ts-map-tip-sub', text: sub }) : null,
    h(
      'div',
      { class: 'ts-map-tip-count' },
      h('strong', { text: point.count.toLocaleString('en-US') }),
      ` ${unitWord(point.count, unit)}`,
    ),
    results.length
      ? h(
          'ul',
          { class: 'ts-map-tip-results' },
          results.map(([value, n]) =>
            h(
              'li',
              { class: `ts-map-tip-result is-${outcome(value)}` },
              h('span', { class: 'ts-map-dot', 'aria-hidden': 'true' }),
              h('span', { text: value }),
              h('span', { class: 'ts-map-num', text: n.toLocaleString('en-US') }),
            ),
          ),
          unknown > 0
            ? h(
                'li',
                { class: 'ts-map-tip-result is-other' },
                h('span', { class: 'ts-map-dot', 'aria-hidden': 'true' }),
                h('span', { text: 'no result' }),
                h('span', { class: 'ts-map-num', text: unknown.toLocaleString('en-US') }),
              )
            : null,
        )
      : null,
    point.users.length
      ? section(
          'Users',
          point.users
            .slice(0, MAX_USERS)
            .map((u) =>
              h(
                'li',
                {},
                h('span', { class: 'ts-map-tip-name', text: u.name }),
                h('span', { class: 'ts-map-num', text: u.count.toLocaleString('en-US') }),
              ),
            ),
          point.users.length - MAX_USERS,
        )
      : null,
    point.ips.length
      ? section(
          point.ips.length === 1 ? 'Address' : 'Addresses',
          point.ips
            .slice(0, MAX_IPS)
            .map((ip) => h('li', {}, h('span', { class: 'ts-map-tip-name ts-map-mono', text: ip }))),
          point.ips.length - MAX_IPS,
        )
      : null,
    point.first !== null && point.first !== undefined
      ? h('div', {
          class: 'ts-map-tip-time',
          text:
            point.first === point.last
              ? `${formatTime(point.first, utc)} ${zoneLabel(utc)}`
              : `${formatTime(point.first, utc)} – ${formatTime(point.last, utc)} ${zoneLabel(utc)}`,
        })
      : null,
  ];
}

/**
 * @param {string} title
 * @param {HTMLElement[]} items
 * @param {number} more how many were left out
 */
function section(title, items, more) {
  return h(
    'div',
    { class: 'ts-map-tip-section' },
    h('div', { class: 'ts-map-tip-head', text: title }),
    h('ul', {}, items, more > 0 ? h('li', { class: 'ts-map-tip-more', text: `+ ${more} more` }) : null),
  );
}

/**
 * A floating card inside `host` (positioned), placed beside a screen point and kept inside.
 * @param {HTMLElement} host
 */
export function createTooltip(host) {
  const el = h('div', { class: 'ts-map-tip', role: 'tooltip', hidden: true });
  host.append(el);
  return {
    el,
    /**
     * @param {import('../ui/dom.js').Child[]} nodes
     * @param {import('./types.js').XY} at
     * @param {number} [radius]
     */
    show(nodes, [x, y], radius = 0) {
      replace(el, nodes);
      el.hidden = false;
      const pad = 8,
        gap = radius + 10;
      const w = el.offsetWidth,
        hgt = el.offsetHeight;
      const W = host.clientWidth,
        H = host.clientHeight;
      // Right of the point unless that overflows, then left; vertically centred, clamped.
      let left = x + gap;
      if (left + w > W - pad) left = x - gap - w;
      left = Math.max(pad, Math.min(left, W - pad - w));
      const top = Math.max(pad, Math.min(y - hgt / 2, H - pad - hgt));
      el.style.left = `${Math.round(left)}px`;
      el.style.top = `${Math.round(top)}px`;
    },
    hide() {
      el.hidden = true;
    },
  };
}
