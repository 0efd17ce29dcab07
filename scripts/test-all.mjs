#!/usr/bin/env node
// The one test command (README, .ci/run): typecheck + unit + browser end-to-end.
// Installs Debian chromium, orthanc and orthanc-dicomweb with apt-get when missing (and says so), builds the wasm kernels,
// generates the training studies when absent, then prints "N passed, N failed" summed over suites.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'test-output');
mkdirSync(outDir, { recursive: true });

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  return r.status ?? 1;
}

function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  console.log('[test] /usr/bin/chromium missing: installing Debian chromium with apt-get…');
  const sudo = process.getuid && process.getuid() === 0 ? [] : ['sudo'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const pre = sudo.length ? 'sudo' : 'apt-get';
  const a = sudo.length ? ['apt-get', 'update'] : ['update'];
  if (run(pre, a, { env }) !== 0) console.log('[test] apt-get update failed');
  const b = sudo.length ? ['apt-get', 'install', '-y', 'chromium', 'fonts-dejavu-core'] : ['install', '-y', 'chromium', 'fonts-dejavu-core'];
  if (run(pre, b, { env }) !== 0 || !existsSync('/usr/bin/chromium')) {
    console.log('[test] could not install chromium: end-to-end tests will fail');
  }
}

/** Debian orthanc + orthanc-dicomweb for the PACS tests (tests/helpers/orthanc.ts runs the binary itself; the system service is not started). */
function ensureOrthanc() {
  if (existsSync('/usr/sbin/Orthanc') && existsSync('/usr/share/orthanc/plugins/libOrthancDicomWeb.so')) return;
  console.log('[test] Orthanc or its DICOMweb plugin missing: installing Debian orthanc orthanc-dicomweb with apt-get…');
  const sudo = process.getuid && process.getuid() === 0 ? [] : ['sudo'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) => (sudo.length ? run('sudo', ['apt-get', ...args], { env }) : run('apt-get', args, { env }));
  if (apt('update') !== 0) console.log('[test] apt-get update failed');
  if (apt('install', '-y', '--no-install-recommends', 'orthanc', 'orthanc-dicomweb') !== 0) {
    console.log('[test] could not install orthanc: the PACS tests will fail');
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;

function vitestSuite(label, args) {
  const json = join(outDir, `${label}.json`);
  const status = run('npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`]);
  if (existsSync(json)) {
    const r = JSON.parse(readFileSync(json, 'utf8'));
    passed += r.numPassedTests ?? 0;
    failed += r.numFailedTests ?? 0;
    skipped += r.numPendingTests ?? 0;
    // A file that failed outside any test (import error, failing beforeAll) counts as one failure.
    for (const f of r.testResults ?? []) {
      const failedInside = (f.assertionResults ?? []).some((a) => a.status === 'failed');
      if (f.status === 'failed' && !failedInside) {
        failed += 1;
        console.log(`[test] ${label}: ${f.name} failed outside its tests: ${String(f.message ?? '').split('\n')[0]}`);
      }
    }
    if (status !== 0 && !r.numFailedTests && !(r.testResults ?? []).some((f) => f.status === 'failed')) failed += 1;
  } else if (status !== 0) {
    failed += 1;
  }
}

ensureChromium();
ensureOrthanc();
if (run('node', ['scripts/build-wasm.mjs']) !== 0) failed += 1;
if (run('node', ['scripts/ensure-sample-data.mjs']) !== 0) failed += 1;

console.log('[test] typecheck (tsc --noEmit)');
if (run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) === 0) passed += 1; else failed += 1;

vitestSuite('unit', []);
vitestSuite('e2e', ['-c', 'tests/e2e/vitest.e2e.config.ts']);

if (skipped) console.log(`[test] ${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
