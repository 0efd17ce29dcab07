// Mean HU along each truth centreline, sampled trilinearly in the rendered volume with noise and PSF
// (full resolution, cropped to the box of the coronary tree), lies in the lumen range, lesions excluded.
import { describe, expect, it } from 'vitest';
import { CASES, renderCase } from '../../../sample-data/phantom/index';
import { coronaryBox, sampleLps } from './sampler';

const LUMEN_MIN_HU = 250;
const LUMEN_MAX_HU = 600;

describe.each([0, 1, 2])('phantom lumen HU along the centrelines, case %i', (ci) => {
  it('every vessel has a mean centreline HU in the lumen range outside lesions', () => {
    const spec = CASES[ci]!;
    const { truth: t0 } = renderCase(spec, { roiLps: { min: [0, 0, 0], max: [1, 1, 1] }, noiseFree: true });
    const { volume, truth } = renderCase(spec, { roiLps: coronaryBox(t0, 4) });
    const excluded = (vessel: string, s: number) =>
      truth.lesions.some((l) =>
        (l.vessel === vessel && s >= l.startSMm - 1 && s <= l.endSMm + 1) ||
        (l.bifurcation?.ostialStenoses ?? []).some((o) => o.vessel === vessel && s <= 7));
    for (const v of truth.vessels) {
      let sum = 0;
      let n = 0;
      for (const p of v.points) {
        if (excluded(v.name, p.sMm)) continue;
        const hu = sampleLps(volume, p.lps);
        expect(Number.isFinite(hu)).toBe(true);
        sum += hu;
        n++;
      }
      expect(n).toBeGreaterThan(20);
      if (process.env.PHANTOM_VERBOSE) console.log(spec.caseId, v.name, (sum / n).toFixed(0));
      const mean = sum / n;
      expect(mean, `${spec.caseId} ${v.name}`).toBeGreaterThan(LUMEN_MIN_HU);
      expect(mean, `${spec.caseId} ${v.name}`).toBeLessThan(LUMEN_MAX_HU);
    }
  });
});
