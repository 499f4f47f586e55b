// The Detections view's DOM-free part: filters, ATT&CK tags, links, countries, the timeline's
// buckets, the texts it writes and the query that finds an alert's event.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  alertTimeline,
  attackTags,
  detectOptions,
  diagnosticText,
  doneText,
  eventQuery,
  filterAlerts,
  hasTime,
  httpUrl,
  levelCounts,
  normalise,
  parseCountries,
  runningText,
  splitLinks,
} from '../../src/ui/detections-model.js';
import { quoteString } from '../../src/ui/query-text.js';

const H = 3600e3;
const T0 = Date.UTC(2024, 0, 2, 3, 0, 0);
/** The engine's time of an event without one (i64::MIN as a JSON number). */
const NO_TIME = -9223372036854775808;

const alert = (rule, level, time, more = {}) => ({
  event: 0,
  rule,
  time,
  level,
  principal: null,
  source_ip: null,
  event_name: null,
  event_id: null,
  ...more,
});

test('filters keep alerts by level and by rule; a rule without a level is "none"', () => {
  const a = [alert(0, 'high', T0), alert(1, 'low', T0), alert(1, null, T0), alert(2, 'high', T0)];
  assert.equal(filterAlerts(a, {}).length, 4);
  assert.deepEqual(
    filterAlerts(a, { level: 'high' }).map((x) => x.rule),
    [0, 2],
  );
  assert.deepEqual(
    filterAlerts(a, { rule: 1 }).map((x) => x.level),
    ['low', null],
  );
  assert.equal(filterAlerts(a, { level: 'none', rule: 1 }).length, 1);
  assert.equal(filterAlerts(a, { level: 'high', rule: 1 }).length, 0);
});

test('counts by level come from the engine, highest first, empty levels left out', () => {
  const d = {
    alerts: [],
    summary: {
      total: 6,
      by_level: [
        ['low', 1],
        ['critical', 2],
        ['medium', 0],
        ['high', 3],
      ],
      by_rule: [],
    },
    rules: [],
    license: '',
  };
  assert.deepEqual(levelCounts(d), [
    ['critical', 2],
    ['high', 3],
    ['low', 1],
  ]);
  assert.deepEqual(levelCounts(null), []);
});

test('ATT&CK tags: techniques and sub-techniques, tactics in either spelling, other tags dropped', () => {
  const tags = attackTags([
    'attack.t1078.004',
    'attack.T1110',
    'attack.initial_access',
    'attack.privilege-escalation',
    'attack.g0016',
    'cve.2021-44228',
    'detection.threat-hunting',
    42,
  ]);
  assert.deepEqual(
    tags.map((t) => [t.kind, t.label]),
    [
      ['technique', 'T1078.004'],
      ['technique', 'T1110'],
      ['tactic', 'Initial Access'],
      ['tactic', 'Privilege Escalation'],
    ],
  );
  assert.equal(tags[0].url, 'https://attack.mitre.org/techniques/T1078/004/');
  assert.deepEqual(attackTags(undefined), []);
});

test('only http(s) URLs become links', () => {
  assert.equal(httpUrl('https://github.com/SigmaHQ/sigma'), 'https://github.com/SigmaHQ/sigma');
  assert.equal(httpUrl(' http://example.com/a?b=1 '), 'http://example.com/a?b=1');
  for (const bad of [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'data:text/html,x',
    '//evil.example',
    'ftp://x',
    'x',
    null,
  ])
    assert.equal(httpUrl(bad), null, String(bad));
  assert.deepEqual(splitLinks('Rules: SigmaHQ (https://github.com/SigmaHQ/sigma), DRL 1.1.'), [
    { text: 'Rules: SigmaHQ (' },
    { text: 'https://github.com/SigmaHQ/sigma', url: 'https://github.com/SigmaHQ/sigma' },
    { text: '), DRL 1.1.' },
  ]);
  assert.deepEqual(splitLinks('see https://a.example/x. and javascript:alert(1)'), [
    { text: 'see ' },
    { text: 'https://a.example/x', url: 'https://a.example/x' },
    { text: '. and javascript:alert(1)' },
  ]);
});

