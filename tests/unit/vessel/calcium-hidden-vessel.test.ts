/**
 * Faint calcium through the whole lumen profile (disk-model edges, lumen-blur.ts + calcium-hidden.ts): a 0.5 mm shell
 * of 650–700 HU directly outside a narrowed lumen, blurred by FWHM 0.7–0.88 mm, peaks < 120 HU above the 370 HU lumen,
 * under the rays' calcium threshold; read as lumen, its bloom moves the edge out to the calcium's outer flank and a
 * 50–60 % stenosis reads mild. Explained as its own component with the blood level of the healthy sections, the lumen
 * is read where the blood ends. Truth DS = 100·(1 − r_min / r_ref). The non-stenotic companion (the same shell outside
 * a lumen kept at its reference size) must stay < 25 %.
 * Straight tube along z, 0.35 × 0.35 × 0.5 mm voxels, Gaussian PSF, white noise 15 HU, plaque 60 HU, wall 40 HU.
 */
import { describe, expect, it } from 'vitest';
import { bump, lineCurve, makeTube, type SectionFn } from './synthetic.ts';
import { lumenProfile } from '../../../src/vessel/lumen.ts';

const REF_MM = 1.2, LUMEN_HU = 370, PLAQUE_HU = 60, WALL_HU = 40, AT = 30;

/** lumen narrowed by `ds` at s = AT (cosine over ±5 mm), calcium `caMm` thick just outside it over an arc where |s − AT| < 3 */
function section(ds: number, arcDeg: number, caHu: number, caMm: number): SectionFn {
  return (s, u, v) => {
    const d = Math.hypot(u, v), r = REF_MM * (1 - ds * bump(s, AT, 5));
    const ang = Math.abs(Math.atan2(v, u)) * (180 / Math.PI);
    if (d <= r) return LUMEN_HU;
    if (Math.abs(s - AT) < 3 && d <= r + caMm && ang >= 180 - arcDeg / 2) return caHu;
    if (d <= REF_MM + 0.3) return PLAQUE_HU;
    return d <= REF_MM + 0.8 ? WALL_HU : null;
  };
}

/** %DS of the lumen profile near AT (3-section mean, as lesions are read) against its sections beyond ±8 mm */
function profileDs(ds: number, arcDeg: number, caHu: number, fwhmMm: number, hiddenCalcium: boolean): number {
  const tube = makeTube({
    dims: [40, 40, 130], spacingMm: [0.35, 0.35, 0.5], originLps: [-7, -7, -2], curve: lineCurve([0, 0, 0], [0, 0, 60]),
    section: section(ds, arcDeg, caHu, 0.5), maxRadiusMm: REF_MM + 0.9, backgroundHu: -90, noiseSdHu: 15, psfFwhmMm: fwhmMm, seed: 5,
  });
  const t = tube.truth.filter((x) => x.sMm > 2 && x.sMm < 58);
  const lp = lumenProfile(tube.volume, t.map((x) => x.lps), { diskEdges: true, hiddenCalcium });
  const d = lp.samples.map((x) => x.equivalentDiameterMm), s = t.map((x) => x.sMm);
  const healthy = d.filter((_, q) => Math.abs(s[q]! - AT) > 8).sort((a, b) => a - b);
  const ref = healthy[healthy.length >> 1]!;
  let dMin = Infinity;
  for (let q = 1; q + 1 < d.length; q++) if (Math.abs(s[q]! - AT) <= 5) dMin = Math.min(dMin, (d[q - 1]! + d[q]! + d[q + 1]!) / 3);
  return 100 * (1 - dMin / ref);
}

describe('a stenosis under faint calcium (a shell under the rays\' calcium threshold)', () => {
  it('50 % under a 240° arc of 650 HU at FWHM 0.88 mm reads 50 ± 6 % (the bloom read as lumen: 10 %)', () => {
    const got = profileDs(0.5, 240, 650, 0.88, true);
    expect(Math.abs(got - 50), `read ${got.toFixed(1)} %`).toBeLessThan(6);
    const plain = profileDs(0.5, 240, 650, 0.88, false);
    expect(plain, `without the calcium component ${plain.toFixed(1)} %`).toBeLessThan(25);
  }, 90_000);

  it('60 % under a 300° arc of 700 HU at FWHM 0.7 mm reads 60 ± 10 % (the bloom read as lumen: 37 %)', () => {
    const got = profileDs(0.6, 300, 700, 0.7, true);
    expect(Math.abs(got - 60), `read ${got.toFixed(1)} %`).toBeLessThan(10);
    const plain = profileDs(0.6, 300, 700, 0.7, false);
    expect(plain, `without the calcium component ${plain.toFixed(1)} %`).toBeLessThan(45);
  }, 90_000);

  it('the same shell (180°, 700 HU, FWHM 0.9 mm) outside a reference-size lumen reads < 25 %', () => {
    const got = profileDs(0, 180, 700, 0.9, true);
    expect(got, `read ${got.toFixed(1)} %`).toBeLessThan(25);
  }, 90_000);
});
