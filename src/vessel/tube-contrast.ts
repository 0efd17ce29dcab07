/**
 * Tube against flat tissue, measured on the image: a coronary lumen is bright in a small disk and darker all
 * around it (fat, wall), except along its own axis; flat bright tissue (the myocardium, 80–150 HU and more
 * with noise) is as bright as its surroundings. The surroundings' level at a voxel is the median of the
 * voxels on a sphere of radius SHELL_MM around it, lumen-bright ones left out (the tube's own axis, a branch,
 * a chamber or the aorta beside an ostium): a lumen stands far above it, the myocardium does not.
 */
import type { Volume } from '../volume/volume.ts';

/**
 * shell radius, mm: beyond the widest coronary lumen (radius ≤ ~2.5 mm) blurred by the point spread, and
 * within half of the myocardium's thickness (≥ ~6 mm) so that a voxel inside it sees myocardium all around
 */
export const SHELL_MM = 3;

/** Voxel offsets (di, dj, dk) of the 26 directions of the 3×3×3 neighbourhood scaled to SHELL_MM. */
export function shellOffsets(spacingMm: readonly [number, number, number], radiusMm = SHELL_MM): Int32Array {
  const out: number[] = [];
  for (let dk = -1; dk <= 1; dk++) for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) {
    if (!di && !dj && !dk) continue;
    const n = Math.hypot(di, dj, dk);
    out.push(Math.round((radiusMm * di) / n / spacingMm[0]), Math.round((radiusMm * dj) / n / spacingMm[1]), Math.round((radiusMm * dk) / n / spacingMm[2]));
  }
  return Int32Array.from(out);
}

/**
 * Median HU of the shell around voxel (i, j, k), samples at or above `brightHu` left out (NaN when all are
 * that bright: inside a chamber); shell points outside the volume are clamped to its border.
 */
export function shellMedianOf(volume: Volume, offsets: Int32Array, brightHu: number): (i: number, j: number, k: number) => number {
  const [nx, ny, nz] = volume.dimensions;
  const nxy = nx * ny;
  const vox = volume.voxels;
  const vals = new Float64Array(offsets.length / 3);
  const cl = (v: number, m: number): number => (v < 0 ? 0 : v >= m ? m - 1 : v);
  return (i, j, k) => {
    let n = 0;
    for (let q = 0; q < offsets.length; q += 3) {
      const v = vox[cl(i + offsets[q]!, nx) + cl(j + offsets[q + 1]!, ny) * nx + cl(k + offsets[q + 2]!, nz) * nxy]!;
      if (v < brightHu) vals[n++] = v;
    }
    if (n === 0) return NaN;
    const h = n >> 1;
    select(vals, n, h);
    if (n & 1) return vals[h]!;
    // the lower middle: the largest of the values the selection left before h
    let lo = vals[0]!;
    for (let m = 1; m < h; m++) if (vals[m]! > lo) lo = vals[m]!;
    return 0.5 * (lo + vals[h]!);
  };
}

/** Partially orders a[0…n) so that a[h] is the value sorted order puts there, none after it smaller, none before it larger. */
function select(a: Float64Array, n: number, h: number): void {
  let lo = 0, hi = n - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) { const t = a[i]!; a[i] = a[j]!; a[j] = t; i++; j--; }
    }
    if (h <= j) hi = j;
    else if (h >= i) lo = i;
    else return;
  }
}

/**
 * Tube likelihood (0…1) of a voxel from its contrast over the surroundings, `contrastHu` = its smoothed HU minus
 * the shell median: 0 at or below a quarter of the lumen level (flat tissue: contrast ≈ noise), 1 from half of it
 * up (a lumen in fat or wall stands a whole lumen level and more above them). Inside a chamber (NaN) it is 1: the
 * chamber rule prices it.
 */
export function tubeLikelihood(contrastHu: number, lumenHu: number): number {
  if (!(contrastHu === contrastHu)) return 1;
  const lo = 0.25 * lumenHu, hi = 0.5 * lumenHu;
  return contrastHu <= lo ? 0 : contrastHu >= hi ? 1 : (contrastHu - lo) / (hi - lo);
}
