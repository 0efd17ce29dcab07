/**
 * A non-stenotic calcified ring on a small vessel, through the whole lumen profile: the calcium lies in the remodelled
 * wall around a lumen kept at its reference size, and the blur (FWHM up to 1.05 mm) spreads the ring's bloom over the
 * whole lumen (its centre reads ≈ 1.35–1.45 × the lumen level). Truth: no narrowing (0 %). The profile's narrowest
 * section under the ring, against the same profile's healthy sections, must read < 25 % (a non-stenotic plaque is
 * never reported ≥ 25 %). Straight tubes, lumen 330 HU, wall 50 HU, fat −100 HU, calcium 0.65 mm thick at 1070 HU, a 0.3 mm wall, noise 15–26 HU, pixels 0.35 mm.
 */
import { describe, expect, it } from 'vitest';
import { lineCurve, makeTube } from './synthetic.ts';
import { lumenProfile } from '../../../src/vessel/lumen.ts';

const LUMEN = 330, WALL = 50, CA = 1070, L = 30, RING_FROM = 11, RING_TO = 19;

/** %DS read by the lumen profile under the ring (3-section mean, as lesions are read) against its healthy sections */
function ringDsPct(radiusMm: number, arcDeg: number, fwhmMm: number, px: number, noiseSdHu: number, seed: number, ringShell: boolean): { ds: number; centreHu: number } {
  const caMm = 0.65, wallMm = 0.3, R = radiusMm + caMm + wallMm + 4;
  const n = Math.ceil((2 * R) / px) + 1, nz = Math.ceil(L / 0.6) + 1;
  const c0: [number, number, number] = [R + 0.11, R - 0.05, 0], c1: [number, number, number] = [R + 0.91, R - 0.45, L - 0.6];
  const tube = makeTube({
    dims: [n, n, nz], spacingMm: [px, px, 0.6], originLps: [0, 0, 0], curve: lineCurve(c0, c1), maxRadiusMm: radiusMm + caMm + wallMm,
    section: (s, u, v) => {
      const d = Math.hypot(u, v);
      if (d <= radiusMm) return LUMEN;
      const ringed = s >= RING_FROM && s <= RING_TO && Math.abs(Math.atan2(v, u)) * (180 / Math.PI) >= 180 - arcDeg / 2;
      if (ringed && d <= radiusMm + caMm) return CA;
      return d <= radiusMm + caMm + wallMm ? WALL : null;
    },
    backgroundHu: -100, noiseSdHu, psfFwhmMm: fwhmMm, psfFwhmZMm: 0.8, seed,
  });
  const t = tube.truth.filter((x) => x.sMm > 2 && x.sMm < L - 2);
  const lp = lumenProfile(tube.volume, t.map((x) => x.lps), { ringShell });
  const d = lp.samples.map((x) => x.equivalentDiameterMm);
  const s = t.map((x) => x.sMm);
  const healthy = d.filter((_, q) => s[q]! < RING_FROM - 3 || s[q]! > RING_TO + 3).sort((a, b) => a - b);
  const ref = healthy[healthy.length >> 1]!;
  let dMin = Infinity;
  for (let q = 1; q + 1 < d.length; q++) if (s[q]! >= RING_FROM && s[q]! <= RING_TO) dMin = Math.min(dMin, (d[q - 1]! + d[q]! + d[q + 1]!) / 3);
  const mid = lp.profiles[d.findIndex((_, q) => s[q]! >= (RING_FROM + RING_TO) / 2)]!;
  return { ds: 100 * (1 - dMin / ref), centreHu: mid[0]! };
}

describe('a non-stenotic calcified ring on a small vessel (lumen profile, ringShell)', () => {
  const cases: [number, number, number, number, number][] = [[0.75, 316, 1.05, 0.35, 15], [0.8, 316, 1.05, 0.35, 26]];
  it.each(cases)('lumen r %s mm, arc %s°, FWHM %s mm, pixel %s mm, noise %s HU: reads < 25 %', (r, arc, fwhm, px, noise) => {
    const { ds, centreHu } = ringDsPct(r, arc, fwhm, px, noise, 7, true);
    // the ring's bloom covers the lumen: its centre reads well above the lumen level
    expect(centreHu).toBeGreaterThan(1.3 * LUMEN);
    expect(ds, `DS ${ds.toFixed(1)} %`).toBeLessThan(25);
  }, 90_000);
});

describe('a non-stenotic calcified ring on a small vessel (lumen profile, ringShell off)', () => {
  // the rays' own shell fit (σ from the plain edges, the lumen level free) reads this ring 27.5 %: why the ring model
  // (ringShell) is on by default
  it.fails('lumen r 0.75 mm, arc 316°, FWHM 1.05 mm, pixel 0.35 mm, noise 15 HU: reads < 25 %', () => {
    expect(ringDsPct(0.75, 316, 1.05, 0.35, 15, 7, false).ds).toBeLessThan(25);
  }, 90_000);
});
