/**
 * Build a Volume (Int16 HU) from the sorted slices of a stack.
 * Regular stacks are copied as is; sheared (gantry-tilt) stacks and uneven spacing are
 * resampled onto a regular orthogonal grid (or refused) — never silently treated as regular.
 */
import type { Lps, Vec3, Volume } from './volume.ts';
import type { StackGeometry } from '../dicom/series-types.ts';
import type { SeriesProblem } from '../dicom/types.ts';
import { DicomError } from '../dicom/errors.ts';
import { DUPLICATE_TOLERANCE_MM, isSheared } from '../dicom/series.ts';

export interface BuildVolumeOptions {
  /** Sheared stack (IPP steps not parallel to the normal): resample (default) or refuse. */
  readonly shear?: 'resample' | 'refuse';
  /** Uneven slice spacing (including gaps): resample at the median step (default) or refuse. */
  readonly unevenSpacing?: 'resample' | 'refuse';
  /** Relative tolerance on spacing variations before resampling, default 0.01 (1 %). */
  readonly spacingTolerance?: number;
  /** HU written where a resampled voxel falls outside every source slice (default −1024, air). */
  readonly paddingHu?: number;
}

export interface BuiltVolume {
  readonly volume: Volume;
  /** What was done (e.g. `resampled`, duplicates dropped), for display beside the series problems. */
  readonly warnings: readonly SeriesProblem[];
}

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * @param stack geometry of the sorted stack (from sortSlices)
 * @param slicesHu HU of each sorted slice, rows×columns, row-major (i = column fastest)
 * @throws DicomError `not-a-volume`, `volume-sheared`, `volume-uneven-spacing`, `volume-inconsistent`
 */
export function buildVolume(stack: StackGeometry, slicesHu: readonly Int16Array[], opts: BuildVolumeOptions = {}): BuiltVolume {
  const { rows: ny, columns: nx } = stack;
  if (slicesHu.length !== stack.positionsLps.length) {
    throw new DicomError('volume-inconsistent', { slices: slicesHu.length, positions: stack.positionsLps.length });
  }
  for (const s of slicesHu) if (s.length !== nx * ny) throw new DicomError('volume-inconsistent', { expected: nx * ny, got: s.length });
  const warnings: SeriesProblem[] = [];
  // Drop repeated positions (keep the first slice at each position).
  const keep: number[] = [];
  for (let k = 0; k < slicesHu.length; k++) {
    const last = keep[keep.length - 1];
    if (last !== undefined && (stack.distancesMm[k] as number) - (stack.distancesMm[last] as number) <= DUPLICATE_TOLERANCE_MM) continue;
    keep.push(k);
  }
  if (keep.length < slicesHu.length) warnings.push({ code: 'duplicate-position', params: { count: slicesHu.length - keep.length, dropped: 1 } });
  if (keep.length < 2) throw new DicomError('not-a-volume', { slices: keep.length }, 'a volume needs at least two distinct slice positions');
  const d = keep.map((k) => stack.distancesMm[k] as number);
  const pos = keep.map((k) => stack.positionsLps[k] as Vec3);
  const hu = keep.map((k) => slicesHu[k] as Int16Array);
  const steps = d.slice(1).map((v, i) => v - (d[i] as number));
  const med = stack.sliceSpacingMm > 0 ? stack.sliceSpacingMm : (steps[0] as number);
  const tol = opts.spacingTolerance ?? 0.01;
  const uneven = steps.some((s) => Math.abs(s - med) / med > tol);
  const sheared = isSheared(stack);
  const [dr, dc] = stack.pixelSpacingMm;
  if (sheared && opts.shear === 'refuse') throw new DicomError('volume-sheared', { angleDeg: r3(stack.shearDeg) });
  if (uneven && opts.unevenSpacing === 'refuse') {
    throw new DicomError('volume-uneven-spacing', { minMm: r3(Math.min(...steps)), maxMm: r3(Math.max(...steps)) });
  }
  const directions: [Vec3, Vec3, Vec3] = [stack.rowDir, stack.colDir, stack.normal];
  if (!sheared && !uneven) {
    const voxels = new Int16Array(nx * ny * hu.length);
    hu.forEach((s, k) => voxels.set(s, k * nx * ny));
    const volume: Volume = { dimensions: [nx, ny, hu.length], spacingMm: [dc, dr, med], originLps: pos[0] as Lps, directions, voxels };
    return { volume, warnings };
  }
  const volume = resample(stack, pos, d, hu, med, opts.paddingHu ?? -1024);
  warnings.push({
    code: 'resampled',
    params: {
      reason: sheared && uneven ? 'sheared+uneven' : sheared ? 'sheared' : 'uneven',
      angleDeg: r3(stack.shearDeg),
      spacingMm: r3(med),
      slices: volume.dimensions[2],
    },
  });
  return { volume, warnings };
}