test('countries: ISO codes typed any way become the placeholder values', () => {
  assert.deepEqual(parseCountries(' us, CA;de  us '), ['US', 'CA', 'DE']);
  assert.deepEqual(parseCountries(''), []);
  assert.deepEqual(detectOptions({ countries: ['US'] }), {
    expand: { Legitimate_Countries: ['US'] },
    rules: [],
    baselines: {},
  });
  assert.deepEqual(detectOptions(), { expand: {}, rules: [], baselines: {} });
  assert.deepEqual(detectOptions({ baselines: { impossible_travel: { kmh: 900 } } }).baselines, {
    impossible_travel: { kmh: 900 },
  });
});

test('the timeline counts alerts per hour (per day past three days) by level, every slot drawn', () => {
  const t = alertTimeline([
    alert(0, 'high', T0 + 10),
    alert(0, 'high', T0 + 20),
    alert(1, 'low', T0 + 2 * H + 5),
    alert(2, 'critical', T0 + 2 * H),
    alert(3, 'low', NO_TIME),
  ]);
  assert.ok(t);
  assert.deepEqual(t.columns, ['_timeslice', 'critical', 'high', 'low']);
  assert.deepEqual(t.kinds, ['time', 'number', 'number', 'number']);
  assert.deepEqual(t.rows, [
    [T0, 0, 2, 0],
    [T0 + H, 0, 0, 0],
    [T0 + 2 * H, 1, 0, 1],
  ]);
  const days = alertTimeline([alert(0, 'medium', T0), alert(0, 'medium', T0 + 5 * 24 * H)]);
  assert.equal(days.rows.length, 6);
  assert.equal(days.rows[0][0] % (24 * H), 0);
  assert.equal(alertTimeline([alert(0, 'low', NO_TIME)]), null);
  assert.equal(hasTime(NO_TIME), false);
  assert.equal(hasTime(T0), true);
});

test('the texts: running, done, a diagnostic with its line', () => {
  assert.equal(runningText(58, 20000), 'Running 58 rules over 20,000 events…');
  assert.equal(runningText(null, 1), 'Running the Sigma rules over 1 event…');
  assert.equal(runningText(68, 20000, 0.4567), 'Running 68 rules over 20,000 events… 45%');
  assert.equal(runningText(68, 20000, 1.2), 'Running 68 rules over 20,000 events… 100%');
  const d = {
    alerts: [],
    summary: { total: 3, by_level: [], by_rule: [[0, 3]] },
    rules: [{ runs: true }, { runs: false }],
    license: '',
  };
  assert.equal(doneText(/** @type {any} */ (d), 12.4), '3 alerts from 1 of 1 rules run (2 loaded) in 12 ms');
  assert.equal(
    diagnosticText({ code: 'S003', message: 'unsupported modifier', labels: [{ start: { line: 4 } }] }),
    'S003 line 4: unsupported modifier',
  );
  assert.equal(diagnosticText({ code: 'S002', message: 'not a Sigma rule' }), 'S002: not a Sigma rule');
});

test("an alert's event is found by its eventID, quoted as the query language reads it", () => {
  assert.equal(
    eventQuery('ab"c\\d', quoteString),
    '_sourceCategory = * "ab\\"c\\\\d"\n| json field=_raw "eventID" as eventID\n| where eventID = "ab\\"c\\\\d"',
  );
  assert.equal(eventQuery(null, quoteString), null);
  assert.equal(eventQuery('', quoteString), null);
});

test('an answer is filled in where a rule (a baseline, say) leaves fields out', () => {
  const d = normalise(
    /** @type {any} */ ({
      alerts: [alert(0, null, T0, { detail: 'from Berlin, DE to New York, US', events: [3, 1] })],
      summary: { total: 1, by_level: [['none', 1]], by_rule: [[0, 1]] },
      rules: [
        {
          file: 'baseline/impossible_travel',
          builtin: true,
          kind: 'baseline',
          runs: true,
          meta: { title: 'Impossible travel', tags: 'x' },
        },
      ],
    }),
  );
  assert.deepEqual(d.rules[0].meta.references, []);
  assert.deepEqual(d.rules[0].meta.tags, []);
  assert.equal(d.rules[0].meta.author, '');
  assert.equal(d.rules[0].meta.level, null);
  assert.deepEqual(d.rules[0].diagnostics, []);
  assert.equal(d.rules[0].meta.title, 'Impossible travel');
  assert.equal(d.license, '');
  assert.deepEqual(d.alerts[0].events, [3, 1]);
});
