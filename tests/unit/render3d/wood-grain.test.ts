// Wood grain: a smooth blurred ellipsoid of blood (400 HU) in tissue (100 HU) with noise (25 HU SD), imaged at 0.37 × 0.37 × 0.5 mm and
// brought to the 3D view's coarse grid by block maxima (what the view displays), shows rings when its surface
// normals are read from those maxima (a max steps where the surface crosses a block); read from the block means
// of the same blocks, the shading is smooth. Roughness: mean |pixel − its 7 × 7 mean| of the red channel inside the
// object, away from its outline (smooth shading follows its local mean; rings a few pixels apart do not).
import { describe, expect, it } from 'vitest';
import { prepareRenderable, renderVolume, type Renderable } from '../../../src/render3d/raycast.ts';
import { coronaryTransfer } from '../../../src/render3d/transfer.ts';
import { createDownsampler, downsampleFactor } from '../../../src/render3d/downsample.ts';
import type { VolumeGeometry } from '../../../src/volume/volume.ts';

const erf = (x: number): number => {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
};

/** image noise, HU (a 120 kV CCTA reads 20–30 HU SD): seeded normal deviates */
const NOISE_SD_HU = 25;
let seed = 12345;
const uniform = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) + 0.5) / 2 ** 32;
const gauss = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());

function coarseEllipsoid(): { mean: ReturnType<ReturnType<typeof createDownsampler>['result']>; max: ReturnType<ReturnType<typeof createDownsampler>['result']> } {
  const fine: VolumeGeometry = { dimensions: [160, 160, 120], spacingMm: [0.37, 0.37, 0.5], originLps: [0, 0, 0], directions: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] };
  const ds = createDownsampler(fine, downsampleFactor(fine.spacingMm, 0.75));
  const [nx, ny, nz] = fine.dimensions;
  const c = [nx * 0.37 / 2, ny * 0.37 / 2, nz * 0.5 / 2];
  const slice = new Int16Array(nx * ny);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      const x = i * 0.37 - c[0]!, y = j * 0.37 - c[1]!, z = k * 0.5 - c[2]!;
      const r = Math.hypot(x / 1.4, y, z / 1.15); // an ellipsoid of semi-axes 25 × 18 × 21 mm
      const d = (r - 18) * 1.15; // ≈ mm from the surface
      slice[i + nx * j] = Math.round(100 + 300 * 0.5 * (1 - erf(d / (Math.SQRT2 * 0.6))) + NOISE_SD_HU * gauss());
    }
    ds.addSlice(k, slice);
  }
  return { mean: ds.result('mean'), max: ds.result('max') };
}

function roughness(scene: Renderable, centre: [number, number, number]): number {
  const W = 160, H = 160;
  const out = new Uint8ClampedArray(W * H * 4);
  renderVolume(scene, { camera: { azimuthDeg: 30, elevationDeg: 20, zoom: 1, centreLps: centre, fovMm: 70 }, widthPx: W, heightPx: H, mode: 'vr', stepMm: 0.75 }, out);
  let acc = 0, n = 0;
  const g = (x: number, y: number) => out[(y * W + x) * 4]!;
  for (let y = 6; y < H - 6; y++) for (let x = 6; x < W - 6; x++) {
    if ([-6, 0, 6].some((dy) => [-6, 0, 6].some((dx) => g(x + dx, y + dy) < 20))) continue; // inside, off the outline
    let box = 0;
    for (let dy = -3; dy <= 3; dy++) for (let dx = -3; dx <= 3; dx++) box += g(x + dx, y + dy);
    acc += Math.abs(g(x, y) - box / 49);
    n++;
  }
  expect(n).toBeGreaterThan(3000);
  return acc / n;
}

describe('3D shading of a smooth surface', () => {
  it('no rings with normals from the block means; rings with normals from the block maxima', () => {
    const { mean, max } = coarseEllipsoid();
    const tf = coronaryTransfer({ bloodHu: 400, tissueHu: 100, noiseSdHu: 15 });
    const centre: [number, number, number] = [160 * 0.37 / 2, 160 * 0.37 / 2, 120 * 0.5 / 2];
    const smooth = roughness(prepareRenderable(max, tf, mean), centre);
    const grain = roughness(prepareRenderable(max, tf), centre);
    console.log(`roughness: normals from means ${smooth.toFixed(2)}, from maxima ${grain.toFixed(2)}`);
    expect(smooth).toBeLessThan(0.75 * grain);
  }, 60_000);
  it('refuses a shading volume on another grid', () => {
    const { mean, max } = coarseEllipsoid();
    expect(() => prepareRenderable(max, coronaryTransfer({ bloodHu: 400, tissueHu: 100, noiseSdHu: 15 }), { ...mean, voxels: mean.voxels.subarray(1) })).toThrow(/same grid|share/);
  }, 60_000);
});