/**
 * Resample onto the orthogonal grid (rowDir, colDir, normal) with step `stepMm` along the
 * normal: each output voxel is projected into the two source planes around it (bilinear in
 * plane, using each slice's own IPP, which undoes the shear) and interpolated linearly.
 */
function resample(stack: StackGeometry, pos: readonly Vec3[], d: readonly number[], hu: readonly Int16Array[], stepMm: number, pad: number): Volume {
  const { rows: ny0, columns: nx0, rowDir, colDir, normal } = stack;
  const [dr, dc] = stack.pixelSpacingMm;
  // In-plane offsets (mm) of each slice origin relative to the first: the grid covers them all.
  const p0 = pos[0] as Vec3;
  const offU = pos.map((p) => dot([p[0] - p0[0], p[1] - p0[1], p[2] - p0[2]], rowDir));
  const offV = pos.map((p) => dot([p[0] - p0[0], p[1] - p0[1], p[2] - p0[2]], colDir));
  const uMin = Math.min(...offU), uMax = Math.max(...offU), vMin = Math.min(...offV), vMax = Math.max(...offV);
  const i0 = Math.floor(uMin / dc), i1 = Math.ceil(uMax / dc), j0 = Math.floor(vMin / dr), j1 = Math.ceil(vMax / dr);
  const nx = nx0 + (i1 - i0), ny = ny0 + (j1 - j0);
  const dFirst = d[0] as number, dLast = d[d.length - 1] as number;
  const nz = Math.floor((dLast - dFirst) / stepMm + 1e-6) + 1;
  const d0 = dot(p0, normal);
  // Origin: in-plane corner (i0, j0) of slice 0 moved onto the plane of the first position.
  const originLps: Lps = [
    p0[0] + i0 * dc * rowDir[0] + j0 * dr * colDir[0] + (dFirst - d0) * normal[0],
    p0[1] + i0 * dc * rowDir[1] + j0 * dr * colDir[1] + (dFirst - d0) * normal[1],
    p0[2] + i0 * dc * rowDir[2] + j0 * dr * colDir[2] + (dFirst - d0) * normal[2],
  ];
  const voxels = new Int16Array(nx * ny * nz);
  let s = 0;
  for (let k = 0; k < nz; k++) {
    const dk = dFirst + k * stepMm;
    while (s < d.length - 2 && (d[s + 1] as number) < dk) s++;
    const da = d[s] as number, db = d[s + 1] as number;
    const t = Math.min(1, Math.max(0, (dk - da) / (db - da)));
    const a = hu[s] as Int16Array, b = hu[s + 1] as Int16Array;
    const out = k * nx * ny;
    for (let j = 0; j < ny; j++) {
      const v = (j + j0) * dr; // mm along colDir from slice-0 origin
      for (let i = 0; i < nx; i++) {
        const u = (i + i0) * dc;
        const va = bilinear(a, nx0, ny0, (u - (offU[s] as number)) / dc, (v - (offV[s] as number)) / dr);
        const vb = bilinear(b, nx0, ny0, (u - (offU[s + 1] as number)) / dc, (v - (offV[s + 1] as number)) / dr);
        const val = Number.isNaN(va) ? vb : Number.isNaN(vb) ? va : va + t * (vb - va);
        voxels[out + j * nx + i] = Number.isNaN(val) ? pad : Math.round(val);
      }
    }
  }
  return { dimensions: [nx, ny, nz], spacingMm: [dc, dr, stepMm], originLps, directions: [rowDir, colDir, normal], voxels };
}

/** Bilinear sample at continuous (x = column, y = row); NaN outside the slice. */
function bilinear(img: Int16Array, nx: number, ny: number, x: number, y: number): number {
  if (x < -0.5 || y < -0.5 || x > nx - 0.5 || y > ny - 0.5) return NaN;
  const xc = Math.min(Math.max(x, 0), nx - 1), yc = Math.min(Math.max(y, 0), ny - 1);
  const x0 = Math.min(Math.floor(xc), nx - 2 < 0 ? 0 : nx - 2), y0 = Math.min(Math.floor(yc), ny - 2 < 0 ? 0 : ny - 2);
  const fx = nx > 1 ? xc - x0 : 0, fy = ny > 1 ? yc - y0 : 0;
  const x1 = Math.min(x0 + 1, nx - 1), y1 = Math.min(y0 + 1, ny - 1);
  const p00 = img[y0 * nx + x0] as number, p10 = img[y0 * nx + x1] as number;
  const p01 = img[y1 * nx + x0] as number, p11 = img[y1 * nx + x1] as number;
  return (p00 + fx * (p10 - p00)) * (1 - fy) + (p01 + fx * (p11 - p01)) * fy;
}
