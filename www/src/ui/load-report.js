// The load report: totals, what was dropped and why, and each file that needs attention.

import { h, replace } from './dom.js';
import { mb } from './progress.js';
import { formatTime, zoneLabel } from './time.js';

/** Flattens zips into their members, each named archive.zip/path. */
export function flatten(reports) {
  return reports.flatMap((r) => (r.members && r.members.length ? flatten(r.members) : [r]));
}

/** One line a person reads first. */
export function headline(report, summary) {
  const t = report.totals;
  const dups = (summary && summary.duplicates_dropped) || 0;
  const parts = [
    `Loaded ${(t.records - dups).toLocaleString()} events from ${t.files.toLocaleString()} file${t.files === 1 ? '' : 's'} (${mb(t.bytes)})`,
  ];
  const tables = flatten(report.files).filter((f) => f.table).length;
  if (tables) parts.push(`${tables} lookup table${tables === 1 ? '' : 's'}`);
  const rules = flatten(report.files).filter((f) => f.rule).length;
  if (rules) parts.push(`${rules} Sigma rule${rules === 1 ? '' : 's'}`);
  if (t.skipped_files) parts.push(`${t.skipped_files} skipped as not CloudTrail`);
  if (t.errors) parts.push(`${t.errors} damaged or unreadable`);
  if (report.engineFailures)
    parts.push(
      `the engine failed on ${report.engineFailures} file${report.engineFailures === 1 ? '' : 's'}, left out (everything else loaded again)`,
    );
  if (t.records_skipped) parts.push(`${t.records_skipped.toLocaleString()} records skipped`);
  if (summary && summary.duplicates_dropped) {
    // The engine's note names the copies that differed; plain second deliveries need no more.
    parts.push(
      summary.duplicates_differing
        ? summary.duplicates_note
        : `${summary.duplicates_dropped.toLocaleString()} duplicates dropped`,
    );
  }
  if (report.cancelled) parts.push('cancelled before the end');
  return parts.join(' · ');
}

export function renderLoadReport(container, report, summary, { utc = true } = {}) {
  const files = flatten(report.files);
  const trouble = files.filter((f) => f.error || f.skipped || f.records_skipped);
  // Files the engine took as lookup tables, each with what a query names it by.
  const tables = files.filter((f) => f.table && !f.error);
  // Files the engine took as Sigma rules: they run with the bundled ones (the Detections view).
  const rules = files.filter((f) => f.rule);
  const span = summary && summary.time;
  const rows = (list) =>
    list.map((f) =>
      h(
        'tr',
        {},
        h('td', { text: f.name }),
        h('td', { class: 'num', text: (f.records || 0).toLocaleString() }),
        h('td', { class: 'num', text: f.records_skipped ? f.records_skipped.toLocaleString() : '' }),
        h('td', { class: f.error ? 'bad' : f.skipped || f.records_skipped ? 'skip' : '', text: why(f) }),
        h('td', {
          text: f.time ? `${formatTime(f.time.earliest_ms, utc)} → ${formatTime(f.time.latest_ms, utc)}` : '',
        }),
      ),
    );
  const table = (list) =>
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['File', 'Events', 'Skipped', 'Why', `Time (${zoneLabel(utc)})`].map((t) => h('th', { text: t })),
        ),
      ),
      h('tbody', {}, rows(list)),
    );
  const el = h(
    'div',
    { class: 'card loadreport', 'data-testid': 'load-report' },
    h('div', { 'data-testid': 'load-headline', text: headline(report, summary) }),
    span
      ? h('div', {
          class: 'muted',
          text: `Events from ${formatTime(span.earliest_ms, utc)} to ${formatTime(span.latest_ms, utc)} ${zoneLabel(utc)}; ${summary.events.toLocaleString()} events loaded in all`,
        })
      : null,
    tables.length
      ? h(
          'ul',
          { class: 'tables', 'data-testid': 'load-tables' },
          tables.map((f) => h('li', { text: `${f.name}: ${f.table}` })),
        )
      : null,
    rules.length
      ? h(
          'ul',
          { class: 'tables', 'data-testid': 'load-rules' },
          rules.map((f) => h('li', { text: `${f.name}: ${f.rule}` })),
        )
      : null,
    trouble.length
      ? h(
          'details',
          { open: true },
          h('summary', { text: `${trouble.length} file${trouble.length === 1 ? '' : 's'} need attention` }),
          table(trouble),
        )
      : null,
    h(
      'details',
      {},
      h('summary', { text: `All ${report.totals.files.toLocaleString()} files` }),
      table(files.slice(0, 2000)),
      report.totals.files > files.length
        ? h('p', {
            class: 'muted',
            text: `The first ${files.length.toLocaleString()} are listed, with every file that needs attention.`,
          })
        : null,
    ),
  );
  return replace(container, el);
}

/** Why a file loaded less than all of itself, in words. */
export function why(f) {
  if (f.error) {
    const at = f.error_line
      ? ` (line ${f.error_line})`
      : f.error_offset !== undefined && f.error_offset !== null
        ? ` (byte ${f.error_offset})`
        : '';
    return `${f.error}${at}${f.records ? `; the ${f.records} events before it are loaded` : ''}`;
  }
  if (f.skipped) return `skipped: ${f.skipped}`;
  if (f.table) return f.table;
  if (f.rule) return f.rule;
  if (f.records_skipped)
    return Object.entries(f.skip_reasons || {})
      .map(([k, n]) => `${n} × ${k}`)
      .join('; ');
  return '';
}
