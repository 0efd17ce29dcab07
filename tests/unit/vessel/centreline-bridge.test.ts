// The occlusion bridge of the centreline (src/vessel/centreline-chamber.ts, centreline-bridge.ts): exact distance
// transform against brute force, the width test that tells a chamber from a coronary, and a synthetic occluded
// vessel beside a contrast-filled chamber that offers a shorter tissue crossing than the occlusion itself.
// LPS mm, identity orientation, 0.4 × 0.4 × 0.5 mm voxels (synthetic), grid index i + j·gx + k·gx·gy.
import { describe, expect, it } from 'vitest';
import { chamberMask, squaredDistance } from '../../../src/vessel/centreline-chamber.ts';
import { findStumps, hermiteBridge } from '../../../src/vessel/centreline-bridge.ts';
import { analyseVessel } from '../../../src/vessel/analyse.ts';
import { distanceToPolyline } from '../../../src/vessel/curve.ts';
import type { Lps } from '../../../src/volume/volume.ts';
import { seededRandom } from '../../bench/harness.ts';
import { lineCurve, makeTube, type SectionFn } from './synthetic.ts';

describe('squared distance transform', () => {
  it('equals brute force on a random anisotropic grid', () => {
    const dims = [13, 9, 7] as const, sp = [0.4, 0.7, 1.1] as const;
    const rnd = seededRandom(7);
    const f = new Uint8Array(dims[0] * dims[1] * dims[2]);
    for (let q = 0; q < f.length; q++) f[q] = rnd() < 0.04 ? 1 : 0;
    const d = squaredDistance(f, dims, sp);
    const pos = (q: number): number[] => [(q % dims[0]) * sp[0], (((q / dims[0]) | 0) % dims[1]) * sp[1], ((q / (dims[0] * dims[1])) | 0) * sp[2]];
    const feats = [...f.keys()].filter((q) => f[q]);
    expect(feats.length).toBeGreaterThan(5);
    for (let q = 0; q < f.length; q++) {
      const p = pos(q);
      const best = Math.min(...feats.map((g) => { const r = pos(g); return (p[0]! - r[0]!) ** 2 + (p[1]! - r[1]!) ** 2 + (p[2]! - r[2]!) ** 2; }));
      expect(d[q]!).toBeCloseTo(best, 4);
    }
  });
});

describe('chamber mask (opening by a 3.5 mm ball)', () => {
  it('keeps a 20 mm wide bright ball whole and drops a 4 mm wide tube, both at the same HU', () => {
    const dims = [80, 60, 60] as const, sp = [0.5, 0.5, 0.5] as const;
    const n = dims[0] * dims[1] * dims[2];
    const hu = new Float32Array(n).fill(-80);
    let ball = 0, tube = 0;
    const inBall = new Uint8Array(n), inTube = new Uint8Array(n);
    for (let q = 0; q < n; q++) {
      const x = (q % dims[0]) * 0.5, y = (((q / dims[0]) | 0) % dims[1]) * 0.5, z = ((q / (dims[0] * dims[1])) | 0) * 0.5;
      if (Math.hypot(x - 12, y - 15, z - 15) <= 10) { hu[q] = 450; inBall[q] = 1; ball++; }
      else if (Math.hypot(y - 15, z - 15) <= 2 && x > 22) { hu[q] = 450; inTube[q] = 1; tube++; }
    }
    const m = chamberMask(hu, dims, sp, 270, 3.5);
    let mb = 0, mt = 0;
    for (let q = 0; q < n; q++) { if (m[q] && inBall[q]) mb++; if (m[q] && inTube[q]) mt++; }
    expect(mb / ball).toBeGreaterThan(0.95);
    // only where the tube joins the ball (the ball's 3.5 mm neighbourhood) may it be marked
    expect(mt / tube).toBeLessThan(0.05);
  });
});

describe('hermite bridge', () => {
  it('follows a circular arc given both end tangents (a chord would be 1.3 mm off)', () => {
    const R = 20, th = 0.8;
    const arc = (a: number): Lps => [R * Math.cos(a), R * Math.sin(a), 0];
    const pts = hermiteBridge(arc(0), [0, 1, 0], arc(th), [-Math.sin(th), Math.cos(th), 0], 0.5);
    expect(pts.length).toBeGreaterThan(25);
    for (const p of pts) expect(Math.abs(Math.hypot(p[0], p[1]) - R)).toBeLessThan(0.1);
  });
});

describe('occluded vessel beside a contrast-filled chamber', () => {
  // straight vessel along z (r 1.6 mm, 450 HU), lumen-less 12 mm (s 25–37, 50 HU plaque), refilled at 60 % beyond;
  // a 450 HU sphere (r 10 mm) 2.5 mm from the vessel wall spans the occlusion: through it the tissue crossings
  // total ≈ 5 mm, less than the occlusion's 12 mm — the cheapest path by HU alone goes through the chamber
  const R0 = 1.6;
  const section: SectionFn = (s, u, v) => {
    const d = Math.hypot(u, v);
    if (d <= R0) return s > 25 && s < 37 ? 50 : s >= 37 ? 270 : 450;
    return d <= R0 + 0.5 ? 40 : null;
  };
  const chamber = (p: Lps): number | null => {
    const d = Math.hypot(p[0] - 14.1, p[1], p[2] - 1);
    return d <= 10 ? 450 : d <= 11 ? 100 : null;
  };
  const tube = makeTube({
    dims: [90, 60, 130], spacingMm: [0.4, 0.4, 0.5], originLps: [-10, -12, -32], curve: lineCurve([0, 0, -30], [0, 0, 30]),
    section, maxRadiusMm: 2.2, backgroundHu: -80, noiseSdHu: 20, psfFwhmMm: 0.7, seed: 12, extra: chamber,
  });
  const tr = tube.truth;
  const ijkOf = (p: Lps): number[] => [Math.round((p[0] + 10) / 0.4), Math.round((p[1] + 12) / 0.4), Math.round((p[2] + 32) / 0.5)];

  it('finds the stumps at the ends of the occlusion (±1.5 mm), not across the chamber', () => {
    const st = findStumps(tube.volume, ijkOf(tr[0]!.lps), ijkOf(tr[tr.length - 1]!.lps));
    expect(st).not.toBeNull();
    const z0 = st!.fromEndIjk[2] * 0.5 - 32, z1 = st!.toEndIjk[2] * 0.5 - 32;
    expect(Math.abs(z0 - -5)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(z1 - 7)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(st!.gapMm - 12)).toBeLessThanOrEqual(3);
    expect(st!.toHu / st!.fromHu).toBeGreaterThan(0.45);
    expect(st!.toHu / st!.fromHu).toBeLessThan(0.75);
  });

  it('the centreline crosses the occlusion along the vessel, and the 100 % lesion is on it', () => {
    const a = analyseVessel(tube.volume, { fromLps: tr[0]!.lps, toLps: tr[tr.length - 1]!.lps });
    const line = tr.map((t) => t.lps);
    const d = a.centreline.pointsLps.map((p) => distanceToPolyline(p, line));
    expect(Math.max(...d)).toBeLessThan(1.5);
    expect(Math.abs(a.centreline.lengthMm - 60)).toBeLessThan(3);
    const occ = a.lesions.find((l) => l.totalOcclusion);
    expect(occ).toBeDefined();
    expect(occ!.mlaMm2).toBe(0);
    expect(occ!.sMm).toBeGreaterThan(22);
    expect(occ!.sMm).toBeLessThan(40);
    expect(a.warnings.map((w) => w.code)).toContain('path-without-contrast');
  });
});
