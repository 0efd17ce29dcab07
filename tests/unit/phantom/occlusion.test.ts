// CORO-03b (PHANTOM §6 variant switch): Cas 3 with L3 turned into a 15 mm total occlusion of the RCA, the
// distal RCA refilled by collaterals at ≈ 60 % of the proximal HU. Truth first (tiny ROI), then the voxels of a
// crop around the occlusion at full noise and PSF. LPS mm; s = arc length from the RCA ostium.
import { describe, expect, it } from 'vitest';
import { buildCaseModel, caseByKey, CASES, insideLumen, renderCase } from '../../../sample-data/phantom/index';
import type { Truth, TruthLesion, TruthVessel } from '../../../sample-data/truth';
import { frameAt, sampleLps } from './sampler';

const TINY = { roiLps: { min: [0, 0, 0] as [number, number, number], max: [1, 1, 1] as [number, number, number] }, noiseFree: true };
const truthOf = (key: 'cas3' | 'cas3b'): Truth => renderCase(caseByKey(key), TINY).truth;
const rcaOf = (t: Truth): TruthVessel => t.vessels.find((v) => v.name === 'RCA')!;
const l3Of = (t: Truth): TruthLesion => t.lesions.find((l) => l.id === 'L3')!;
const mean = (a: readonly number[]): number => a.reduce((x, y) => x + y, 0) / a.length;

describe('CORO-03b truth', () => {
  const t = truthOf('cas3b');
  const t3 = truthOf('cas3');
  const l3 = l3Of(t);
  const rca = rcaOf(t);

  it('is a variant on demand: not one of the three training cases', () => {
    expect(CASES.map((c) => c.key)).toEqual(['cas1', 'cas2', 'cas3']);
    expect(caseByKey('cas3b').variantOf).toBe('cas3');
    expect(t.caseId).toBe('CORO-03b');
  });

  it('L3 is a 15 mm total occlusion of the RCA (segments 2 → 3) at the place of Cas 3 L3', () => {
    expect(l3.vessel).toBe('RCA');
    expect(l3.totalOcclusion).toBe(true);
    expect(l3.diameterStenosisPct).toBe(100);
    expect(l3.areaStenosisPct).toBe(100);
    expect(l3.mlaMm2).toBe(0);
    expect(l3.mldMm).toBe(0);
    expect(l3.lengthMm).toBeCloseTo(15, 2);
    expect(l3.startSMm).toBe(l3Of(t3).startSMm);
    expect(l3.endSMm).toBe(l3Of(t3).endSMm);
    expect(l3.volumesMm3.calcified).toBe(0);
    expect(l3.volumesMm3.nonCalcified).toBeGreaterThan(50);
    const segs = new Set(rca.points.filter((p) => p.sMm >= l3.startSMm && p.sMm <= l3.endSMm).map((p) => p.segment));
    expect([...segs].sort()).toEqual([2, 3]);
    // lumen radius 0 over the whole span, the healthy reference radius right outside it
    for (const p of rca.points) {
      if (p.sMm >= l3.startSMm && p.sMm <= l3.endSMm) expect(p.lumenRadiusMm, `s ${p.sMm}`).toBe(0);
      else if (p.sMm > l3.endSMm || p.sMm < l3.startSMm) expect(p.lumenRadiusMm, `s ${p.sMm}`).toBe(p.referenceRadiusMm);
    }
  });

  it('everything else is Cas 3: same tree, same other lesions; Cas 3 itself has no occlusion', () => {
    expect(t.vessels.map((v) => v.points.map((p) => p.lps))).toEqual(t3.vessels.map((v) => v.points.map((p) => p.lps)));
    expect(t.lesions.filter((l) => l.id !== 'L3')).toEqual(t3.lesions.filter((l) => l.id !== 'L3'));
    expect(t3.lesions.some((l) => l.totalOcclusion || l.collateralRefill)).toBe(false);
    expect(t.geometry).toEqual(t3.geometry);
  });

  it('distal RCA refilled at 60 % of the proximal lumen HU', () => {
    const r = l3.collateralRefill!;
    expect(r.huFraction).toBe(0.6);
    expect(r.proximalLumenHu).toBeGreaterThan(350);
    expect(r.distalLumenHu / r.proximalLumenHu).toBeGreaterThan(0.57);
    expect(r.distalLumenHu / r.proximalLumenHu).toBeLessThan(0.61);
  });

  it('CAD-RADS by the rules: 5/P3 (SIS 6); Cas 3 stays 4B/P3', () => {
    const spec = caseByKey('cas3b');
    expect(t.cadRads.label).toBe('CAD-RADS 5/P3');
    expect(t.cadRads.label).toBe(spec.expected.cadRadsLabel);
    expect(t.cadRads.category).toBe('5');
    expect(t.cadRads.segmentInvolvementScore).toBe(6);
    expect(t3.cadRads.label).toBe('CAD-RADS 4B/P3');
  });

  it('analytic lumen membership: no lumen in any cross-section of the occlusion, lumen on both sides', () => {
    const model = buildCaseModel(caseByKey('cas3b'));
    const lumenArea = (s: number): number => {
      const i = Math.round(s / 0.25);
      const c = rca.points[i]!.lps;
      const { n1, n2 } = frameAt(rca.points, i);
      const R = rca.points[i]!.referenceRadiusMm * 1.4;
      const step = 0.1;
      let area = 0;
      for (let a = -R; a <= R; a += step) for (let b = -R; b <= R; b += step) {
        if (insideLumen(model, [0, 1, 2].map((k) => c[k]! + a * n1[k]! + b * n2[k]!) as [number, number, number])) area += step * step;
      }
      return area;
    };
    for (let s = l3.startSMm + 0.25; s <= l3.endSMm - 0.25; s += 1) expect(lumenArea(s), `s ${s}`).toBe(0);
    for (const s of [l3.startSMm - 1, l3.endSMm + 1]) {
      const r = rca.points[Math.round(s / 0.25)]!.referenceRadiusMm;
      expect(Math.abs(lumenArea(s) / (Math.PI * r * r) - 1), `s ${s}`).toBeLessThan(0.1);
    }
  });
});

