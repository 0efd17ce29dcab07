/**
 * `coro info`: JSON contract on the corpus CTA, a broken file alone (exit 2, one stderr line),
 * a .zip built here; the real bin through a child process.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { main } from '../../../src/cli/main.ts';
import { CORPUS, corpusAvailable } from '../dicom/corpus-helpers.ts';

const REPO = join(__dirname, '../../..');
const CTA = join(CORPUS, 'cta/totalseg-aorta-cta');

async function runCli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), lang: 'en' });
  return { code, stdout: out.join('\n'), stderr: err };
}

describe.skipIf(!corpusAvailable)('coro info', () => {
  it('--json on the CTA folder follows the contract', async () => {
    const r = await runCli(['info', CTA, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toEqual([]);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j).sort()).toEqual(['skipped', 'studies']);
    expect(j.studies).toHaveLength(1);
    expect(Object.keys(j.studies[0]).sort()).toEqual(['description', 'series', 'studyInstanceUid']);
    const s = j.studies[0].series[0];
    expect(Object.keys(s).sort()).toEqual(['columns', 'description', 'modality', 'problems', 'rows', 'seriesInstanceUid', 'slices', 'spacingMm', 'transferSyntaxes'].sort());
    expect(s).toMatchObject({ modality: 'CT', rows: 126, columns: 120, slices: 164, spacingMm: [1.5, 1.5, 1.5], transferSyntaxes: ['1.2.840.10008.1.2.1'], problems: [] });
    expect(j.skipped).toEqual([]);
  });

  it('a broken file alone: exit 2 and one line on stderr', async () => {
    const r = await runCli(['info', join(CORPUS, 'broken/CTImage_truncated_in_header.dcm'), '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(/nothing readable.*truncated/);
  });

  it('a .zip with 12 CTA slices, a broken file and a folder entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coro-info-'));
    try {
      const names = readdirSync(CTA).sort().slice(0, 12);
      const entries: Record<string, Uint8Array> = { 'case/': new Uint8Array(0) };
      for (const n of names) entries[`case/${n}`] = new Uint8Array(readFileSync(join(CTA, n)));
      entries['case/broken.dcm'] = new Uint8Array(readFileSync(join(CORPUS, 'broken/MR_truncated.dcm')));
      const zipPath = join(dir, 'cas.zip');
      writeFileSync(zipPath, zipSync(entries));
      const r = await runCli(['info', zipPath, '--json']);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.studies[0].series[0].slices).toBe(12);
      expect(j.skipped).toHaveLength(1);
      expect(j.skipped[0].file).toBe('cas.zip/case/broken.dcm');
      expect(j.skipped[0].reason).toMatch(/^truncated: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('French messages with --lang fr', async () => {
    const r = await runCli(['info', join(CORPUS, 'broken'), '--json', '--lang', 'fr']);
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toMatch(/rien de lisible/);
  });

  it('the bin: stdout is exactly one JSON object; bad input exits 2 with one stderr line', () => {
    const ok = spawnSync(process.execPath, [join(REPO, 'bin/coro.mjs'), 'info', CTA, '--json'], { encoding: 'utf8', env: { ...process.env, CORO_PROGRESS: '1' } });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).studies[0].series[0].slices).toBe(164);
    const bad = spawnSync(process.execPath, [join(REPO, 'bin/coro.mjs'), 'info', join(CORPUS, 'broken/empty.dcm')], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const usage = spawnSync(process.execPath, [join(REPO, 'bin/coro.mjs'), 'info', '--from', '-1,2,3'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr.trim().split('\n')).toHaveLength(1);
  });
});
