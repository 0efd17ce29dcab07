#!/usr/bin/env node
// Generates the three training studies into sample-data/out/ unless they are there AND were written by the
// current generator sources (the generator is deterministic: same sources, same bytes). The stamp
// (sample-data/out/sources.sha256) is the SHA-256 of sample-data/{phantom,dicom}/*.ts, generate.ts and
// truth.ts; a study folder written by older sources is regenerated, so tests never measure stale voxels.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sd = join(root, 'sample-data');
const out = join(sd, 'out');
const done = join(out, 'index.json');
const stampFile = join(out, 'sources.sha256');
if (!existsSync(join(sd, 'generate.ts'))) process.exit(0);

function sourcesStamp() {
  const h = createHash('sha256');
  for (const dir of ['phantom', 'dicom']) {
    for (const f of readdirSync(join(sd, dir)).filter((x) => x.endsWith('.ts')).sort()) h.update(f).update(readFileSync(join(sd, dir, f)));
  }
  for (const f of ['generate.ts', 'truth.ts']) h.update(f).update(readFileSync(join(sd, f)));
  return h.digest('hex');
}

const stamp = sourcesStamp();
if (process.argv.includes('--stamp-only')) {
  // after `npx tsx sample-data/generate.ts --out …` moved into place by hand
  if (!existsSync(done)) { console.error('[sample-data] --stamp-only: no index.json in sample-data/out'); process.exit(2); }
  writeFileSync(stampFile, stamp + '\n');
  process.exit(0);
}
const current = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
if (existsSync(done) && current === stamp && !process.argv.includes('--force')) process.exit(0);
if (existsSync(done)) {
  console.log('[sample-data] the generator sources changed since the studies were written: regenerating…');
  rmSync(done); // index.json last written = done; without it a half-written set is never taken as complete
} else {
  console.log('[sample-data] generating the three training studies (first run only)…');
}
const r = spawnSync('npx', ['tsx', 'sample-data/generate.ts'], { stdio: 'inherit', cwd: root });
if (r.status === 0) writeFileSync(stampFile, stamp + '\n');
process.exit(r.status ?? 1);
