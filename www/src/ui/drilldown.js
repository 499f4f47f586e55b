// The drill-down behind a map point: who signed in from there, from which addresses, with what
// result and MFA, and every event, each one click from its raw JSON.

import { h, replace } from './dom.js';
import { formatTime, zoneLabel } from './time.js';
import { quoteString } from './query-text.js';

/** @typedef {import('../map/types.js').MapPoint} MapPoint */

/**
 * The query listing the events behind a point: by its addresses when known, else by place.
 * @param {Pick<MapPoint, 'lat' | 'lon'> & { ips?: string[] }} point
 */
export function drilldownQuery(point) {
  const fields = [
    '| json field=_raw "eventName" as eventName nodrop',
    '| json field=_raw "userIdentity.userName" as userName nodrop',
    '| json field=_raw "userIdentity.arn" as arn nodrop',
    '| json field=_raw "userIdentity.type" as identityType nodrop',
    '| json field=_raw "responseElements.ConsoleLogin" as loginResult nodrop',
    '| json field=_raw "additionalEventData.MFAUsed" as mfaUsed nodrop',
    '| json field=_raw "errorCode" as errorCode nodrop',
  ];
  const ips = (point.ips || []).filter((ip) => ip !== null && ip !== undefined && ip !== '').slice(0, 200);
  if (ips.length) {
    return [
      `(${ips.map(quoteString).join(' OR ')})`,
      '| json field=_raw "sourceIPAddress" as ip nodrop',
      `| where ip in (${ips.map(quoteString).join(', ')})`,
      ...fields,
    ].join('\n');
  }
  return [
    '| json field=_raw "sourceIPAddress" as ip nodrop',
    '| lookup latitude, longitude from geo://location on ip = ip',
    `| where latitude = ${Number(point.lat)} and longitude = ${Number(point.lon)}`,
    ...fields,
  ].join('\n');
}

/**
 * Counts of a column's values, most first.
 * @template R
 * @param {R[]} rows
 * @param {(row: R) => unknown} get
 * @returns {[unknown, number][]}
 */
export function tally(rows, get) {
  const m = new Map();
  for (const r of rows) {
    const k = get(r);
    if (k === null || k === undefined || k === '') continue;
    m.set(k, (m.get(k) || 0) + 1);
  }
  return [...m.entries()].sort((a, b) => b[1] - a[1]);
}

/**
 * The user a row is about: its IAM user name, else the last part of its ARN, else its type.
 * @param {Record<string, unknown>} r a drill-down row: userName, arn, identityType among its columns
 */
export function userOf(r) {
  if (r.userName) return r.userName;
  if (r.arn) return String(r.arn).split('/').pop();
  return r.identityType || null;
}

/**
 * Opens the drill-down dialog for `point` (replacing any open one): runs the point's query on
 * `client` and shows its users, addresses, results and events. `onClose()` is called when it closes.
 * @param {MapPoint} point
 * @param {{ client: import('../engine/client.js').EngineClient, utc?: boolean, onClose?: () => void }} options
 */
