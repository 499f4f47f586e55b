// Builds the page into dist/: the static folder, and dist/trailscope.html, one self-contained
// file that works from disk. Expects the wasm-bindgen output in www/build/pkg (scripts/build-web.sh).

import * as esbuild from 'esbuild';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const www = dirname(fileURLToPath(import.meta.url));
const root = join(www, '..');
const dist = process.env.TRAILSCOPE_DIST || join(root, 'dist');
const pkg = join(www, 'build', 'pkg');
const dev = process.argv.includes('--dev');

if (!existsSync(join(pkg, 'trailscope_bg.wasm'))) {
  console.error('build.mjs: www/build/pkg is missing; run scripts/build-web.sh');
  process.exit(1);
}

// A static page cannot vary a nonce per response; this one only lets CodeMirror's own <style>
// elements in while every other inline style stays refused.
const nonce = randomBytes(12).toString('base64url');

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'geo'), { recursive: true });

// While a part of the page is being written, `--stub-missing` builds the rest around it.
const stubMissing = {
  name: 'stub-missing',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const p = join(args.resolveDir, args.path);
      return existsSync(p) ? undefined : { path: p, namespace: 'stub' };
    });
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: `console.warn('stub: ${'$'}{${JSON.stringify('x')}}'); const f = () => ({ destroy() {}, refresh() {} }); export const DASHBOARDS = [{ id: 'x', title: 'stub', panels: [], vars: [] }]; export { f as renderDashboard, f as renderDashboardPicker };`,
      loader: 'js',
    }));
  },
};

const common = {
  plugins: process.argv.includes('--stub-missing') ? [stubMissing] : [],
  bundle: true,
  format: 'esm',
  minify: !dev,
  sourcemap: dev,
  target: 'chrome110',
  loader: { '.json': 'json' },
  logLevel: 'warning',
  legalComments: 'none',
};
await esbuild.build({
  ...common,
  entryPoints: { app: join(www, 'src', 'main.js') },
  outdir: dist,
  define: { __NONCE__: JSON.stringify(nonce) },
});
// A classic (IIFE) worker: Chromium refuses module workers from blob: URLs on file:// pages.
await esbuild.build({
  ...common,
  format: 'iife',
  entryPoints: { worker: join(www, 'src', 'engine', 'worker.js') },
  outdir: dist,
  logOverride: { 'empty-import-meta': 'silent' },
});

cpSync(join(pkg, 'trailscope_bg.wasm'), join(dist, 'trailscope_bg.wasm'));
for (const f of ['city.tsgeo', 'asn.tsgeo']) cpSync(join(root, 'data', 'geo', f), join(dist, 'geo', f));
writeFileSync(join(dist, 'LICENSES.txt'), licenses());

const csp = (extra) =>
  [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${extra.script || ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    // Workers only from blob: URLs, which inherit this policy; a worker loaded from a URL would
    // take its policy from its own response headers (none, on a static server): see assets.js.
    'worker-src blob:',
    "connect-src 'self'",
    "img-src 'self' data: blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');

const template = readFileSync(join(www, 'index.html'), 'utf8');
// Replacement functions, not strings: bundled code holds `$&`-like sequences replace() expands.
const page = (cspText, head, body) =>
  template
    .replace('%CSP%', () => cspText)
    .replace('%HEAD%', () => head)
    .replace('%BODY%', () => body);

writeFileSync(
  join(dist, 'index.html'),
  page(csp({}), `<link rel="stylesheet" href="app.css">`, `<script type="module" src="app.js"></script>`),
);

// The single file: scripts inline (allowed by their hashes), wasm, worker and geo tables as
// base64 data blocks the page decodes itself.
const b64 = (buf) => Buffer.from(buf).toString('base64');
const appJs = readFileSync(join(dist, 'app.js'), 'utf8').replace(/<\/script/gi, '<\\/script');
const appCss = readFileSync(join(dist, 'app.css'), 'utf8');
const hash = 'sha256-' + createHash('sha256').update(appJs).digest('base64');
const block = (id, data, enc) =>
  `<script type="application/octet-stream" id="${id}"${enc ? ` data-encoding="${enc}"` : ''}>${data}</script>`;
const single = page(
  csp({ script: ` '${hash}'` }),
  `<style nonce="${nonce}">${appCss}</style>`,
  [
    block('ts-wasm', b64(readFileSync(join(dist, 'trailscope_bg.wasm')))),
    block('ts-worker', b64(readFileSync(join(dist, 'worker.js')))),
    block('ts-geo-city', b64(gzipSync(readFileSync(join(dist, 'geo', 'city.tsgeo')), { level: 9 })), 'gzip'),
    block('ts-geo-asn', b64(gzipSync(readFileSync(join(dist, 'geo', 'asn.tsgeo')), { level: 9 })), 'gzip'),
    `<script type="module">${appJs}</script>`,
  ].join('\n'),
);
writeFileSync(join(dist, 'trailscope.html'), single);

function licenses() {
  const read = (p) => (existsSync(p) ? readFileSync(p, 'utf8') : '');
  return [
    'Trailscope is MIT licensed. It bundles:',
    '',
    '- IP geolocation data by DB-IP (https://db-ip.com), CC BY 4.0. See data/geo/README.md.',
    '- World outlines from Natural Earth (public domain), via the world-atlas package (ISC):',
    read(join(www, 'node_modules', 'world-atlas', 'LICENSE')),
    '- CodeMirror 6 (MIT):',
    read(join(www, 'node_modules', '@codemirror', 'view', 'LICENSE')),
    '- topojson-client (ISC):',
    read(join(www, 'node_modules', 'topojson-client', 'LICENSE')),
    '- d3-time and d3-array (ISC), for calendar-aligned time-axis ticks:',
    read(join(www, 'node_modules', 'd3-time', 'LICENSE')),
  ].join('\n');
}

console.log(`build.mjs: wrote ${dist}/ and ${dist}/trailscope.html`);