describe('CORO-03b voxels (crop around the occlusion, full noise and PSF)', () => {
  const t = truthOf('cas3b');
  const l3 = l3Of(t);
  const rca = rcaOf(t);
  const pts = rca.points.filter((p) => p.sMm >= l3.startSMm - 16 && p.sMm <= l3.endSMm + 16);
  const roiLps = {
    min: [0, 1, 2].map((k) => Math.min(...pts.map((p) => p.lps[k]!)) - 6) as [number, number, number],
    max: [0, 1, 2].map((k) => Math.max(...pts.map((p) => p.lps[k]!)) + 6) as [number, number, number],
  };
  const { volume } = renderCase(caseByKey('cas3b'), { roiLps });
  const huAt = (s0: number, s1: number): number[] => pts.filter((p) => p.sMm >= s0 && p.sMm <= s1).map((p) => sampleLps(volume, p.lps));

  it('the occluded 15 mm is lumen-less: centreline HU ≈ soft plaque (PHANTOM §3: 58 ± 43 HU)', () => {
    const gap = huAt(l3.startSMm + 1.5, l3.endSMm - 1.5);
    expect(gap.length).toBeGreaterThan(40);
    expect(gap.every(Number.isFinite)).toBe(true);
    const m = mean(gap);
    if (process.env.PHANTOM_VERBOSE) console.log('gap mean HU', m.toFixed(1), 'max', Math.max(...gap).toFixed(0));
    expect(m).toBeGreaterThan(15);
    expect(m).toBeLessThan(105);
    // no 1 mm stretch of the gap comes near contrast (lumen ≥ 250 HU, its half level ≈ 150 HU)
    for (let q = 0; q + 4 <= gap.length; q++) expect(mean(gap.slice(q, q + 4))).toBeLessThan(150);
  });

  it('the distal RCA lumen is at ≈ 60 % of the proximal lumen HU', () => {
    const prox = mean(huAt(l3.startSMm - 12, l3.startSMm - 3));
    const dist = mean(huAt(l3.endSMm + 3, l3.endSMm + 12));
    if (process.env.PHANTOM_VERBOSE) console.log('proximal', prox.toFixed(0), 'distal', dist.toFixed(0), 'ratio', (dist / prox).toFixed(3));
    expect(prox).toBeGreaterThan(350);
    expect(dist / prox).toBeGreaterThan(0.54);
    expect(dist / prox).toBeLessThan(0.66);
    expect(Math.abs(dist - l3.collateralRefill!.distalLumenHu)).toBeLessThan(40);
  });
});
