// Lesion detection on synthetic lumen profiles (stenosis.ts): a 3.0 mm vessel sampled every 0.25 mm with
// narrowings of known %DS and length. Diameters in mm, arc lengths from the first section.
import { describe, expect, it } from 'vitest';
import { findLesions, referenceDiameters } from '../../../src/vessel/stenosis.ts';
import type { LumenSample } from '../../../src/vessel/lumen.ts';

const STEP = 0.25, D0 = 3.0;

/** a profile of `lengthMm` with narrowings {atMm, lengthMm (plateau), ds %} (1 mm linear shoulders) */
function profile(lengthMm: number, narrowings: { atMm: number; lengthMm: number; ds: number }[]): LumenSample[] {
  const n = Math.round(lengthMm / STEP) + 1;
  return Array.from({ length: n }, (_, q) => {
    const s = q * STEP;
    let d = D0;
    for (const w of narrowings) {
      const out = Math.abs(s - w.atMm) - w.lengthMm / 2;
      const f = out <= 0 ? 1 : Math.max(0, 1 - out / 1);
      d = Math.min(d, D0 * (1 - (w.ds / 100) * f));
    }
    const a = (Math.PI * d * d) / 4;
    return { sMm: s, areaMm2: a, equivalentDiameterMm: d, minDiameterMm: d, maxDiameterMm: d, lumenHu: 400, outerAreaMm2: NaN, hasLumen: true, calcifiedFraction: 0 };
  });
}

const lesionsOf = (p: LumenSample[]) => findLesions(p, referenceDiameters(p));

describe('findLesions: what is reported (issue 5 §3)', () => {
  it('a 22 % narrowing 0.5 mm long (≈ 1.5 mm with its shoulders above 10 %) is not reported', () => {
    const ls = lesionsOf(profile(40, [{ atMm: 4, lengthMm: 0.5, ds: 22 }]));
    expect(ls).toEqual([]);
  });

  it('a 22 % narrowing 5 mm long is reported with its %DS', () => {
    const ls = lesionsOf(profile(40, [{ atMm: 20, lengthMm: 5, ds: 22 }]));
    expect(ls.length).toBe(1);
    expect(ls[0]!.diameterStenosisPct).toBeGreaterThan(19);
    expect(ls[0]!.diameterStenosisPct).toBeLessThan(25);
    expect(Math.abs(ls[0]!.sMm - 20)).toBeLessThanOrEqual(2.5);
  });

  it('a short moderate (40 %) narrowing is reported whatever its length, at an ostium too', () => {
    for (const at of [0.25, 20]) {
      const ls = lesionsOf(profile(40, [{ atMm: at, lengthMm: 0.5, ds: 40 }]));
      expect(ls.length, `at ${at}`).toBe(1);
      expect(ls[0]!.diameterStenosisPct, `at ${at}`).toBeGreaterThan(35);
    }
  });
});

/** `p` with its sections whose arc length lies in [s0, s1] set to diameter `dMm` */
function withDiameter(p: LumenSample[], s0: number, s1: number, dMm: number): LumenSample[] {
  return p.map((x) => (x.sMm >= s0 - 1e-9 && x.sMm <= s1 + 1e-9
    ? { ...x, equivalentDiameterMm: dMm, minDiameterMm: dMm, maxDiameterMm: dMm, areaMm2: (Math.PI * dMm * dMm) / 4 } : x));
}

describe('findLesions: a glitch narrower than the z blur is not a stenosis', () => {
  it('two sections read 60 % narrow (40 % after the 3-section mean, 0.75 mm above 10 %) are not reported', () => {
    const p = withDiameter(profile(40, []), 20, 20.25, 0.4 * D0);
    expect(lesionsOf(p)).toEqual([]);
  });

  it('the same 60 % over 1 mm of sections (a narrowing the image can hold) is reported near 60 %', () => {
    const ls = lesionsOf(withDiameter(profile(40, []), 20, 21, 0.4 * D0));
    expect(ls.length).toBe(1);
    expect(ls[0]!.diameterStenosisPct).toBeGreaterThan(55);
    expect(Math.abs(ls[0]!.sMm - 20.5)).toBeLessThanOrEqual(0.75);
  });
});

