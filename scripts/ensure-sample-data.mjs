#!/usr/bin/env node
// Generates the three training studies into sample-data/out/ unless they are already there
// (the generator is deterministic: same bytes every run).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const done = join(root, 'sample-data', 'out', 'index.json');
if (existsSync(done) && !process.argv.includes('--force')) process.exit(0);
if (!existsSync(join(root, 'sample-data', 'generate.ts'))) process.exit(0);
console.log('[sample-data] generating the three training studies (first run only)…');
const r = spawnSync('npx', ['tsx', 'sample-data/generate.ts'], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
