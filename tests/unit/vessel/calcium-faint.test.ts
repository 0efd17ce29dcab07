/**
 * Faint calcium: a calcified arc thin or dim enough that the blur brings it only just above the lumen level (a
 * 0.6 mm plate of 730 HU under FWHM 0.88 mm peaks ≈ 90 HU above a 370 HU lumen). A blurred lumen never exceeds its
 * own level, so that rise is calcium, not lumen: a tight stenosis under such an arc must read its residual lumen, not
 * the width of the calcium's blur. Today it reads 34 % for 75 % (the rays' calcium threshold stands 120 HU above the
 * level, so the blurred arc reads as lumen): kept as it.fails until the calcium is explained as its own component;
 * lowering the threshold to a noise peak alone reads it 69 % but, on the randomized set, calls a nearby arc's bloom at
 * the centre of a normal lumen calcium (non-stenotic calcified plaque over-called). The second case is the non-stenotic
 * companion any fix must keep under 25 %.
 * Synthetic volume: straight vessel along z, LPS mm, identity orientation, 0.35 × 0.35 × 0.5 mm voxels, Gaussian PSF,
 * white noise; truth DS = 100·(1 − r_min / r_ref).
 */
import { describe, expect, it } from 'vitest';
import { analyseVessel } from '../../../src/vessel/analyse.ts';
import { bump, lineCurve, makeTube, type SectionFn } from './synthetic.ts';

const REF_MM = 1.2, LUMEN_HU = 370, PLAQUE_HU = 60, WALL_HU = 40;

/**
 * lumen r(s) narrowed by `ds` at s = 30 (cosine over ±5 mm), plaque to the reference radius, a 0.5 mm wall; calcium
 * (caHu) 0.6 mm thick from caInnerMm over an arc (arcDeg, centred on −u) where |s − 30| < 2 mm
 */
function lesionSection(ds: number, arcDeg: number, caHu: number, caInnerMm: number): SectionFn {
  const outer = Math.max(REF_MM, caInnerMm + 0.6);
  return (s, u, v) => {
    const d = Math.hypot(u, v), r = REF_MM * (1 - ds * bump(s, 30, 5));
    const ang = Math.abs(Math.atan2(v, u)) * (180 / Math.PI);
    if (d <= r) return LUMEN_HU;
    if (Math.abs(s - 30) < 2 && d >= caInnerMm && d <= caInnerMm + 0.6 && ang >= 180 - arcDeg / 2) return caHu;
    if (d <= outer) return PLAQUE_HU;
    return d <= outer + 0.5 ? WALL_HU : null;
  };
}

function measuredDs(ds: number, arcDeg: number, caHu: number, caInnerMm: number, seed: number): number {
  const tube = makeTube({
    dims: [40, 40, 130], spacingMm: [0.35, 0.35, 0.5], originLps: [-7, -7, -2], curve: lineCurve([0, 0, 0], [0, 0, 60]),
    section: lesionSection(ds, arcDeg, caHu, caInnerMm), maxRadiusMm: Math.max(REF_MM, caInnerMm + 0.6) + 0.5, backgroundHu: -90, noiseSdHu: 10, psfFwhmMm: 0.88, seed,
  });
  const tr = tube.truth;
  const a = analyseVessel(tube.volume, { fromLps: tr[2]!.lps, toLps: tr[tr.length - 3]!.lps });
  const at = a.lesions.filter((l) => Math.abs(l.sMm - 29.5) < 3);
  return at.length ? Math.max(...at.map((l) => l.diameterStenosisPct)) : 0;
}

describe('a tight stenosis under calcium blurred to just above the lumen level', () => {
  it.fails('reads its residual lumen: 75 % under a 240° arc of 730 HU reads 75 ± 12 %', () => {
    const got = measuredDs(0.75, 240, 730, 0.6, 3);
    expect(Math.abs(got - 75), `read ${got.toFixed(1)} %`).toBeLessThan(12);
  });

  it('and a bright arc (130°, 1100 HU) in the wall of a reference-size lumen reads < 25 % (non-stenotic)', () => {
    const got = measuredDs(0, 130, 1100, REF_MM, 4);
    expect(got, `read ${got.toFixed(1)} %`).toBeLessThan(25);
  });
});
