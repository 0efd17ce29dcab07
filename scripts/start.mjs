#!/usr/bin/env node
// `npm start`: builds the wasm kernels, generates the training studies on first run (with progress), builds the
// production viewer when its sources changed (dist/.build-stamp), then serves dist/ and the studies with the
// production headers (scripts/serve.ts) and prints the URL. `npm run dev` runs the Vite development server.
import { spawnSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const script of ['scripts/build-wasm.mjs', 'scripts/ensure-sample-data.mjs', 'scripts/build-if-changed.mjs']) {
  const r = spawnSync('node', [script], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const server = spawn('npx', ['tsx', 'scripts/serve.ts', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
server.on('exit', (code) => process.exit(code ?? 0));
