// Lesion length from where the lumen leaves the reference to where it returns (src/vessel/lesion-extent.ts), on
// lumen profiles built by hand: s = arc length (mm), sections every 0.25 mm, reference diameter 3 mm. A raised-cosine
// narrowing from s0 to s1 has its exact extent [s0, s1]; noise of known SD is drawn from a seeded generator.
import { describe, expect, it } from 'vitest';
import { lesionExtents, stenosisNoisePct, stenosisProfilePct, type ExtentSample } from '../../../src/vessel/lesion-extent.ts';
import { findLesions } from '../../../src/vessel/stenosis.ts';
import type { LumenSample } from '../../../src/vessel/lumen.ts';

const STEP_MM = 0.25, REF_MM = 3;

/** fraction of narrowing of a raised cosine over [s0, s1] (0 outside, `peak` at the middle) */
const cosine = (s: number, s0: number, s1: number, peak: number): number =>
  s <= s0 || s >= s1 ? 0 : peak * 0.5 * (1 - Math.cos((2 * Math.PI * (s - s0)) / (s1 - s0)));

/** Mulberry32: a seeded uniform generator; pairs of draws give a normal one (Box–Muller). */
function normal(seed: number): () => number {
  let a = seed >>> 0;
  const u = () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

function profile(lengthMm: number, narrowing: (s: number) => number, noiseSdMm = 0, seed = 1): (ExtentSample & LumenSample)[] {
  const rnd = normal(seed);
  return Array.from({ length: Math.round(lengthMm / STEP_MM) + 1 }, (_, q) => {
    const sMm = q * STEP_MM;
    const d = REF_MM * (1 - narrowing(sMm)) + noiseSdMm * rnd();
    return { sMm, hasLumen: true, equivalentDiameterMm: d, referenceDiameterMm: REF_MM, areaMm2: (Math.PI * d * d) / 4 } as unknown as ExtentSample & LumenSample;
  });
}

function extentsOf(p: (ExtentSample & LumenSample)[]) {
  const ref = Float64Array.from(p, (x) => x.referenceDiameterMm);
  const lesions = findLesions(p, ref);
  return { lesions, extents: lesionExtents(p, lesions) };
}

describe('lesion extent', () => {
  it('a noise-free 60 % raised-cosine narrowing from 20 to 34 mm: 20–34 mm (the lesion search alone reads it shorter)', () => {
    const { lesions, extents } = extentsOf(profile(60, (s) => cosine(s, 20, 34, 0.6)));
    expect(lesions).toHaveLength(1);
    expect(lesions[0]!.lengthMm).toBeLessThan(12);
    expect(extents[0]!.startSMm).toBeCloseTo(20, 0);
    expect(extents[0]!.endSMm).toBeCloseTo(34, 0);
  });

  it('with diameter noise of 0.04 mm (1.3 % DS): the noise is measured and the length is 14 ± 1 mm on 20 seeds', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const p = profile(60, (s) => cosine(s, 20, 34, 0.6), 0.04, seed);
      const { lesions, extents } = extentsOf(p);
      const main = lesions.findIndex((l) => l.diameterStenosisPct > 40);
      expect(main, `seed ${seed}`).toBeGreaterThanOrEqual(0);
      const noise = stenosisNoisePct(stenosisProfilePct(p), lesions);
      // 3-section means of an SD of 1.33 % have an SD of 0.77 %
      expect(noise, `seed ${seed}`).toBeGreaterThan(0.4);
      expect(noise, `seed ${seed}`).toBeLessThan(1.2);
      expect(Math.abs(extents[main]!.lengthMm - 14), `seed ${seed}: ${extents[main]!.startSMm}–${extents[main]!.endSMm}`).toBeLessThanOrEqual(1);
    }
  });

  it('a steep (box) narrowing keeps its edges: 40 % from 25 to 31 mm reads 25–31 ± 0.5 mm', () => {
    const { extents } = extentsOf(profile(60, (s) => (s > 25 && s < 31 ? 0.4 : 0)));
    expect(Math.abs(extents[0]!.startSMm - 25)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(extents[0]!.endSMm - 31)).toBeLessThanOrEqual(0.5);
  });

  it('two narrowings 6 mm apart do not run into each other', () => {
    const { lesions, extents } = extentsOf(profile(80, (s) => Math.max(cosine(s, 20, 30, 0.5), cosine(s, 36, 46, 0.5))));
    expect(lesions).toHaveLength(2);
    const [a, b] = [...extents].sort((x, y) => x.startSMm - y.startSMm);
    expect(a!.endSMm).toBeLessThanOrEqual(b!.startSMm);
    expect(Math.abs(a!.lengthMm - 10)).toBeLessThanOrEqual(1);
    expect(Math.abs(b!.lengthMm - 10)).toBeLessThanOrEqual(1);
  });
});

describe('lesion extent of an occlusion whose middle reads calcium as lumen', () => {
  // an occlusion over 20–34 mm: no lumen over 20–23 and 33–34, its calcified middle reads a full lumen (calcium's
  // blurred image); the extent runs from the first to the last lumen-less section's return to the reference, not
  // from the (bright) middle where the occlusion is placed
  it('spans 20–34 mm', () => {
    const p = profile(60, () => 0).map((x) => {
      if ((x.sMm >= 20 && x.sMm <= 23) || (x.sMm >= 33 && x.sMm <= 34)) return { ...x, hasLumen: false, equivalentDiameterMm: 0, areaMm2: 0 };
      return x.sMm > 23 && x.sMm < 33 ? { ...x, calcifiedFraction: 0.3 } : { ...x, calcifiedFraction: 0 };
    });
    const { lesions, extents } = extentsOf(p);
    expect(lesions).toHaveLength(1);
    expect(lesions[0]!.totalOcclusion).toBe(true);
    expect(extents[0]!.startSMm).toBeGreaterThan(19);
    expect(extents[0]!.startSMm).toBeLessThanOrEqual(20);
    expect(extents[0]!.endSMm).toBeGreaterThanOrEqual(34);
    expect(extents[0]!.endSMm).toBeLessThan(35);
  });
});
