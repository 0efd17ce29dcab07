/**
 * Tube against flat tissue, measured on the image: a coronary lumen is bright in a small disk and darker all
 * around it (fat, wall), except along its own axis; flat bright tissue (the myocardium, 80–150 HU and more
 * with noise) is as bright as its surroundings. The surroundings are read on a sphere of radius SHELL_MM around
 * the voxel, lumen-bright points left out (the tube's own axis, a branch, a chamber or the aorta beside an ostium):
 * their median (the seed check), or the ridge floor (the path cost: across a tube both sides are darker, across the
 * myocardium's face one side is the tissue itself). A lumen stands far above either; the myocardium does not.
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

/** The raw voxel at (i, j, k), clamped to the volume's border. */
export function voxelAt(volume: Volume): (i: number, j: number, k: number) => number {
  const [nx, ny, nz] = volume.dimensions;
  const vox = volume.voxels;
  const cl = (v: number, m: number): number => (v < 0 ? 0 : v >= m ? m - 1 : v);
  return (i, j, k) => vox[cl(i, nx) + cl(j, ny) * nx + cl(k, nz) * nx * ny]!;
}

/** HU smoothed [1 2 1]/4 per axis at an interior voxel's linear index (27 reads). */
export function smoothedHuAtIndex(volume: Volume): (idx: number) => number {
  const [nx, ny] = volume.dimensions;
  const nxy = nx * ny;
  const vox = volume.voxels;
  return (idx) => {
    let v = 0;
    for (let dk = -1; dk <= 1; dk++) {
      const wk = dk === 0 ? 2 : 1;
      for (let dj = -1; dj <= 1; dj++) {
        const w = wk * (dj === 0 ? 2 : 1);
        const c = idx + dk * nxy + dj * nx;
        v += w * (vox[c - 1]! + 2 * vox[c]! + vox[c + 1]!);
      }
    }
    return v / 64;
  };
}

/** The linear index of voxel (i, j, k) clamped one voxel inside the volume's border. */
export function interiorIndexOf(volume: Volume): (i: number, j: number, k: number) => number {
  const [nx, ny, nz] = volume.dimensions;
  const cl = (v: number, m: number): number => (v < 1 ? 1 : v > m - 2 ? m - 2 : v);
  return (i, j, k) => cl(i, nx) + cl(j, ny) * nx + cl(k, nz) * nx * ny;
}

/**
 * Ridge floor around voxel (i, j, k): for each antipodal pair of shell points (the 13 lines through the voxel),
 * the brighter of its two ends (lumen-bright ends at or above `brightHu` left out, a line with both left out
 * skipped), and of those the second lowest (NaN when no line is left: inside a chamber). A tube is a ridge: across
 * it, both sides are darker, so several lines (those perpendicular to its axis) end in fat or wall at both ends,
 * even for a vessel lying on the myocardium (the lines parallel to its surface). Flat tissue near its face (the
 * myocardium under the epicardial fat) is a step edge: every line through it ends in the tissue on one side, so
 * the floor is the tissue's own level. The second lowest, not the lowest: one line ending in noise does not make
 * a ridge. `valueAt` samples the image (default: the raw voxel): the floor is a low order statistic, which single
 * noisy voxels drag down by more than a standard deviation, so the path search reads it on smoothed HU.
 */
export function ridgeFloorOf(volume: Volume, offsets: Int32Array, brightHu: number, valueAt: (i: number, j: number, k: number) => number = voxelAt(volume)): (i: number, j: number, k: number, stopHu?: number) => number {
  const dirs = offsets.length / 3;
  const at = (i: number, j: number, k: number, q: number): number => valueAt(i + offsets[3 * q]!, j + offsets[3 * q + 1]!, k + offsets[3 * q + 2]!);
  // `stopHu`: the caller needs no lower floor than that, so the second lowest so far is returned once at or below it
  return (i, j, k, stopHu = -Infinity) => {
    let lo1 = Infinity, lo2 = Infinity;
    // shellOffsets lists the directions so that direction q and dirs − 1 − q are opposite
    for (let q = 0; q < dirs >> 1 && lo2 > stopHu; q++) {
      const a = at(i, j, k, q);
      // a line whose nearer end is already no lower than the second lowest changes nothing
      if (a < brightHu && a >= lo2) continue;
      const b = at(i, j, k, dirs - 1 - q);
      const top = a < brightHu ? (b < brightHu ? Math.max(a, b) : a) : b < brightHu ? b : NaN;
      if (!(top === top)) continue;
      if (top < lo1) { lo2 = lo1; lo1 = top; } else if (top < lo2) lo2 = top;
    }
    return lo2 < Infinity ? lo2 : lo1 < Infinity ? lo1 : NaN;
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
 * the ridge floor: 0 at or below a quarter of `lumenContrastHu` (flat tissue: contrast ≈ noise), 1 from half of it
 * up. `lumenContrastHu` is what the dimmest seed's lumen stands above its own surroundings (or its level, which a
 * lumen in fat or wall stands above them at least). Inside a chamber (NaN) it is 1: the chamber rule prices it.
 */
export function tubeLikelihood(contrastHu: number, lumenContrastHu: number): number {
  if (!(contrastHu === contrastHu)) return 1;
  const lo = 0.25 * lumenContrastHu, hi = 0.5 * lumenContrastHu;
  return contrastHu <= lo ? 0 : contrastHu >= hi ? 1 : (contrastHu - lo) / (hi - lo);
}
