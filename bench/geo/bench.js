// Geo lookups per second in wasm (node): loads the table, then times each workload.
// Run by run.sh after wasm-bindgen wrote ./pkg.
const fs = require('fs');
const path = require('path');
const { GeoBench } = require('./pkg/trailscope_geo_bench.js');

const file = process.argv[2] || path.join(__dirname, '../../data/geo/city.tsgeo');
const n = Number(process.argv[3] || 1000000);
const bytes = fs.readFileSync(file);
let t = process.hrtime.bigint();
const b = new GeoBench(bytes);
const ms = (x) => Number(process.hrtime.bigint() - x) / 1e6;
console.log(`wasm load and index: ${ms(t).toFixed(0)} ms`);
const [streams, rest] = b.memory();
console.log(`wasm memory: streams ${(streams / 1e6).toFixed(2)} MB + indexes, decoders, dictionary ${(rest / 1e6).toFixed(2)} MB`);
b.prepare(n);
for (let round = 0; round < 2; round++) {
  const rate = (f) => { const t0 = process.hrtime.bigint(); const found = f(); return [n / ms(t0) / 1e3, found]; };
  const [r4, f4] = rate(() => b.locate_v4());
  const [r6, f6] = rate(() => b.locate_v6());
  const [rt, ft] = rate(() => b.lookup_text());
  const [rc, fc] = rate(() => b.locate_v4_cold());
  const [rl, fl] = rate(() => b.locate_logs());
  console.log(`wasm round ${round}: IPv4 ${r4.toFixed(2)} M/s (${f4} found; every block decoded: ${rc.toFixed(2)} M/s), IPv6 ${r6.toFixed(2)} M/s (${f6}), ` +
    `text to seven fields ${rt.toFixed(2)} M/s (${ft}), log-like (2,000 addresses) ${rl.toFixed(2)} M/s (${fl})`);
  if (b.locate_ranges_v4) {
    const [q4, g4] = rate(() => b.locate_ranges_v4());
    const [q6, g6] = rate(() => b.locate_ranges_v6());
    console.log(`wasm round ${round}: range by range: IPv4 ${q4.toFixed(2)} M/s (${g4}), IPv6 ${q6.toFixed(2)} M/s (${g6})`);
  }
}
