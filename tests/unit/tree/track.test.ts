// A distal coronary fades under the tree's lumen threshold (half-way between blood and myocardium) before it
// ends. Synthetic image: a vessel in fat beside a myocardial slab, its radius tapering 1.0 → 0.5 mm over 40 mm,
// blurred by a 1 mm PSF with 15 HU of noise, a blood pool for the noise measurement. The axis and the end are
// known; the tracker must follow the vessel to its end, on its axis, and not past it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Lps, Vec3, Volume } from '../../../src/volume/volume.ts';
import { lumenThresholdHu } from '../../../src/tree/levels.ts';
import { sampleHu, smoothNoiseSdHu, trackFromLeaf, type TrackContext } from '../../../src/tree/track.ts';
import { gaussianBlur3d } from '../../helpers/blur3d.ts';

const FAT_HU = -80, TISSUE_HU = 60, BLOOD_HU = 450, NOISE_SD_HU = 15, PSF_MM = 1.0;
const SPACING: [number, number, number] = [0.4, 0.4, 0.4];
const DIMS: [number, number, number] = [80, 90, 125];
const Z0 = 4, Z1 = 44;
/** the vessel's axis at height z (mm), a gentle bend in x and y */
const axis = (z: number): Lps => [7 + 1.5 * Math.sin(z / 12), 18 + Math.cos(z / 15), z];
const radiusMm = (z: number): number => 1.0 - (0.5 * (z - Z0)) / (Z1 - Z0);
/** the myocardium: x below 3.5 mm; the blood pool: x and y beyond 20 and 26 mm */
const inBlood = (p: readonly number[]): boolean => p[0]! > 20 && p[1]! > 26;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

function image(): Volume {
  const [nx, ny, nz] = DIMS;
  const f = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) {
    const z = k * SPACING[2];
    const c = axis(z), r = radiusMm(z), on = z >= Z0 && z <= Z1;
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      const p = [i * SPACING[0], j * SPACING[1], z];
      let hu = p[0]! < 3.5 ? TISSUE_HU : FAT_HU;
      if (inBlood(p)) hu = BLOOD_HU;
      if (on && Math.hypot(p[0]! - c[0], p[1]! - c[1]) <= r) hu = BLOOD_HU;
      f[i + nx * (j + ny * k)] = hu;
    }
  }
  gaussianBlur3d(f, DIMS, SPACING, PSF_MM);
  const rnd = mulberry32(7);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  return { dimensions: DIMS, spacingMm: SPACING, originLps: [0, 0, 0], directions: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], voxels: Int16Array.from(f, (h) => Math.round(h + NOISE_SD_HU * gauss())) };
}

const tangent = (z: number): Vec3 => { const a = axis(z - 0.5), b = axis(z + 0.5), l = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]); return [(b[0] - a[0]) / l, (b[1] - a[1]) / l, (b[2] - a[2]) / l]; };
/** distance (mm) from p to the vessel's axis (sampled every 0.05 mm over z ∈ [Z0, Z1]) */
function toAxisMm(p: Lps): number {
  let best = Infinity;
  for (let z = Z0; z <= Z1; z += 0.05) { const c = axis(z); best = Math.min(best, Math.hypot(p[0] - c[0], p[1] - c[1], p[2] - c[2])); }
  return best;
}

describe('a distal vessel followed past the lumen threshold', () => {
  let volume: Volume;
  let ctx: TrackContext;
  beforeAll(() => {
    volume = image();
    const [nx, ny] = DIMS;
    const blood: Lps[] = [];
    for (let m = 0; m < 40; m++) blood.push([24 + (m % 3) * 2.5, 29 + (Math.floor(m / 3) % 3) * 2.5, 5 + m]);
    ctx = {
      smoothNoiseSdHu: smoothNoiseSdHu(volume, blood), tissueHu: TISSUE_HU,
      isBig: (q) => { const i = q % nx, j = ((q - i) / nx) % ny; return inBlood([i * SPACING[0], j * SPACING[1]]); },
      isTaken: () => false,
    };
  }, 60_000);

  it('the distal vessel is under the global lumen threshold (the class of failure)', () => {
    const threshold = lumenThresholdHu(BLOOD_HU, TISSUE_HU);
    expect(sampleHu(volume, axis(Z1 - 2))).toBeLessThan(threshold);
    // and the smoothed noise is measured below the raw noise (the cylinder averages it down)
    expect(ctx.smoothNoiseSdHu).toBeGreaterThan(1);
    expect(ctx.smoothNoiseSdHu).toBeLessThan(NOISE_SD_HU);
  });

  it('is followed from 8 mm to its end, on its axis, and not past it', () => {
    const t = trackFromLeaf(volume, ctx, axis(8), tangent(8));
    expect(t.pointsLps.length).toBeGreaterThan(0);
    const d = t.pointsLps.map(toAxisMm);
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    expect(mean).toBeLessThan(0.2);
    expect(Math.max(...d)).toBeLessThan(0.5);
    const end = t.pointsLps[t.pointsLps.length - 1]!;
    // the end within 2.5 mm of the truth's (CAT08 counts as false what lies past 2 mm): beyond it the track would run
    // on along the myocardium 1.5 mm away, were its iodine (brighter than the myocardium) not required
    expect(Math.abs(end[2] - Z1)).toBeLessThan(2.5);
    expect(t.radiiMm.length).toBe(t.pointsLps.length);
  });

  it('is followed from a leaf ending off its axis: the first steps recentre without turning the heading away', () => {
    // a skeleton leaf lies on a voxel, up to half a diagonal (0.35 mm) and more off the blurred lumen's centre
    const c = axis(8), n = tangent(8);
    const side = [n[1], -n[0], 0], l = Math.hypot(side[0]!, side[1]!);
    const start: Lps = [c[0] + (0.55 * side[0]!) / l, c[1] + (0.55 * side[1]!) / l, c[2]];
    const t = trackFromLeaf(volume, ctx, start, n);
    expect(t.pointsLps.length).toBeGreaterThan(0);
    expect(Math.abs(t.pointsLps[t.pointsLps.length - 1]![2] - Z1)).toBeLessThan(2.5);
  });

  it('finds nothing ahead of the end: fat and noise only', () => {
    const t = trackFromLeaf(volume, ctx, axis(Z1 + 2), tangent(Z1));
    expect(t.pointsLps.length).toBeLessThanOrEqual(4);
  });
});
