// Accuracy against the phantom's truth (issue 5 §5) on crops around one vessel segment, across a sweep
// of imaging conditions the measurement never reads: noise SD 10–40 HU, PSF FWHM 0.5–1.0 mm, pixel
// 0.3–0.5 mm, slice 0.5–0.8 mm, an oblique orientation, lower contrast. Seeds = truth centreline ends.
// Coordinates: DICOM LPS mm; truth arc lengths from each vessel's ostium.
import { describe, expect, it } from 'vitest';
import type { CaseKey, ImagingOptions } from '../../../sample-data/phantom/index.ts';
import type { TruthLesion } from '../../../sample-data/truth.ts';
import { analyseVessel } from '../../../src/vessel/analyse.ts';
import { caseTruth, grade, median, renderSegment, scoreSegment, segmentOf, vesselOf, type LesionMatch, type SegmentScore } from './phantom-eval.ts';

const c = Math.cos(Math.PI / 9), s = Math.sin(Math.PI / 9);
/** rotated 20° about z then tilted: an oblique acquisition */
const OBLIQUE: ImagingOptions['directions'] = [[c, s, 0], [-s * 0.94, c * 0.94, 0.342], [s * 0.342, -c * 0.342, 0.94]];

interface Run { key: CaseKey; vessel: string; s0: number; s1: number; imaging: ImagingOptions; label: string }

const lesionRuns = (key: CaseKey, id: string, imaging: ImagingOptions, label: string): Run => {
  const l = caseTruth(key).lesions.find((x) => x.id === id)!;
  return { key, vessel: l.vessel, s0: l.sMm - 15, s1: l.sMm + 15, imaging, label };
};

const RUNS: Run[] = [
  // every truth lesion at the study's own imaging
  ...(['cas1', 'cas2', 'cas3'] as const).flatMap((key) => caseTruth(key).lesions.map((l) => lesionRuns(key, l.id, {}, 'default'))),
  // the sweep
  lesionRuns('cas2', 'L1', { noiseSdHu: 10, psfFwhmMm: [0.5, 0.5], pixelMm: 0.3, sliceMm: 0.5, seed: 11 }, 'sharp 0.3 mm, noise 10'),
  lesionRuns('cas2', 'L1', { noiseSdHu: 40, psfFwhmMm: [1.0, 1.0], pixelMm: 0.5, sliceMm: 0.8, seed: 12 }, 'soft 0.5 mm, noise 40'),
  lesionRuns('cas3', 'L1', { noiseSdHu: 40, psfFwhmMm: [0.9, 1.0], pixelMm: 0.45, sliceMm: 0.75, seed: 13 }, 'soft, noise 40'),
  lesionRuns('cas3', 'L1', { directions: OBLIQUE, noiseSdHu: 20, seed: 14 }, 'oblique'),
  lesionRuns('cas1', 'L1', { noiseSdHu: 15, psfFwhmMm: [0.6, 0.6], pixelMm: 0.35, sliceMm: 0.6, contrastScale: 0.85, seed: 15 }, 'contrast ×0.85'),
  // the pin-hole beside a motion-blurred crescent (CORO-03 L3) under more noise, a softer PSF (the crescent then
  // peaks well below the lumen level) and coarser voxels
  lesionRuns('cas3', 'L3', { noiseSdHu: 35, seed: 5 }, 'noise 35'),
  lesionRuns('cas3', 'L3', { psfFwhmMm: [0.8, 0.9], seed: 6 }, 'PSF 0.8/0.9 mm'),
  lesionRuns('cas3', 'L3', { pixelMm: 0.45, sliceMm: 0.7, seed: 7 }, 'pixel 0.45 mm, slice 0.7 mm'),
  { key: 'cas1', vessel: 'LCx', s0: 5, s1: 45, imaging: { noiseSdHu: 35, psfFwhmMm: [0.8, 0.9], seed: 16 }, label: 'healthy LCx, noise 35' },
  { key: 'cas2', vessel: 'RCA', s0: 20, s1: 60, imaging: { noiseSdHu: 20, pixelMm: 0.45, sliceMm: 0.7, seed: 17 }, label: 'healthy RCA' },
  { key: 'cas1', vessel: 'D1', s0: 3, s1: 40, imaging: { directions: OBLIQUE, seed: 18 }, label: 'healthy D1, oblique' },
];

/** Known failures (see the closing note of issue 5): kept visible as failing expectations. None since the pin-hole (24 Nov). */
const KNOWN_HARD = new Set<string>([]);

interface Result { run: Run; score: SegmentScore; lesions: readonly TruthLesion[] }
const results: Result[] = [];

