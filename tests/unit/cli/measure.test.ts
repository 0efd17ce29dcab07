// `coro measure` end to end: a phantom crop written as a DICOM series (unsigned storage with an
// intercept, shuffled SOP-UID file names), read back by the ingest, measured; and bad input → exit 2.
// Points are LPS mm; sMm is arc length from --from.
import { mkdtempSync, rmSync } from 'node:fs';
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

describe('coro measure', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coro-measure-'));
  const t = caseTruth('cas2');
  const lesion = t.lesions.find((l) => l.id === 'L1')!;
  const seg = segmentOf(vesselOf(t, 'LAD'), lesion.sMm - 15, lesion.sMm + 15);
  beforeAll(async () => {
    const { volume } = renderSegment('cas2', seg, { noiseSdHu: 20, seed: 21 });
    await writeVolumeAsDicomSeries(volume, dir, { storage: { signed: false, rescaleInterceptHu: -1024 }, fileNames: 'sop-uid', shuffleSeed: 9 });
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints exactly one JSON object with the contract fields, and finds the 75 % lesion', async () => {
    const r = await run(['measure', dir, `--from=${pt(seg.fromLps)}`, '--to', pt(seg.toLps), '--json']);
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(r.out.length).toBe(1);
    const j = JSON.parse(r.out[0]!) as MeasureJson;
    expect(j.series.seriesInstanceUid).toMatch(/^[0-9.]+$/);
    expect(j.series.dimensions.length).toBe(3);
    expect(j.series.spacingMm.every((v) => v > 0)).toBe(true);
    const p = j.centreline.pointsMm;
    expect(Math.hypot(...p[0]!.map((v, a) => v - seg.fromLps[a]!))).toBeLessThan(1.5);
    expect(Math.hypot(...p[p.length - 1]!.map((v, a) => v - seg.toLps[a]!))).toBeLessThan(1.5);
    for (let q = 1; q < p.length; q++) expect(Math.hypot(...p[q]!.map((v, a) => v - p[q - 1]![a]!))).toBeLessThanOrEqual(0.5 + 1e-6);
    for (let q = 1; q < j.profile.length; q++) expect(j.profile[q]!.sMm - j.profile[q - 1]!.sMm).toBeLessThanOrEqual(0.5 + 1e-6);
    expect(j.centreline.lengthMm).toBeGreaterThan(27);
    const top = j.lesions[0]!;
    expect(Math.abs(top.sMm - (lesion.sMm - seg.s0))).toBeLessThanOrEqual(3);
    expect(Math.abs(top.diameterStenosisPct - lesion.diameterStenosisPct)).toBeLessThanOrEqual(10);
    expect(j.maxDiameterStenosisPct).toBe(top.diameterStenosisPct);
    expect(top.startSMm).toBeLessThanOrEqual(top.sMm);
    expect(top.endSMm).toBeGreaterThanOrEqual(top.sMm);
    expect(Object.keys(top.plaque).sort()).toEqual(['calcifiedMm3', 'lowAttenuationMm3', 'nonCalcifiedMm3']);
    expect(j.lesions.every((l) => l.diameterStenosisPct >= 20)).toBe(true);
  }, 300_000);

  it('exits 2 with one line on bad input (point outside, not in a vessel, bad args, missing path)', async () => {
    const outside = await run(['measure', dir, '--from', '-900,-900,-900', '--to', pt(seg.toLps), '--json']);
    expect(outside.code).toBe(2);
    expect(outside.out).toEqual([]);
    expect(outside.err.filter((l) => l.startsWith('coro:') && !l.startsWith('coro measure:')).length).toBe(1);
    expect(outside.err.join('\n')).toMatch(/outside the volume/);
    const fat = [seg.roiLps.min[0] + 1, seg.roiLps.min[1] + 1, seg.roiLps.min[2] + 1];
    const notVessel = await run(['measure', dir, '--from', pt(fat), '--to', pt(seg.toLps)]);
    expect(notVessel.code).toBe(2);
    expect(notVessel.err.join('\n')).toMatch(/not in a contrast-filled vessel/);
    expect((await run(['measure', dir, '--from', '1,2'])).code).toBe(2);
    expect((await run(['measure', dir, '--from', pt(seg.fromLps)])).code).toBe(2);
    expect((await run(['measure', join(dir, 'nope'), '--from', pt(seg.fromLps), '--to', pt(seg.toLps)])).code).toBe(2);
    for (const r of [outside, notVessel]) expect(r.err.join('\n')).not.toMatch(/\n\s+at /);
  }, 300_000);
});
