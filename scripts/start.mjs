#!/usr/bin/env node
// `npm start`: builds the wasm kernels, generates the training studies on first run (with
// progress), then serves the viewer and prints its URL.
import { spawnSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const script of ['scripts/build-wasm.mjs', 'scripts/ensure-sample-data.mjs']) {
  const r = spawnSync('node', [script], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const vite = spawn('npx', ['vite', '--host', '127.0.0.1', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
vite.on('exit', (code) => process.exit(code ?? 0));
