// `coro measure` on the bad inputs of issue 5 §6, each built from one healthy phantom crop written as a
// DICOM series and then damaged: a non-CT series, a single image, a missing slice, a duplicate slice,
// two series in one folder, swapped seeds. A clear one-line message and exit 2 when nothing can be
// measured; a warning on stderr and exit 0 when the result is still usable; never a stack trace.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import type { MeasureJson } from '../../../src/cli/measure.ts';
import { writeVolumeAsDicomSeries } from '../../../sample-data/dicom/write-series.ts';
import { caseTruth, renderSegment, segmentOf, vesselOf } from '../vessel/phantom-eval.ts';

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [], err: string[] = [];
  const code = await main(argv, { lang: 'en', stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, out, err };
}
const pt = (p: readonly number[]): string => p.map((v) => v.toFixed(2)).join(',');
const files = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort();
const noTrace = (r: { err: string[] }): void => expect(r.err.join('\n')).not.toMatch(/\n\s+at |Error:/);

/** (0008,0060) Modality CS "CT" → "MR" in an explicit VR little-endian file */
function patchModality(file: string): void {
  const b = readFileSync(file);
  const tag = Buffer.from([0x08, 0x00, 0x60, 0x00, 0x43, 0x53, 0x02, 0x00, 0x43, 0x54]);
  const at = b.indexOf(tag);
  if (at < 0) throw new Error(`no Modality CT element in ${file}`);
  b[at + 8] = 0x4d; b[at + 9] = 0x52;
  writeFileSync(file, b);
}

describe('coro measure: bad input (issue 5 §6)', () => {
  const root = mkdtempSync(join(tmpdir(), 'coro-bad-'));
  const t = caseTruth('cas1');
  const seg = segmentOf(vesselOf(t, 'LAD'), 20, 40);
  const good = join(root, 'good');
  const seeds = ['--from', pt(seg.fromLps), '--to', pt(seg.toLps), '--json'];
  beforeAll(async () => {
    const { volume } = renderSegment('cas1', seg, { noiseSdHu: 15, seed: 31 });
    await writeVolumeAsDicomSeries(volume, good, { uidSeed: 'bad-input-a', fileNames: 'flat' });
    mkdirSync(join(root, 'mixed'));
    await writeVolumeAsDicomSeries(volume, join(root, 'mixed', 'a'), { uidSeed: 'bad-input-a', fileNames: 'flat' });
    await writeVolumeAsDicomSeries(volume, join(root, 'mixed', 'b'), { uidSeed: 'bad-input-b', fileNames: 'flat', header: { seriesDescription: 'second series' } });
  }, 300_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const variant = (name: string, damage: (dir: string, names: string[]) => void): string => {
    const dir = join(root, name);
    mkdirSync(dir);
    for (const f of files(good)) copyFileSync(join(good, f), join(dir, f));
    damage(dir, files(dir));
    return dir;
  };

  it('the undamaged series measures (exit 0): the reference for the cases below', async () => {
    const r = await run(['measure', good, ...seeds]);
    expect(r.code, r.err.join('\n')).toBe(0);
    expect((JSON.parse(r.out[0]!) as MeasureJson).centreline.lengthMm).toBeGreaterThan(15);
  }, 120_000);

  it('a non-CT series: exit 2, one line saying it is not CT', async () => {
    const dir = variant('mr', (d, names) => names.forEach((f) => patchModality(join(d, f))));
    const r = await run(['measure', dir, ...seeds]);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/is MR, not CT/);
    noTrace(r);
  }, 120_000);

  it('a single image: exit 2, one line saying what was found', async () => {
    const dir = variant('single', (d, names) => names.slice(1).forEach((f) => unlinkSync(join(d, f))));
    const r = await run(['measure', dir, ...seeds]);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/no series forms a volume.*found: CT .*1 image\b/);
    noTrace(r);
  }, 120_000);

  it('a missing slice: a warning naming the gap, and the vessel is still measured', async () => {
    const dir = variant('gap', (d, names) => unlinkSync(join(d, names[Math.floor(names.length / 2)]!)));
    const r = await run(['measure', dir, ...seeds]);
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(r.err.join('\n')).toMatch(/warning: missing slice/);
    expect((JSON.parse(r.out[0]!) as MeasureJson).centreline.lengthMm).toBeGreaterThan(15);
  }, 120_000);

  it('a duplicate slice (same position, another file): a warning, and the vessel is still measured', async () => {
    const dir = variant('dup', (d, names) => copyFileSync(join(d, names[3]!), join(d, 'copy-of-slice.dcm')));
    const r = await run(['measure', dir, ...seeds]);
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(r.err.join('\n')).toMatch(/warning: .*(duplicate|already used position)/);
  }, 120_000);

  it('two series in one folder: exit 2 listing both; --series picks one', async () => {
    const dir = join(root, 'mixed');
    const r = await run(['measure', dir, ...seeds]);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/several candidate series, choose one with --series UID/);
    const uid = /--series UID: ([0-9.]+)/.exec(r.err[0]!)?.[1];
    expect(uid).toBeDefined();
    const picked = await run(['measure', dir, '--series', uid!, ...seeds]);
    expect(picked.code, picked.err.join('\n')).toBe(0);
    expect((JSON.parse(picked.out[0]!) as MeasureJson).series.seriesInstanceUid).toBe(uid);
  }, 120_000);

  it('swapped seeds (from = distal): a warning, still measured', async () => {
    const r = await run(['measure', good, '--from', pt(seg.toLps), '--to', pt(seg.fromLps), '--json']);
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(r.err.join('\n')).toMatch(/warning: .*swapped/);
  }, 120_000);
});
