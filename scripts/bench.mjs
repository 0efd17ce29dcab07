#!/usr/bin/env node
// `npm run bench`: runs the default export of every tests/bench/**/*.bench.ts module, each in its own
// `npx tsx` process (this file in --run mode), with ctx = { root, log }. A module returns BenchResult[]
// (tests/bench/harness.ts): {name, env: 'node'|'chromium', runs, minMs, medianMs, maxMs, against?, ratio?, extra?}.
// Prints a table and writes bench-results.json at the repo root. `npm run bench -- <filter>` runs only
// modules whose path contains <filter>.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MARK = '@@BENCH_RESULTS@@';

if (process.argv[2] === '--run') {
  const mod = await import(pathToFileURL(process.argv[3]).href);
  if (typeof mod.default !== 'function') throw new Error(`${process.argv[3]}: no default export function`);
  const results = await mod.default({ root, log: (m) => console.error(m) });
  process.stdout.write(`${MARK}${JSON.stringify(results)}\n`);
  process.exit(0);
}

function findBenches(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...findBenches(p));
    else if (e.name.endsWith('.bench.ts')) out.push(p);
  }
  return out.sort();
}

function runModule(file) {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', fileURLToPath(import.meta.url), '--run', file], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(MARK));
      if (code !== 0 || !line) { console.error(`[bench] ${relative(root, file)} failed (exit ${code})`); resolve([]); return; }
      resolve(JSON.parse(line.slice(MARK.length)));
    });
  });
}

const fmt = (v, d = 2) => (typeof v === 'number' ? v.toFixed(d) : '');
const filter = process.argv[2];
spawnSync('node', [join(root, 'scripts', 'build-wasm.mjs')], { stdio: 'inherit', cwd: root });
const files = findBenches(join(root, 'tests', 'bench')).filter((f) => !filter || f.includes(filter));
const all = [];
for (const f of files) {
  console.error(`[bench] ${relative(root, f)}`);
  all.push(...(await runModule(f)));
}
const rows = all.map((r) => [r.name, r.env, String(r.runs), fmt(r.minMs), fmt(r.medianMs), fmt(r.maxMs), r.against ?? '', fmt(r.ratio),
  r.extra ? Object.entries(r.extra).map(([k, v]) => `${k}=${v}`).join(' ') : '']);
const head = ['name', 'env', 'runs', 'min ms', 'median ms', 'max ms', 'against', 'ratio', 'extra'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => (i >= 2 && i <= 5 || i === 7 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
writeFileSync(join(root, 'bench-results.json'), JSON.stringify(all, null, 2) + '\n');
console.log(`\n${all.length} results → bench-results.json`);
