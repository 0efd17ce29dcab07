/**
 * The 3D view's worker: it receives the CT slices a few at a time, keeps a coarse copy, isolates the heart
 * and renders images on request. Everything heavy happens here, never on the page. Pure (no DOM): the worker
 * file is a comlink shell, and the tests call it directly.
 */
import type { Vec3, VolumeGeometry } from '../volume/volume.ts';
import { createDownsampler, downsampleFactor, type Downsampler } from './downsample.ts';
import { cropVolume, heartRegion } from './heart-region.ts';
import { prepareRenderable, renderVolume, type Renderable, type RenderRequest } from './raycast.ts';
import { coronaryTransfer, type CoronaryLevels } from './transfer.ts';

/** Coarse voxel of the 3D view, mm: a 1.5 mm vessel still spans two voxels (block maxima keep its peak). */
export const VIEW3D_VOXEL_MM = 0.75;
/**
 * Levels when no contrast-filled aorta is found (not a coronary CT): iodinated blood and bone are above 200 HU,
 * soft tissue near 40 HU; the surface then lies at 200 HU.
 */
const FALLBACK_LEVELS: CoronaryLevels = { bloodHu: 360, tissueHu: 40, noiseSdHu: 20 };

export interface View3dScene {
  /** true when the heart was isolated (else the whole volume with the fallback levels) */
  readonly heartFound: boolean;
  readonly levels: CoronaryLevels;
  readonly centreLps: Vec3;
  /** field of view for zoom 1, mm */
  readonly fovMm: number;
  /** voxels of the rendered volume */
  readonly voxelCount: number;
  /** time spent isolating the heart, ms */
  readonly prepareMs: number;
}

export interface View3dImage {
  readonly widthPx: number;
  readonly heightPx: number;
  readonly rgba: Uint8ClampedArray;
  readonly renderMs: number;
}

export function createView3dWorkerApi() {
  let ds: Downsampler | undefined;
  let scene: Renderable | undefined;
  return {
    /** starts a new volume (drops the previous one) */
    begin(fine: VolumeGeometry): void {
      ds = createDownsampler(fine, downsampleFactor(fine.spacingMm, VIEW3D_VOXEL_MM));
      scene = undefined;
    },
    /** `count` consecutive fine slices from k0, nx·ny values each */
    addSlices(k0: number, count: number, hu: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> }): void {
      if (!ds) throw new Error('view3d worker: addSlices before begin');
      const n = hu.length / count;
      for (let s = 0; s < count; s++) ds.addSlice(k0 + s, hu.subarray(s * n, (s + 1) * n));
    },
    /** isolates the heart and makes the volume ready to render */
    finish(): View3dScene {
      if (!ds) throw new Error('view3d worker: finish before begin');
      const t0 = performance.now();
      const mean = ds.result('mean'), max = ds.result('max');
      ds = undefined;
      const region = heartRegion(mean, max);
      const levels = region?.levels ?? FALLBACK_LEVELS;
      const volume = region?.volume ?? max;
      scene = prepareRenderable(volume, coronaryTransfer(levels), region ? cropVolume(mean, region.boxLo, region.boxHi) : mean);
      const [nx, ny, nz] = volume.dimensions;
      const [sx, sy, sz] = volume.spacingMm;
      const diagonalMm = Math.hypot(nx * sx, ny * sy, nz * sz);
      const centreLps = region?.centreLps ?? centreOf(volume);
      return { heartFound: !!region, levels, centreLps, fovMm: 0.8 * diagonalMm, voxelCount: nx * ny * nz, prepareMs: performance.now() - t0 };
    },
    render(req: RenderRequest): View3dImage {
      if (!scene) throw new Error('view3d worker: render before finish');
      const t0 = performance.now();
      const rgba = new Uint8ClampedArray(req.widthPx * req.heightPx * 4);
      renderVolume(scene, req, rgba);
      return { widthPx: req.widthPx, heightPx: req.heightPx, rgba, renderMs: performance.now() - t0 };
    },
  };
}

export type View3dWorkerApi = ReturnType<typeof createView3dWorkerApi>;

function centreOf(v: VolumeGeometry): Vec3 {
  const m = v.dimensions.map((n) => (n - 1) / 2);
  const d = v.directions, o = v.originLps, s = v.spacingMm;
  return [0, 1, 2].map((a) => o[a]! + m[0]! * s[0] * d[0][a]! + m[1]! * s[1] * d[1][a]! + m[2]! * s[2] * d[2][a]!) as unknown as Vec3;
}