describe('findLesions: a flared stretch does not separate two narrowings', () => {
  // 60 % narrowings at 10–14 and 17–21 mm (each 4 mm plateau, 1 mm shoulders); between them 3 mm of sections
  // twice the reference wide (a chamber or a bright branch filling the section field): one lesion
  const twoRuns = (): LumenSample[] => profile(60, [{ atMm: 12, lengthMm: 3, ds: 60 }, { atMm: 19, lengthMm: 3, ds: 60 }]);

  it('3 mm of flared sections between them: one lesion spanning both', () => {
    const ls = lesionsOf(withDiameter(twoRuns(), 14.25, 16.75, 2 * D0));
    expect(ls.length).toBe(1);
    expect(ls[0]!.startSMm).toBeLessThan(11);
    expect(ls[0]!.endSMm).toBeGreaterThan(20);
  });

  it('3 mm back on the reference between them: two lesions', () => {
    const ls = lesionsOf(withDiameter(twoRuns(), 14.25, 16.75, D0));
    expect(ls.length).toBe(2);
    const [first, second] = ls.map((l) => l.sMm).sort((a, b) => a - b);
    expect(first).toBeGreaterThanOrEqual(10.5);
    expect(first).toBeLessThanOrEqual(13.5);
    expect(second).toBeGreaterThanOrEqual(17.5);
    expect(second).toBeLessThanOrEqual(20.5);
  });
});

/** `p` with the sections in [s0, s1] without lumen */
function lumenless(p: LumenSample[], s0: number, s1: number): LumenSample[] {
  return p.map((x) => (x.sMm >= s0 - 1e-9 && x.sMm <= s1 + 1e-9
    ? { ...x, hasLumen: false, areaMm2: 0, equivalentDiameterMm: 0, minDiameterMm: 0, maxDiameterMm: 0 } : x));
}

/** `p` with calcium (calcified fraction 0.3) in the sections in [s0, s1] */
function calcified(p: LumenSample[], s0: number, s1: number): LumenSample[] {
  return p.map((x) => (x.sMm >= s0 - 1e-9 && x.sMm <= s1 + 1e-9 ? { ...x, calcifiedFraction: 0.3 } : x));
}

describe('findLesions: a calcified occlusion is one lesion placed inside its run', () => {
  // a 14 mm occlusion (20–34 mm) whose calcium fills the middle sections' image to the lumen's level: they read a
  // full lumen (the blurred calcium ring), calcified; only 20–23 and 33–34 read without lumen. No contrast reaches the
  // middle through the lumen-less sections, so it does not split the occlusion, which lies in the middle of its span
  const occlusion = (): LumenSample[] => calcified(lumenless(lumenless(profile(60, []), 20, 23), 33, 34), 23.25, 32.75);

  it('a bright calcified stretch inside an occlusion does not split it', () => {
    const ls = lesionsOf(occlusion());
    expect(ls.length, JSON.stringify(ls.map((l) => [l.sMm, l.diameterStenosisPct]))).toBe(1);
    expect(ls[0]!.totalOcclusion).toBe(true);
    expect(ls[0]!.startSMm).toBeLessThanOrEqual(20.25);
    expect(ls[0]!.endSMm).toBeGreaterThanOrEqual(33.75);
  });

  it("the occlusion's position is the middle of its lumen-less span (27 mm), not of its longest lumen-less piece (21.5 mm)", () => {
    const l = lesionsOf(occlusion())[0]!;
    expect(Math.abs(l.sMm - 27)).toBeLessThanOrEqual(0.5);
  });

  it('the same stretch without calcium (contrast seen, back on the reference) separates two lesions', () => {
    const ls = lesionsOf(lumenless(lumenless(profile(60, []), 20, 23), 33, 34));
    expect(ls.length).toBe(2);
    const at = ls.map((l) => l.sMm).sort((a, b) => a - b);
    expect(Math.abs(at[0]! - 21.5)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(at[1]! - 33.5)).toBeLessThanOrEqual(0.5);
  });
});

describe('findLesions: tandem calcified lesions 8–25 mm apart stay two', () => {
  // two 60 % calcified narrowings (calcium within each), 8 mm apart edge to edge: the healthy stretch between them has
  // no calcium, so it separates them, beside an occlusion too
  it('two calcified stenoses 8 mm apart are two lesions', () => {
    const p = calcified(calcified(profile(60, [{ atMm: 15, lengthMm: 3, ds: 60 }, { atMm: 28, lengthMm: 3, ds: 60 }]), 12.5, 17.5), 25.5, 30.5);
    const at = lesionsOf(p).map((l) => l.sMm).sort((a, b) => a - b);
    expect(at.length).toBe(2);
    expect(Math.abs(at[0]! - 15)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(at[1]! - 28)).toBeLessThanOrEqual(1.5);
  });

  it('a calcified occlusion and a calcified stenosis 8 mm apart are two lesions', () => {
    const p = calcified(lumenless(profile(60, [{ atMm: 28, lengthMm: 3, ds: 60 }]), 12, 18), 12, 18);
    const ls = lesionsOf(calcified(p, 25.5, 30.5)).sort((a, b) => a.sMm - b.sMm);
    expect(ls.length).toBe(2);
    expect(ls[0]!.totalOcclusion).toBe(true);
    expect(Math.abs(ls[0]!.sMm - 15)).toBeLessThanOrEqual(0.5);
    expect(ls[1]!.totalOcclusion).toBe(false);
    expect(Math.abs(ls[1]!.sMm - 28)).toBeLessThanOrEqual(1.5);
  });
});