describe('vessel accuracy on phantom crops (issue 5 §5)', () => {
  it('measures every run', () => {
    for (const run of RUNS) {
      const t = caseTruth(run.key);
      const seg = segmentOf(vesselOf(t, run.vessel), run.s0, run.s1);
      const { volume } = renderSegment(run.key, seg, run.imaging);
      const a = analyseVessel(volume, { fromLps: seg.fromLps, toLps: seg.toLps });
      results.push({ run, score: scoreSegment(a, seg, t.lesions), lesions: t.lesions });
    }
    const lines = results.map(({ run, score }) => `${run.key} ${run.vessel} [${run.s0.toFixed(0)}–${run.s1.toFixed(0)}] ${run.label}: centreline ${score.meanDistMm.toFixed(2)}/${score.maxDistMm.toFixed(2)} mm; `
      + score.matches.map((m) => `${m.truth.id} truth ${m.truth.diameterStenosisPct.toFixed(0)} % → ${m.dsMeasured.toFixed(1)} % (MLA ${(100 * m.mlaRelError).toFixed(0)} %)`).join(', ')
      + (score.falseLesions.length ? ` FALSE ${JSON.stringify(score.falseLesions)}` : ''));
    console.log(lines.join('\n'));
    expect(results.length).toBe(RUNS.length);
  });

  it('centreline: mean distance to truth ≤ 0.5 mm, max ≤ 1.5 mm on every run', () => {
    for (const { run, score } of results) {
      expect(score.meanDistMm, `${run.key} ${run.vessel} ${run.label}`).toBeLessThanOrEqual(0.5);
      expect(score.maxDistMm, `${run.key} ${run.vessel} ${run.label}`).toBeLessThanOrEqual(1.5);
    }
  });

  const scored = (): { run: Run; m: LesionMatch }[] => results.flatMap(({ run, score }) => score.matches.filter((m) => m.truth.diameterStenosisPct >= 25 && !KNOWN_HARD.has(`${run.key}/${m.truth.id}`)).map((m) => ({ run, m })));

  it('every truth lesion ≥ 25 % is found within ±3 mm', () => {
    const all = results.flatMap(({ run, score }) => score.matches.filter((m) => m.truth.diameterStenosisPct >= 25).map((m) => ({ run, m })));
    expect(all.length).toBeGreaterThanOrEqual(10);
    for (const { run, m } of all) {
      expect(m.foundSMm, `${run.key} ${m.truth.id} ${run.label}`).not.toBeNull();
      expect(Math.abs(m.foundSMm! - m.truth.sMm), `${run.key} ${m.truth.id} ${run.label}`).toBeLessThanOrEqual(3);
    }
  });

  it('%DS error: every lesion run within 60 points, and printed', () => {
    const ms = scored();
    console.log('%DS error per lesion run:', ms.map(({ run, m }) => `${run.key}/${m.truth.id} ${run.label}: ${m.dsError.toFixed(1)} (MLA ${(100 * m.mlaRelError).toFixed(0)} %, grade ${m.gradeOk ? 'ok' : 'wrong'})`).join('; '));
    console.log(`median |%DS error| ${median(ms.map(({ m }) => Math.abs(m.dsError))).toFixed(1)}, grade right ${ms.filter(({ m }) => m.gradeOk).length}/${ms.length}`);
    for (const { run, m } of ms) expect(Math.abs(m.dsError), `${run.key}/${m.truth.id} ${run.label}`).toBeLessThanOrEqual(60);
  });

  // Formerly known failures (closing note of issue 5): the 75 % lesion under a 1 mm PSF / noise 40 read 57 % and
  // split in two, the CORO-03 LM bifurcation read +12–14 points, MLA median error 23.5 %. Fixed by the robust
  // reference (flares and chamber-sized sections left out), refined edges (steepest fall, dips before bloomed
  // calcium, shoulders, two-step falls across a plaque layer), the measured-blur correction and the faded-lumen
  // partial-volume integral.
  it('|%DS error| median ≤ 5 over the sweep', () => {
    expect(median(scored().map(({ m }) => Math.abs(m.dsError)))).toBeLessThanOrEqual(5);
  });

  it('grade right ≥ 90 %, MLA median relative error ≤ 15 % over the sweep', () => {
    const ms = scored();
    expect(ms.filter(({ m }) => m.gradeOk).length / ms.length).toBeGreaterThanOrEqual(0.9);
    expect(median(ms.map(({ m }) => Math.abs(m.mlaRelError)))).toBeLessThanOrEqual(0.15);
  });

  // the motion-blurred 80 % mid-RCA lesion of CORO-03 under noise 35 HU, once read 100 %, is within it too
  it('|%DS error| max ≤ 10 over the sweep', () => {
    expect(Math.max(...scored().map(({ m }) => Math.abs(m.dsError)))).toBeLessThanOrEqual(10);
  });

  it('no false lesion ≥ 25 % in the healthy stretches', () => {
    for (const { run, score } of results.filter((r) => r.run.label.startsWith('healthy'))) expect(score.falseLesions, `${run.key} ${run.vessel} ${run.label}`).toEqual([]);
  });

  it('no false lesion ≥ 25 % around any lesion run (the 1 mm PSF / noise 40 run once split the 75 % LAD lesion)', () => {
    for (const { run, score } of results) expect(score.falseLesions, `${run.key} ${run.vessel} ${run.label}`).toEqual([]);
  });

  // Formerly a known failure (53.9 %): the pin-hole lumen beside a crescent blurred to the lumen level (pinhole.ts).
  it('motion-blurred mixed 80 % mid-RCA lesion of CORO-03 graded within 10 points', () => {
    const r = results.find((x) => x.run.key === 'cas3' && x.run.label === 'default' && x.score.matches.some((m) => m.truth.id === 'L3'))!;
    const m = r.score.matches.find((x) => x.truth.id === 'L3')!;
    expect(Math.abs(m.dsError)).toBeLessThanOrEqual(10);
    expect(grade(m.dsMeasured)).toBe(grade(m.truth.diameterStenosisPct));
  });
});
