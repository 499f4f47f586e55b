// Demo of the login map with a realistic console-login result (including a hostile city name).

import { h, replace } from '../src/ui/dom.js';
import { renderMap, hasGeo, mapPoints } from '../src/map/index.js';

const params = new URLSearchParams(location.search);
if (params.has('dark')) document.documentElement.classList.add('dark');

// [sourceIPAddress, user, loginresult, _count, latitude, longitude, country_code, country_name, region, city]
const FRA = [50.1109, 8.6821, 'DE', 'Germany', 'Hesse', 'Frankfurt am Main'];
const BER = [52.5244, 13.4105, 'DE', 'Germany', 'Land Berlin', 'Berlin'];
const TYO = [35.6895, 139.6917, 'JP', 'Japan', 'Tokyo', 'Tokyo'];
const YVR = [49.2497, -123.1193, 'CA', 'Canada', 'British Columbia', 'Vancouver'];
const NYC = [40.7143, -74.006, 'US', 'United States', 'New York', 'New York'];
const GRU = [-23.5475, -46.6361, 'BR', 'Brazil', 'São Paulo', 'São Paulo'];
const AMS = [52.374, 4.8897, 'NL', 'Netherlands', 'North Holland', '<img src=x onerror=alert(1)>'];
const SYD = [-33.8678, 151.2073, 'AU', 'Australia', 'New South Wales', 'Sydney'];
const row = (ip, user, result, n, place) => [ip, user, result, n, ...place];

const rows = [
  row('3.120.181.40', 'alice', 'Success', 212, FRA),
  row('3.120.181.40', 'bob', 'Success', 148, FRA),
  row('18.184.12.9', 'carol', 'Success', 97, FRA),
  row('18.184.12.9', 'dave', 'Success', 54, FRA),
  row('18.184.12.9', 'erin', 'Success', 31, FRA),
  row('18.184.12.9', 'frank', 'Success', 18, FRA),
  row('18.184.12.9', 'grace', 'Success', 9, FRA),
  row('18.184.12.9', 'heidi', 'Success', 4, FRA),
  row('18.184.12.9', 'alice', 'Failure', 2, FRA),
  row('85.214.132.117', 'ivan', 'Success', 64, BER),
  row('85.214.132.117', 'judy', 'Success', 41, BER),
  row('126.78.44.2', 'kenji', 'Success', 88, TYO),
  row('126.78.44.2', 'yuki', 'Success', 57, TYO),
  row('126.78.44.2', 'kenji', 'Failure', 1, TYO),
  row('154.20.3.77', 'liam', 'Success', 36, YVR),
  row('154.20.3.77', 'maya', 'Success', 22, YVR),
  row('198.51.100.23', 'alice', 'Failure', 7, NYC),
  row('198.51.100.23', 'bob', 'Failure', 5, NYC),
  row('198.51.100.24', 'root', 'Failure', 3, NYC),
  row('198.51.100.23', 'carol', 'Success', 1, NYC),
  row('177.71.207.10', 'dave', 'Success', 1, GRU),
  row('203.0.113.66', 'mallory"><script>alert(2)</script>', 'Failure', 4, AMS),
  row('1.128.0.4', 'nina', 'Failure', 2, SYD),
  ['10.0.12.7', 'svc-deploy', 'Success', 6, null, null, null, null, null, null],
];

// ?many=N adds N scattered locations (a stress test for pan and zoom).
const many = Number(params.get('many')) || 0;
let seed = 7;
const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
for (let i = 0; i < many; i++) {
  const place = [Math.round((rand() * 130 - 55) * 100) / 100, Math.round((rand() * 360 - 180) * 100) / 100, 'ZZ', 'Somewhere', '', `Place ${i}`];
  rows.push(row(`192.0.2.${i % 250}`, `user${i % 40}`, rand() < 0.8 ? 'Success' : 'Failure', 1 + Math.floor(rand() * 30), place));
}

const result = {
  columns: ['sourceIPAddress', 'user', 'loginresult', '_count', 'latitude', 'longitude', 'country_code', 'country_name', 'region', 'city'],
  rows: params.has('empty') ? rows.slice(-1) : rows,
  aggregated: true,
};

const body = document.getElementById('selection-body');
console.log('hasGeo', hasGeo(result), 'points', mapPoints(result).length);

function showSelection(point) {
  window.selectedByClick = (window.selectedByClick || 0) + 1;
  replace(body,
    h('p', {}, h('strong', { text: point.city || point.country_name }), ` — ${point.count} logins from ${point.ips.length} address(es)`),
    h('table', {},
      h('tr', {}, h('th', { text: 'user' }), h('th', { text: 'logins' })),
      point.users.map((u) => h('tr', {}, h('td', { text: u.name }), h('td', { text: String(u.count) })))));
  body.classList.remove('muted');
}

// ?fill gives the container a height of its own: the map fills it instead of taking the world's shape.
if (params.has('fill')) document.getElementById('map').style.height = '300px';

const t0 = performance.now();
window.mapView = renderMap(document.getElementById('map'), result, { onSelect: showSelection });
window.renderMs = performance.now() - t0;
