#!/usr/bin/env node
// Builds every AssemblyScript kernel module wasm/assembly/<name>.ts (files starting with "_" are
// shared includes) into wasm/build/<name>.wasm with SIMD enabled. Runs on `npm install` (prepare)
// and before tests, so no binary is ever committed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'wasm', 'assembly');
const outDir = join(root, 'wasm', 'build');
const asc = join(root, 'node_modules', '.bin', 'asc');
if (!existsSync(srcDir) || !existsSync(asc)) process.exit(0);
mkdirSync(outDir, { recursive: true });
const modules = readdirSync(srcDir).filter((f) => f.endsWith('.ts') && !f.startsWith('_'));
// Two variants per module: <name>.wasm imports a plain memory (one copy of the volume per worker) and
// <name>.shared.wasm imports a shared memory (crossOriginIsolated pages and Node: one volume for all).
const common = ['-O3', '--runtime', 'stub', '--enable', 'simd', '--noAssert', '--importMemory', '--initialMemory', '1'];
const variants = [
  { suffix: '', flags: [] },
  { suffix: '.shared', flags: ['--sharedMemory', '--enable', 'threads', '--maximumMemory', '65536'] },
];
const newest = Math.max(...readdirSync(srcDir).map((f) => statSync(join(srcDir, f)).mtimeMs), statSync(fileURLToPath(import.meta.url)).mtimeMs);
for (const file of modules) {
  const name = file.replace(/\.ts$/, '');
  for (const v of variants) {
    const out = join(outDir, `${name}${v.suffix}.wasm`);
    if (existsSync(out) && statSync(out).mtimeMs > newest && !process.argv.includes('--force')) continue;
    execFileSync(asc, [join(srcDir, file), '-o', out, ...common, ...v.flags], { stdio: 'inherit', cwd: root });
    console.log(`wasm: built ${name}${v.suffix}.wasm`);
  }
}
