// The lumen measured by a forward model (src/vessel/disk-blur.ts, section-fit.ts, psf.ts, lumen-fit.ts).
// Sections: (u, v) mm in the section plane; volumes: LPS mm, a straight oblique vessel, anisotropic voxels, PSF
// FWHM drawn apart in-plane and along z, coloured noise (tests/unit/vessel/synthetic.ts). Truth: the lesion
// spec's residual lumen radius r(s) (lesion-sections.ts): DS = 100·(1 − r_min / r_ref), MLA = π r_min².
// The fit is opt-in (analyseVessel … { forwardModel: true }) until it holds on the accuracy set.
// Failure classes from issue 12 (small vessels with tight stenoses read as total occlusions or under-called):
// before the forward model the 80 % lesion in a 2.0 mm vessel read 57.5 %, the 71 % one in 1.8 mm 46 %, the
// 63 % one in 1.6 mm 36 %.
import { describe, expect, it } from 'vitest';
import { blurredDisk } from '../../../src/vessel/disk-blur.ts';
import { fitSection } from '../../../src/vessel/section-fit.ts';
import { lesionUncertainty } from '../../../src/vessel/lumen-fit.ts';
import { analyseVessel } from '../../../src/vessel/analyse.ts';
import { lineCurve, makeTube } from './synthetic.ts';
import { lesionRadius, lesionSection, type LesionSpec } from './lesion-sections.ts';

describe('blurred disk (disk-blur.ts)', () => {
  it('matches the closed form at the centre, 1 − exp(−α²/2), and is ½ at the edge of a wide disk', () => {
    for (const a of [0.3, 1, 2.5, 6]) expect(blurredDisk(0, a)).toBeCloseTo(1 - Math.exp(-0.5 * a * a), 3);
    expect(blurredDisk(12, 12)).toBeCloseTo(0.5 - 1 / (2 * Math.sqrt(2 * Math.PI) * 12) * 0.5, 1);
    expect(blurredDisk(30, 1)).toBe(0);
  });
  it('holds the disk mass: ∫ blurred disk dA = π a²', () => {
    for (const a of [0.2, 1, 3]) {
      let m = 0;
      for (let r = 0.0025; r < a + 8; r += 0.005) m += blurredDisk(r, a) * 2 * Math.PI * r * 0.005;
      expect(Math.abs(m / (Math.PI * a * a) - 1)).toBeLessThan(0.01);
    }
  });
});

describe('section fit (section-fit.ts) on analytic sections', () => {
  const h = 0.2, K = Math.round(3.5 / h), W = 2 * K + 1, sig = 0.32;
  /** lumen (420 HU, radius a at (lu, 0)) in a vessel of radius ro (40 HU) in fat (−90 HU), blurred analytically */
  const grid = (a: number, ro: number, lu: number): Float64Array => {
    const g = new Float64Array(W * W);
    for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
      const u = (i - K) * h, v = (j - K) * h;
      const bl = blurredDisk(Math.hypot(u - lu, v) / sig, a / sig), bo = blurredDisk(Math.hypot(u, v) / sig, ro / sig);
      g[j * W + i] = 420 * bl + 40 * (bo - bl) - 90 * (1 - bo);
    }
    return g;
  };
  it('recovers the lumen area from a healthy section to a pin-hole (within 8 %), starting from a wrong guess', () => {
    for (const [a, ro, lu] of [[1.5, 2.0, 0], [1.0, 1.5, 0], [0.3, 1.5, 0.5], [0.15, 1.5, 0.3]] as const) {
      const f = fitSection({ data: grid(a, ro, lu), K, stepMm: h }, {
        sigmaMm: sig, lumenHu: 420, init: { u: 0, v: 0, radiusMm: 0.5 }, outer: { u: 0, v: 0, radiusMm: ro + 0.1 }, calciumMinHu: 520, noiseSdHu: 20,
      });
      const truth = Math.PI * a * a;
      expect(Math.abs(f.areaMm2 / truth - 1), `a ${a}: ${f.areaMm2.toFixed(3)} vs ${truth.toFixed(3)}`).toBeLessThan(0.08);
      expect(Math.hypot(f.u - lu, f.v)).toBeLessThan(0.1);
    }
  });
});

