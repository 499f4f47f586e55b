// Builds the folders the browser tests drop: real CloudTrail gzipped as S3 writes it, with a
// damaged file and a hostile one.

import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './support.mjs';

export const BLOG = join(ROOT, 'tests', 'fixtures', 'cloudtrail', 'blog');

/**
 * The blog fixture as a bucket: every .json/.jsonl gzipped under an S3-like prefix, the other
 * files as they are (they are skipped as not CloudTrail), and `damaged.json.gz`, a copy of one
 * log cut in the middle of its gzip stream.
 */
export function blogBucket() {
  const dir = mkdtempSync(join(tmpdir(), 'trailscope-bucket-'));
  const prefix = join(dir, 'AWSLogs', '218007301253', 'CloudTrail', 'us-east-1', '2023', '07', '10');
  mkdirSync(prefix, { recursive: true });
  for (const f of readdirSync(BLOG)) {
    const src = join(BLOG, f);
    if (/\.jsonl?$/.test(f)) writeFileSync(join(prefix, `${f}.gz`), gzipSync(readFileSync(src)));
    else copyFileSync(src, join(dir, f));
  }
  const whole = gzipSync(
    readFileSync(join(BLOG, '218007301253_CloudTrail_us-east-1_20230710T1230Z_AvIajGd5rkz6vTy4.json')),
  );
  writeFileSync(join(prefix, 'damaged.json.gz'), whole.subarray(0, Math.floor(whole.length / 2)));
  return dir;
}

/**
 * Every CloudTrail record of the blog fixture, parsed here (no engine): `{"Records":[...]}`,
 * arrays and single records in .json/.cloudtrail files, one record a line in .jsonl (620; no
 * event is in two files, so the page keeps them all).
 */
export function blogRecords() {
  const out = [];
  for (const f of readdirSync(BLOG).sort()) {
    const text = readFileSync(join(BLOG, f), 'utf8');
    if (f.endsWith('.jsonl'))
      text
        .split('\n')
        .filter((l) => l.trim())
        .forEach((l) => out.push(JSON.parse(l)));
    else if (/\.json$|\.cloudtrail$/.test(f)) {
      const d = JSON.parse(text);
      out.push(...(Array.isArray(d) ? d : d.Records || [d]));
    }
  }
  return out;
}

export const HOSTILE_AGENT = '<img src=x onerror="window.__pwned=1">';

/** One CloudTrail record whose userAgent and user name are HTML. */
export function hostileRecords() {
  const rec = (i) => ({
    eventVersion: '1.08',
    eventTime: `2024-05-01T10:0${i}:00Z`,
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.9',
    userAgent: HOSTILE_AGENT,
    userIdentity: {
      type: 'IAMUser',
      userName: '<script>window.__pwned=2</script>',
      arn: 'arn:aws:iam::111122223333:user/x',
    },
    errorCode: 'AccessDenied',
    eventID: `hostile-${i}`,
    recipientAccountId: '111122223333',
  });
  return JSON.stringify({ Records: [rec(1), rec(2)] });
}

/** Reads a CSV (RFC 4180: quoted cells may hold commas, quotes and line breaks). */
export function readCsv(path) {
  const text = readFileSync(path, 'utf8');
  const rows = [[]];
  let cur = '',
    q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      rows.at(-1).push(cur);
      cur = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      rows.at(-1).push(cur);
      cur = '';
      rows.push([]);
    } else cur += c;
  }
  if (cur || rows.at(-1).length) rows.at(-1).push(cur);
  const all = rows.filter((r) => r.length && !(r.length === 1 && r[0] === ''));
  return { header: all[0], rows: all.slice(1) };
}

/** A gzip stream of `size` bytes of `head`, then `unit` repeated, then `tail`, written in pieces. */
function gzipRepeated(head, unit, tail, size) {
  const block = Buffer.from(unit.repeat(Math.ceil((1 << 20) / unit.length)));
  const parts = [Buffer.from(head)];
  let n = 0;
  while (n + block.length < size) {
    parts.push(block);
    n += block.length;
  }
  parts.push(Buffer.from(unit.repeat(Math.max(0, Math.floor((size - n) / unit.length)))), Buffer.from(tail));
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

/**
 * Hostile gzip files for the engine, beside the blog bucket's good ones: `cut-30/55/80.json.gz`
 * (a log cut at that fraction of its gzip stream), `forged-size.json.gz` (a valid tiny gzip whose
 * last four bytes, the stated size, claim 2 GiB), and `scalars.json.gz` (a bare array of one
 * scalar repeated, gzipped to about `bombKB` KB). Returns the names written.
 */
export function hostileGzips(dir, { bombKB = 300 } = {}) {
  const src = readFileSync(join(BLOG, '218007301253_CloudTrail_us-east-1_20230710T1230Z_AvIajGd5rkz6vTy4.json'));
  const whole = gzipSync(src);
  const names = [];
  for (const pct of [30, 55, 80]) {
    const name = `cut-${pct}.json.gz`;
    writeFileSync(join(dir, name), whole.subarray(0, Math.floor((whole.length * pct) / 100)));
    names.push(name);
  }
  const forged = gzipSync(Buffer.from('{"Records":[]}'));
  forged.writeUInt32LE(0x80000000, forged.length - 4);
  writeFileSync(join(dir, 'forged-size.json.gz'), forged);
  names.push('forged-size.json.gz');
  // gzip -9 packs a repeated "1," about 1000:1: ~300 MB of scalars in 300 KB.
  writeFileSync(join(dir, 'scalars.json.gz'), gzipRepeated('[', '1,', '1]', bombKB * 1000 * 1030));
  names.push('scalars.json.gz');
  return names;
}
