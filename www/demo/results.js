// Demo of the result views: a 100,000-row aggregate, a time-sliced aggregate and real CloudTrail messages.

import './results.page.css';
import data from './results.records.json';
import { h, replace } from '../src/ui/dom.js';
import { renderTable } from '../src/results/table.js';
import { renderMessages } from '../src/results/messages.js';
import { renderExportButtons } from '../src/results/export.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

// A small seeded generator, so every load (and every screenshot) shows the same rows.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AGENTS = [
  'aws-cli/2.13.0 Python/3.11.4 Linux/5.15.0 exe/x86_64.ubuntu.22 prompt/off command/s3.ls',
  'Boto3/1.28.3 md/Botocore#1.31.3 ua/2.0 os/linux#5.10.184 md/arch#x86_64 lang/python#3.9.16',
  'console.amazonaws.com',
  'AWS Internal',
  'signin.amazonaws.com',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36',
  'APN/1.0 JetBrains/1.0 AWSToolkit/1.71 IntelliJ/2023.1 aws-sdk-java/2.20.91 Linux/6.2.0 OpenJDK_64-Bit_Server_VM/17.0.7',
  'aws-sdk-go/1.44.157 (go1.19.3; linux; amd64) APN/1.0 HashiCorp/1.0 Terraform/1.1.2',
  'cloudformation.amazonaws.com',
  'stratus-red-team_02aeb845-50d0-4972-9ad4-9dff89a1d94f',
];