describe('lesion uncertainty (lumen-fit.ts)', () => {
  it('follows most sections at the MLA (±0.5 mm) and names the commonest reason', () => {
    const s = Array.from({ length: 20 }, (_, q) => (q >= 8 && q <= 11 ? { uncertain: 'below-resolution' as const } : {}));
    expect(lesionUncertainty(s, { mlaIndex: 10, startIndex: 5, endIndex: 15 }, 0.25)).toEqual({ uncertain: true, uncertainReason: 'below-resolution' });
    expect(lesionUncertainty(s, { mlaIndex: 14, startIndex: 5, endIndex: 18 }, 0.25)).toEqual({});
  });
});

/** one straight oblique vessel with one lesion; returns the lesion found near its centre and the truth */
function measure(l: LesionSpec, image: { psf: number; psfZ: number; noise: number; sp: [number, number, number] }, seed: number) {
  const tube = makeTube({
    dims: [Math.ceil(14 / image.sp[0]), Math.ceil(14 / image.sp[1]), Math.ceil(44 / image.sp[2])], spacingMm: image.sp, originLps: [-7, -7, -22],
    curve: lineCurve([-1, 0.5, -20], [1.5, -1, 20]), section: lesionSection(l), maxRadiusMm: 2.3, backgroundHu: -90,
    noiseSdHu: image.noise, psfFwhmMm: image.psf, psfFwhmZMm: image.psfZ, seed,
  });
  const tr = tube.truth;
  const a = analyseVessel(tube.volume, { fromLps: tr[0]!.lps, toLps: tr[tr.length - 1]!.lps }, { forwardModel: true });
  const r = lesionRadius(l, l.centreMm), ref = l.refMm(l.centreMm);
  return { lesion: a.lesions.find((x) => Math.abs(x.sMm - l.centreMm) <= 3), ds: 100 * (1 - r / ref), mla: Math.PI * r * r };
}

describe('tight stenoses in small vessels (residual lumen < 0.6 mm, reference 1.6–2.0 mm)', () => {
  const cases: { name: string; l: LesionSpec; image: { psf: number; psfZ: number; noise: number; sp: [number, number, number] } }[] = [
    { name: '80 % in a 2.0 mm vessel, eccentric', l: { refMm: () => 1.0, centreMm: 20, halfLengthMm: 4, ds: 0.8, eccentricity: 0.3 }, image: { psf: 0.7, psfZ: 0.8, noise: 25, sp: [0.35, 0.35, 0.5] } },
    { name: '71 % in a 1.8 mm vessel, blur 0.9 / 1.0 mm, noise 30', l: { refMm: () => 0.9, centreMm: 20, halfLengthMm: 4, ds: 0.71 }, image: { psf: 0.9, psfZ: 1.0, noise: 30, sp: [0.45, 0.45, 0.7] } },
    { name: '63 % in a 1.6 mm vessel, blur 1.0 / 1.1 mm, anisotropic pixels', l: { refMm: () => 0.8, centreMm: 20, halfLengthMm: 4, ds: 0.63 }, image: { psf: 1.0, psfZ: 1.1, noise: 15, sp: [0.4, 0.5, 0.6] } },
  ];
  for (const c of cases) {
    it(`${c.name}: a lumen (no total occlusion), %DS within 8 points`, () => {
      const m = measure(c.l, c.image, 7);
      expect(m.lesion, 'lesion found').toBeDefined();
      const l = m.lesion!;
      console.log(`${c.name}: DS ${l.diameterStenosisPct.toFixed(1)} (truth ${m.ds.toFixed(0)}), MLA ${l.mlaMm2.toFixed(3)} (truth ${m.mla.toFixed(3)}) mm²${l.uncertain ? `, uncertain (${l.uncertainReason})` : ''}`);
      expect(l.totalOcclusion).toBe(false);
      expect(Math.abs(l.diameterStenosisPct - m.ds)).toBeLessThanOrEqual(8);
    });
  }
});