export function openDrilldown(point, { client, utc = true, onClose }) {
  const body = h('div', { class: 'body' }, h('p', { class: 'muted', text: 'Finding the events behind this place…' }));
  const place =
    [point.city, point.region, point.country_name || point.country_code].filter(Boolean).join(', ') ||
    `${point.lat}, ${point.lon}`;
  const close = () => {
    el.remove();
    document.removeEventListener('keydown', onKey);
    onClose && onClose();
  };
  /** @param {KeyboardEvent} e */
  const onKey = (e) => {
    if (e.key === 'Escape') close();
  };
  document.addEventListener('keydown', onKey);
  const el = h(
    'aside',
    { class: 'drilldown', 'data-testid': 'drilldown', role: 'dialog', 'aria-label': `Events from ${place}` },
    h(
      'header',
      {},
      h('h2', { text: place }),
      h('button', { type: 'button', text: 'Close', 'data-testid': 'drilldown-close', on: { click: close } }),
    ),
    body,
  );
  document.querySelectorAll('[data-testid=drilldown]').forEach((old) => old.remove());
  document.body.append(el);

  client.query(drilldownQuery(point), { max_messages: 2000, raw_preview: 1 }).then(
    (res) => {
      if (res.error) return replace(body, h('p', { class: 'bad', text: res.error.message }));
      const r = res.ok;
      const col = (name) => r.columns.indexOf(name);
      const rows = r.rows.map((row, i) => {
        /** @type {{ event: number, [column: string]: unknown }} */
        const o = { event: r.events[i] };
        for (const c of [
          '_messagetime',
          'eventName',
          'userName',
          'arn',
          'identityType',
          'loginResult',
          'mfaUsed',
          'errorCode',
          'ip',
        ])
          o[c] = col(c) >= 0 ? row[col(c)] : null;
        o.user = userOf(o);
        return o;
      });
      const logins = rows.filter((x) => x.eventName === 'ConsoleLogin');
      const table = (head, list) =>
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              head.map((t) => h('th', { text: t })),
            ),
          ),
          h(
            'tbody',
            {},
            list.map((cells) =>
              h(
                'tr',
                {},
                cells.map((c, i) => h('td', { class: i ? 'num' : '', text: c })),
              ),
            ),
          ),
        );
      const perUser = tally(rows, (x) => x.user).map(([u, n]) => {
        const l = logins.filter((x) => x.user === u);
        return [
          u,
          n,
          l.filter((x) => x.loginResult === 'Success').length,
          l.filter((x) => x.loginResult === 'Failure').length,
        ];
      });
      replace(
        body,
        h('p', {
          'data-testid': 'drilldown-summary',
          text: `${res.ok.total.toLocaleString()} events from ${tally(rows, (x) => x.ip).length} address(es); ${logins.length} console sign-in(s)`,
        }),
        h(
          'section',
          {},
          h('h3', { text: 'Users' }),
          table(['User', 'Events', 'Sign-ins ok', 'Sign-ins failed'], perUser),
        ),
        h(
          'section',
          {},
          h('h3', { text: 'Addresses' }),
          table(
            ['Address', 'Events'],
            tally(rows, (x) => x.ip),
          ),
        ),
        h(
          'section',
          {},
          h('h3', { text: 'Sign-in results and MFA' }),
          table(
            ['Result', 'Sign-ins'],
            tally(logins, (x) => x.loginResult),
          ),
          table(
            ['MFA used', 'Sign-ins'],
            tally(logins, (x) => x.mfaUsed || 'not recorded'),
          ),
        ),
        h('section', {}, h('h3', { text: `Events (${zoneLabel(utc)})` }), eventList(rows, client, utc)),
        r.total > rows.length
          ? h('p', {
              class: 'muted',
              text: `Showing the newest ${rows.length.toLocaleString()} of ${r.total.toLocaleString()}.`,
            })
          : null,
      );
    },
    (err) => replace(body, h('p', { class: 'bad', text: String(err.message || err) })),
  );
  return { el, close };
}

function eventList(rows, client, utc) {
  const list = h('div', {});
  for (const x of rows.slice(0, 500)) {
    const raw = h('pre', { hidden: true, 'data-testid': 'drilldown-raw' });
    const line = h('div', {
      class: 'ev',
      tabindex: 0,
      role: 'button',
      'data-testid': 'drilldown-event',
      text: [formatTime(x._messagetime, utc), x.eventName, x.user, x.loginResult || x.errorCode, x.ip]
        .filter(Boolean)
        .join('  ·  '),
    });
    const toggle = async () => {
      if (!raw.hidden) {
        raw.hidden = true;
        return;
      }
      if (!raw.textContent) {
        const text = await client.raw(x.event);
        try {
          raw.textContent = JSON.stringify(JSON.parse(text), null, 2);
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
  }
  return list;
}