/** (a) `count by sourceIPAddress, userAgent`: 100,000 groups, one of them hostile, some without agent. */
function bigAggregate() {
  const rnd = random(42);
  const rows = [];
  const seen = new Set();
  while (rows.length < 100_000) {
    const ip = `${[3, 18, 34, 52, 54, 81, 185, 203][Math.floor(rnd() * 8)]}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}`;
    const base = AGENTS[Math.floor(rnd() * AGENTS.length)];
    const agent = rnd() < 0.03 ? null : rnd() < 0.5 ? base : `${base} exec-env/${Math.floor(rnd() * 900 + 100)}`;
    const key = `${ip} ${agent}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push([ip, agent, Math.floor(Math.pow(rnd(), 6) * 20000) + 1]);
  }
  rows[2] = ['198.51.100.7', HOSTILE, 20001];
  rows[5] = ['=cmd|" /C calc"!A0', 'formula-looking value for the CSV export', 7];
  return { columns: ['sourceIPAddress', 'userAgent', '_count'], rows, aggregated: true, warnings: [] };
}

/** (b) `timeslice 1h | count by _timeslice, eventName, errorCode` over the demo records. */
function sliceAggregate(records) {
  const groups = new Map();
  for (const r of records) {
    const t = Date.parse(r.eventTime);
    const slice = t - (t % 3600e3);
    const key = JSON.stringify([slice, r.eventName, r.errorCode ?? null]);
    groups.set(key, (groups.get(key) || 0) + 1);
  }
  const rows = [...groups].map(([k, n]) => [...JSON.parse(k), n]);
  return { columns: ['_timeslice', 'eventName', 'errorCode', '_count'], rows, aggregated: true, warnings: [] };
}

const FIELDS = [
  ['eventName', (r) => r.eventName],
  ['eventSource', (r) => r.eventSource],
  ['awsRegion', (r) => r.awsRegion],
  ['sourceIPAddress', (r) => r.sourceIPAddress],
  ['userAgent', (r) => r.userAgent],
  ['errorCode', (r) => r.errorCode],
  ['userIdentity.type', (r) => r.userIdentity?.type],
  ['userIdentity.arn', (r) => r.userIdentity?.arn],
  ['recipientAccountId', (r) => r.recipientAccountId],
];

/** (c) A messages result as the engine gives it: _raw cut short here, as the page does for big events. */
function messagesResult(records) {
  const columns = ['_messagetime', '_sourceCategory', ...FIELDS.map(([n]) => n), '_raw'];
  const rows = records.map((r) => {
    const raw = JSON.stringify(r);
    return [Date.parse(r.eventTime), 'cloudtrail', ...FIELDS.map(([, f]) => f(r) ?? null), raw.length > 400 ? raw.slice(0, 400) : raw];
  });
  return { columns, rows, aggregated: false, events: records.map((_, i) => i), warnings: [] };
}

// ?n=10000 repeats the records (one hour earlier per round) to try the view at 10,000+ messages.
const wanted = Number(new URLSearchParams(location.search).get('n')) || 0;
const records = data.records.slice();
for (let k = 1; records.length < wanted; k++) {
  for (const r of data.records) {
    if (records.length >= wanted) break;
    records.push({ ...r, eventTime: new Date(Date.parse(r.eventTime) - k * 3600e3).toISOString().replace('.000Z', 'Z') });
  }
}
const views = {
  agg: { label: 'count by IP, agent (100k)', make: bigAggregate },
  slices: { label: 'timeslice aggregate', make: () => sliceAggregate(records) },
  msgs: { label: `messages (${records.length.toLocaleString('en-US')})`, make: () => messagesResult(records) },
};
const cache = {};
const state = { view: new URLSearchParams(location.search).get('view') || 'agg', utc: true };
// Exposed for the screenshot script's extra checks (e.g. a container without a height).
window.__demo = { filters: [], cells: [], state, renderTable, bigAggregate };

if (new URLSearchParams(location.search).get('theme') === 'dark') document.body.classList.add('demo-dark');

const log = h('div', { class: 'demo-log', 'data-testid': 'demo-log', 'aria-live': 'polite', text: 'Ready.' });
const view = h('main', { class: 'demo-view' });
const tabs = h(
  'div',
  { class: 'demo-tabs', role: 'group', 'aria-label': 'Result' },
  Object.entries(views).map(([id, v]) =>
    h('button', { type: 'button', 'data-testid': `demo-tab-${id}`, 'aria-pressed': String(id === state.view), on: { click: () => show(id) } }, v.label),
  ),
);
const utcBox = h('input', { type: 'checkbox', checked: true, 'data-testid': 'demo-utc', on: { change: () => ((state.utc = utcBox.checked), show(state.view)) } });
const exportSlot = h('span');
replace(
  document.getElementById('app'),
  h('div', { class: 'demo-bar' }, h('span', { class: 'demo-title', text: 'Trailscope · result views' }), tabs, h('label', {}, utcBox, ' UTC'), h('span', { class: 'demo-spacer' }), exportSlot),
  log,
  view,
);
renderExportButtons(exportSlot, () => result(state.view), { utc: () => state.utc });

function result(id) {
  if (!cache[id]) {
    const t0 = performance.now();
    // The engine hands the page one JSON string per query; parsing it gives flat strings, as here.
    cache[id] = JSON.parse(JSON.stringify(views[id].make()));
    window.__demo.buildMs = performance.now() - t0;
  }
  return cache[id];
}

let current = null;
function show(id) {
  state.view = id;
  for (const b of tabs.children) b.setAttribute('aria-pressed', String(b.dataset.testid === `demo-tab-${id}`));
  if (current) current.destroy();
  const r = result(id);
  const t0 = performance.now();
  if (r.aggregated) {
    current = renderTable(view, r, {
      utc: state.utc,
      onCellClick: ({ column, value, rowIndex }) => {
        window.__demo.cells.push({ column, value, rowIndex });
        log.textContent = `cell: row ${rowIndex}, ${column} = ${JSON.stringify(value)}`;
      },
    });
  } else {
    current = renderMessages(view, r, {
      utc: state.utc,
      getRaw: (i) => new Promise((ok) => setTimeout(() => ok(JSON.stringify(records[i])), 30)),
      onAddFilter: (field, value) => {
        window.__demo.filters.push([field, value]);
        log.textContent = `| where ${field} = ${JSON.stringify(String(value))}`;
      },
    });
  }
  window.__demo.renderMs = performance.now() - t0;
}

show(state.view);
