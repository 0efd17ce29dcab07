// Deterministic analytic CCTA phantom: renderCase(spec, opts) → HU volume, ground truth, header facts.
// Pure TypeScript, no DOM: runs in Node, tsx and worker_threads.
import type { Volume } from '../../src/volume/volume';
import type { Truth } from '../truth';
import type { CaseSpec } from './cases';
import { cropGrid, IDENTITY, type Dirs, type Grid } from './grid';
import { headerFor, type StudyHeaderInfo } from './header';
import { formImage, toInt16 } from './imaging';
import { buildCaseModel } from './model';
import { motionBlurRca } from './motion';
import { paintSleeves, paintVessels } from './raster-vessels';
import { rasterAnatomy } from './render';
import { sdTube } from './shapes';
import { buildTruth } from './truth-build';

export { CASES, caseByKey, type CaseKey, type CaseSpec, type LesionSpec } from './cases';
export type { StudyHeaderInfo } from './header';
export { buildCaseModel, insideLumen, type CaseModel } from './model';

export interface ImagingOptions {
  columns?: number;
  rows?: number;
  pixelMm?: number;
  sliceMm?: number;
  slices?: number;
  directions?: Dirs;
  noiseSdHu?: number;
  psfFwhmMm?: [number, number];
  contrastScale?: number;
  noiseFree?: boolean;
  noPsf?: boolean;
  motionBlur?: boolean;
  roiLps?: { min: [number, number, number]; max: [number, number, number] };
  seed?: number;
  /** called with the fraction done (0–1) between stages */
  onProgress?: (fraction: number) => void;
}

/** LPS z of the top and bottom of the default scan range (aortic root → below the apex), mm. */
export const SCAN_TOP_Z_MM = 78;
export const SCAN_LENGTH_MM = 140;

/** The full grid of a case (before any ROI crop), centred on the FOV centre (0, 0). */
export function caseGrid(spec: CaseSpec, opts: ImagingOptions = {}): Grid {
  const nx = opts.columns ?? 512;
  const ny = opts.rows ?? 512;
  const px = opts.pixelMm ?? spec.pixelMm;
  const sz = opts.sliceMm ?? 0.5;
  const nz = opts.slices ?? Math.round(SCAN_LENGTH_MM / sz) + 1;
  const dirs = opts.directions ?? IDENTITY;
  // centre of the box: (0, 0, top − length/2)
  const zc = SCAN_TOP_Z_MM - ((nz - 1) * sz) / 2;
  const half = [((nx - 1) * px) / 2, ((ny - 1) * px) / 2, ((nz - 1) * sz) / 2];
  const origin: [number, number, number] = [0, 1, 2].map(
    (a) => [0, 0, zc][a]! - half[0]! * dirs[0][a]! - half[1]! * dirs[1][a]! - half[2]! * dirs[2][a]!,
  ) as [number, number, number];
  return { dims: [nx, ny, nz], spacing: [px, px, sz], origin, dirs };
}

export function renderCase(spec: CaseSpec, opts: ImagingOptions = {}): { volume: Volume; truth: Truth; header: StudyHeaderInfo } {
  const full = caseGrid(spec, opts);
  const grid = opts.roiLps ? cropGrid(full, opts.roiLps.min, opts.roiLps.max) : full;
  const progress = opts.onProgress ?? (() => undefined);
  progress(0);
  const model = buildCaseModel(spec, opts.contrastScale ?? 1);
  const hMm = Math.cbrt(grid.spacing[0] * grid.spacing[1] * grid.spacing[2]);
  const hu = rasterAnatomy(grid, model.anatomy, model.tissue);
  progress(0.45);
  const ctx = { grid, hu, hMm };
  const order = [...model.vessels].reverse(); // branches before parents
  const an = model.anatomy;
  const insideAorta = (x: number, y: number, z: number) =>
    Math.hypot(x - an.rootLps[0], y - an.rootLps[1], z - an.rootLps[2]) < an.rootRadiusMm + 0.5 ||
    sdTube(x, y, z, an.ascAortaLps, an.ascAortaRadiusMm + 0.5) < 0;
  paintSleeves(ctx, order, model.tissue.epicardialFat, insideAorta);
  paintVessels(ctx, order, model.lesions);
  if (opts.motionBlur ?? spec.motionBlur) motionBlurRca(grid, hu, model);
  progress(0.6);
  const psfFwhmMm = opts.psfFwhmMm ?? [0.6, 0.7];
  const noiseSdHu = opts.noiseSdHu ?? spec.noiseSdHu;
  formImage(hu, grid.dims, {
    noiseSdHu, psfFwhmMm, noPsf: opts.noPsf ?? false, noiseFree: opts.noiseFree ?? false,
    seed: opts.seed ?? spec.seed, spacingMm: grid.spacing,
  });
  const volume: Volume = {
    dimensions: grid.dims, spacingMm: grid.spacing, originLps: grid.origin, directions: grid.dirs, voxels: toInt16(hu),
  };
  const truth = buildTruth(
    spec, model.vessels, model.lesions,
    { dimensions: grid.dims, spacingMm: grid.spacing, originLps: grid.origin, directions: grid.dirs },
    { kvp: spec.kvp, noiseSdHu: opts.noiseFree ? 0 : noiseSdHu, psfFwhmMm: opts.noPsf ? [0, 0] : psfFwhmMm, aortaHu: Math.round(model.tissue.leftBlood) },
  );
  progress(1);
  const header = headerFor(spec, full.dims[0] * full.spacing[0], full.spacing[2]);
  return { volume, truth, header };
}
