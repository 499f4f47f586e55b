// Builds results.records.json for the results demo: real CloudTrail records from tests/fixtures,
// plus one marked synthetic record carrying hostile values. Run: node www/demo/results.records.mjs
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '../../tests/fixtures/cloudtrail');
const records = [];
const take = (file) => {
  const d = JSON.parse(readFileSync(join(fixtures, file), 'utf8'));
  records.push(...(Array.isArray(d) ? d : d.Records));
};
// The dataset's files under 150 KB: a few hundred records, enough to page through, small to ship.
const dir = join(fixtures, 'invictus-ir-aws-dataset');
const invictus = readdirSync(dir).filter((f) => f.endsWith('.json') && statSync(join(dir, f)).size < 150_000).sort();
for (const f of invictus) take(join('invictus-ir-aws-dataset', f));
take('blog/aws.initial-access.console-login-without-mfa.json');

const login = records.find((r) => r.eventName === 'ConsoleLogin');
const hostile = structuredClone(login);
hostile.eventID = 'demo-synthetic-hostile-record';
hostile.userAgent = '<img src=x onerror=alert(1)>';
hostile.sourceIPAddress = '"><script>alert(2)</script>';
hostile.errorMessage = '=HYPERLINK("http://example.invalid","click")';
records.push(hostile);

records.sort((a, b) => (a.eventTime < b.eventTime ? 1 : a.eventTime > b.eventTime ? -1 : 0));
const out = { note: 'Real CloudTrail records from tests/fixtures/cloudtrail (invictus-ir-aws-dataset, MIT; stratus-red-team via blog/, Apache-2.0) plus one synthetic hostile record (eventID demo-synthetic-hostile-record).', records };
writeFileSync(join(here, 'results.records.json'), JSON.stringify(out));
console.log(`${records.length} records`);
