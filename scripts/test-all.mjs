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

/**
 * Installs Debian packages with apt-get when one of the files they provide is missing, and says so.
 * The tests use chromium (e2e), pdftotext from poppler-utils (PDF contents), and orthanc + its DICOMweb
 * plugin (the PACS tests run the binary themselves; the system service is not started).
 */
function ensureDebian(packages, files, consequence, { recommends = true } = {}) {
  if (files.every((f) => existsSync(f))) return;
  console.log(`[test] ${files.filter((f) => !existsSync(f)).join(', ')} missing: installing Debian ${packages.join(' ')} with apt-get…`);
  const sudo = process.getuid && process.getuid() === 0 ? [] : ['sudo'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) => (sudo.length ? run('sudo', ['apt-get', ...args], { env }) : run('apt-get', args, { env }));
  if (!aptUpdated) {
    if (apt('update') !== 0) console.log('[test] apt-get update failed');
    aptUpdated = true;
  }
  if (apt('install', '-y', ...(recommends ? [] : ['--no-install-recommends']), ...packages) !== 0 || !files.every((f) => existsSync(f))) {
    console.log(`[test] could not install ${packages.join(' ')}: ${consequence}`);
  }
}
let aptUpdated = false;

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

ensureDebian(['chromium', 'fonts-dejavu-core'], ['/usr/bin/chromium'], 'end-to-end tests will fail');
ensureDebian(['poppler-utils'], ['/usr/bin/pdftotext'], 'the PDF tests will fail');
ensureDebian(['orthanc', 'orthanc-dicomweb'], ['/usr/sbin/Orthanc', '/usr/share/orthanc/plugins/libOrthancDicomWeb.so'], 'the PACS tests will fail', { recommends: false });
ensureDebian(['postgresql', 'orthanc-postgresql'], ['/usr/bin/pg_ctlcluster', '/usr/share/orthanc/plugins/libOrthancPostgreSQLIndex.so'], 'the Orthanc + PostgreSQL test will fail', { recommends: false });
if (run('node', ['scripts/build-wasm.mjs']) !== 0) failed += 1;
if (run('node', ['scripts/ensure-sample-data.mjs']) !== 0) failed += 1;

console.log('[test] typecheck (tsc --noEmit)');
if (run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) === 0) passed += 1; else failed += 1;

vitestSuite('unit', []);
vitestSuite('e2e', ['-c', 'tests/e2e/vitest.e2e.config.ts']);

if (skipped) console.log(`[test] ${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
