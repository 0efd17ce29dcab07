#!/usr/bin/env node
// Builds the production viewer into dist/ unless dist/ was built from the current sources. The stamp
// (dist/.build-stamp) is the SHA-256 of everything the build reads: index.html, vite.config.ts, the lock file,
// src/, workers/, public/, the wasm kernels, scripts/security-headers.ts and CORO_CONNECT_SRC (written into
// the page's Content-Security-Policy). `--force` rebuilds anyway; `--check` exits 1 when a build is due.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stampFile = join(dist, '.build-stamp');
const INPUTS = ['index.html', 'vite.config.ts', 'package-lock.json', 'scripts/security-headers.ts', 'src', 'workers', 'public', 'wasm/build'];

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => files(join(path, name)));
}

export function buildStamp() {
  const h = createHash('sha256');
  for (const input of INPUTS) {
    for (const f of files(join(root, input))) h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  h.update(`CORO_CONNECT_SRC=${process.env.CORO_CONNECT_SRC ?? ''}`);
  h.update(`VITE_PACS_URL=${process.env.VITE_PACS_URL ?? ''}`);
  return h.digest('hex');
}

const stamp = buildStamp();
const current = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
const due = current !== stamp || !existsSync(join(dist, 'index.html'));
if (process.argv.includes('--check')) process.exit(due ? 1 : 0);
if (!due && !process.argv.includes('--force')) process.exit(0);
console.log(current ? '[build] sources changed since the last build: rebuilding dist/…' : '[build] building the production viewer into dist/ (first run only)…');
// NODE_ENV=production whatever the caller set (vitest sets "test", and Vite then builds without PROD)
const env = { ...process.env, NODE_ENV: 'production' };
const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', cwd: root, env });
if (r.status === 0) writeFileSync(stampFile, stamp + '\n');
process.exit(r.status ?? 1);
