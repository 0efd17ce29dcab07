/**
 * The reference and the minimal lumen from one model of the image (`diskEdges`: blurred lumen disks, lumen-disk.ts for
 * the healthy falls, lumen-small.ts for lumens the blur fades): straight tubes (lumen 400 HU, 0.5 mm wall of 40 HU, fat −100 HU)
 * with a cosine stenosis whose residual lumen is offset toward one wall, plaque of low attenuation (0 HU) or fibrous
 * (60 HU), PSF FWHM 0.6 or 0.9 mm, noise 20 HU. Truth is analytic: the reference diameter, the MLA π·r_min² and
 * DS = 100·(1 − r_min / r_ref). The measured reference must be within 3 % (the steepest-point edges read 3–6 % wide),
 * the MLA within 35 % and DS within 6 points: noise of 20 HU on a residual lumen of 0.25 mm² moves its fitted area by
 * up to ≈ 30 % from one noise draw to another (measured over draws), while the faded lumen's partial-volume integral
 * read low-attenuation lumens at a third of their area, or none.
 */
import { describe, expect, it } from 'vitest';
import { lineCurve, makeTube } from './synthetic.ts';
import { lesionRadius, lesionSection, type LesionSpec } from './lesion-sections.ts';
import { lumenProfile } from '../../../src/vessel/lumen.ts';
import { findLesions, referenceDiameters } from '../../../src/vessel/stenosis.ts';

function measure(refMm: number, ds: number, plaqueHu: number, fwhmMm: number, seed: number): { refRatio: number; mlaRatio: number; dsErr: number } {
  const px = 0.4, L = 36, R = refMm + 4.5;
  const n = Math.ceil((2 * R) / px) + 1, nz = Math.ceil(L / 0.6) + 1;
  const c0: [number, number, number] = [R + 0.13, R - 0.07, 0], c1: [number, number, number] = [R + 1.13, R - 0.57, L - 0.6];
  const spec: LesionSpec = { refMm: () => refMm, centreMm: L / 2, halfLengthMm: 5, ds, eccentricity: 0.3, lumenHu: 400, plaqueHu };
  const tube = makeTube({
    dims: [n, n, nz], spacingMm: [px, px, 0.6], originLps: [0, 0, 0], curve: lineCurve(c0, c1), maxRadiusMm: refMm + 0.5,
    section: lesionSection(spec), backgroundHu: -100, noiseSdHu: 20, psfFwhmMm: fwhmMm, psfFwhmZMm: 0.7, seed,
  });
  const pts = tube.truth.filter((t) => t.sMm > 2 && t.sMm < L - 2).map((t) => t.lps);
  const samples = lumenProfile(tube.volume, pts, { diskEdges: true }).samples;
  const ref = referenceDiameters(samples);
  const lesion = findLesions(samples, ref)[0];
  const rMin = lesionRadius(spec, L / 2);
  if (!lesion) return { refRatio: NaN, mlaRatio: NaN, dsErr: NaN };
  return {
    refRatio: lesion.referenceDiameterMm / (2 * refMm),
    mlaRatio: lesion.mlaMm2 / (Math.PI * rMin * rMin),
    dsErr: lesion.diameterStenosisPct - 100 * ds,
  };
}

describe('reference and minimal lumen from one blurred-disk model', () => {
  const grid: [number, number, number, number][] = [];
  for (const r of [1.1, 1.5]) for (const ds of [0.5, 0.75]) for (const p of [0, 60]) grid.push([r, ds, p, r < 1.3 ? 0.6 : 0.9]);
  it.each(grid)('reference radius %s mm, DS %s, plaque %s HU, FWHM %s mm', (r, ds, p, f) => {
    const m = measure(r, ds, p, f, Math.round(100 * r + 10 * ds + p + 7 * f));
    expect(Math.abs(m.refRatio - 1)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(m.mlaRatio - 1)).toBeLessThanOrEqual(0.35);
    expect(Math.abs(m.dsErr)).toBeLessThanOrEqual(6);
  }, 60_000);
});
