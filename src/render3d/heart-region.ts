/**
 * The heart isolated for the 3D view, measured on the image: the blood pool in the ascending aorta
 * (src/tree/aorta.ts), the myocardium around its root, the chambers and great vessels as one opened mask
 * (src/tree/masks.ts); what stays visible is what lies within reach of the chambers that hold the aortic root
 * and nearer to them than to any other great vessel (the descending aorta). The spine, the sternum and the ribs
 * fall outside; the coronaries on the heart's surface stay in. Pure, no DOM.
 */
import type { Volume, Vec3 } from '../volume/volume.ts';
import { findAorta } from '../tree/aorta.ts';
import { lumenThresholdHu, tissueHu } from '../tree/levels.ts';
import { bigStructureMask } from '../tree/masks.ts';
import { squaredEdt } from '../tree/edt.ts';
import type { CoronaryLevels } from './transfer.ts';

/**
 * Reach of the coronaries from the chambers' lumen, mm: the myocardium (septum 10.8 ± 1.8 mm in men, so ≤ 14.4
 * at 2 SD) plus an epicardial vessel (≤ 5 mm wide).
 */
export const CORONARY_REACH_MM = 20;
/** Another great vessel's lumen (descending aorta) owns the voxels this near it (mm): its wall and partial volume. */
const OTHER_VESSEL_MM = 5;
/** A bright structure apart from the heart's lumen is kept when at least this fraction of it is within reach. */
const NEARBY_FRACTION = 0.5;
/** Air, HU: what the crop sets outside the heart's reach. */
const AIR_HU = -1000;

export interface HeartRegion {
  readonly levels: CoronaryLevels;
  /** the heart's reach on the input grid: first and last voxel index along i, j, k (inclusive) */
  readonly boxLo: readonly [number, number, number];
  readonly boxHi: readonly [number, number, number];
  /** the crop of the input volume to the box, air outside the heart's reach */
  readonly volume: Volume;
  /** LPS centre of the box */
  readonly centreLps: Vec3;
  /** diagonal of the box, mm */
  readonly diagonalMm: number;
}

/**
 * The heart's region in a coarse (~0.75 mm) CT volume of block means; null when no contrast-filled aorta is found.
 * The crop is taken from `display` (same grid, e.g. block maxima). Levels are measured on the means; the chambers' mask and distances on a copy twice as coarse (they need no detail and
 * cost 8 times less there).
 */
export function heartRegion(volume: Volume, display: Volume = volume): HeartRegion | null {
  if (display.voxels.length !== volume.voxels.length) throw new Error('heartRegion: the display volume must share the measured volume\'s grid');
  const aorta = findAorta(volume);
  if (!aorta || aorta.sections.length === 0) return null;
  const tissue = tissueHu(volume, aorta);
  const thresholdHu = lumenThresholdHu(aorta.bloodHu, tissue);
  const half = halveVolume(volume);
  const { grid, big } = bigStructureMask(half, thresholdHu);
  if (grid.factor.some((f) => f !== 1)) throw new Error(`heartRegion: voxels of ${volume.spacingMm.join(' × ')} mm are too fine; downsample first`);
  const labels = labelComponents(big, grid.dims);
  const root = aorta.sections[aorta.sections.length - 1]!;
  const heartId = labelNear(labels, grid.dims, [Math.floor(root.centreIj[0] / 2), Math.floor(root.centreIj[1] / 2), Math.floor(root.k / 2)]);
  if (heartId < 0) return null;
  const zone = reachZone(labels, heartId, grid.dims, half.spacingMm);
  const [hx, hy] = grid.dims;
  const inZone = (i: number, j: number, k: number) => zone[(i >> 1) + hx * ((j >> 1) + hy * (k >> 1))] === 1;
  const keep = lumenFromHeart(volume, thresholdHu, (i, j, k) => labels[(i >> 1) + hx * ((j >> 1) + hy * (k >> 1))] === heartId);
  keepSmallNearby(volume, thresholdHu, keep, inZone);
  const [nx, ny, nz] = volume.dimensions;
  const lo: [number, number, number] = [nx, ny, nz], hi: [number, number, number] = [-1, -1, -1];
  for (let k = 0, q = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, q++) {
    if (!keep[q]) continue;
    if (i < lo[0]) lo[0] = i; if (i > hi[0]) hi[0] = i;
    if (j < lo[1]) lo[1] = j; if (j > hi[1]) hi[1] = j;
    if (k < lo[2]) lo[2] = k; if (k > hi[2]) hi[2] = k;
  }
  // what is not kept stays as tissue, not air: the kept surfaces keep their own edge
  const crop = cropVolume(display, lo, hi, keep, tissue);
  const [sx, sy, sz] = volume.spacingMm;
  const mid = lo.map((v, a) => (v + hi[a]!) / 2);
  const d = volume.directions, o = volume.originLps;
  const centreLps = [0, 1, 2].map((a) => o[a]! + mid[0]! * sx * d[0][a]! + mid[1]! * sy * d[1][a]! + mid[2]! * sz * d[2][a]!) as unknown as Vec3;
  const diagonalMm = Math.hypot((hi[0] - lo[0] + 1) * sx, (hi[1] - lo[1] + 1) * sy, (hi[2] - lo[2] + 1) * sz);
  return { levels: { bloodHu: aorta.bloodHu, tissueHu: tissue, noiseSdHu: aorta.noiseSdHu }, boxLo: lo, boxHi: hi, volume: crop, centreLps, diagonalMm };
}

/**
 * 1 where a voxel lies within CORONARY_REACH_MM of the heart's chambers, unless it belongs to another great
 * vessel (nearer to it than to the heart and within OTHER_VESSEL_MM of its lumen).
 */
function reachZone(labels: Int32Array, heartId: number, dims: readonly [number, number, number], spacingMm: readonly [number, number, number]): Uint8Array {
  const dHeart = new Float32Array(labels.length);
  const dOther = new Float32Array(labels.length);
  for (let q = 0; q < labels.length; q++) {
    dHeart[q] = labels[q] === heartId ? 0 : Infinity;
    dOther[q] = labels[q]! >= 0 && labels[q] !== heartId ? 0 : Infinity;
  }
  squaredEdt(dHeart, dims, spacingMm);
  squaredEdt(dOther, dims, spacingMm);
  const reach2 = CORONARY_REACH_MM * CORONARY_REACH_MM, other2 = OTHER_VESSEL_MM * OTHER_VESSEL_MM;
  const zone = new Uint8Array(labels.length);
  for (let q = 0; q < labels.length; q++) zone[q] = dHeart[q]! <= reach2 && !(dOther[q]! < dHeart[q]! && dOther[q]! <= other2) ? 1 : 0;
  return zone;
}

/**
 * The contrast-filled lumen connected to the heart's chambers (26-connected, ≥ thresholdHu), grown by one voxel
 * for the edge's partial volume: the coronaries from their ostia, however far they run from the chambers.
 */
function lumenFromHeart(volume: Volume, thresholdHu: number, inHeart: (i: number, j: number, k: number) => boolean): Uint8Array {
  const [nx, ny, nz] = volume.dimensions;
  const nxy = nx * ny;
  const v = volume.voxels;
  const seen = new Uint8Array(v.length);
  const stack = new Int32Array(v.length);
  let top = 0;
  for (let k = 0, q = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, q++) {
    if (v[q]! >= thresholdHu && inHeart(i, j, k)) { seen[q] = 1; stack[top++] = q; }
  }
  const out = new Uint8Array(v.length);
  while (top) {
    const q = stack[--top]!;
    const i = q % nx, j = ((q - i) / nx) % ny, k = Math.floor(q / nxy);
    for (let dk = -1; dk <= 1; dk++) for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) {
      const a = i + di, b = j + dj, c = k + dk;
      if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
      const r = a + nx * b + nxy * c;
      out[r] = 1;
      if (!seen[r] && v[r]! >= thresholdHu) { seen[r] = 1; stack[top++] = r; }
    }
  }
  return out;
}

/**
 * Adds to `keep` the bright structures (≥ thresholdHu, 26-connected) not joined to the heart's lumen that lie
 * mostly within the heart's reach: a coronary segment cut off by a tight stenosis or by noise. The spine, the
 * sternum and the ribs reach far beyond it and stay out.
 */
function keepSmallNearby(volume: Volume, thresholdHu: number, keep: Uint8Array, inZone: (i: number, j: number, k: number) => boolean): void {
  const [nx, ny, nz] = volume.dimensions;
  const nxy = nx * ny;
  const v = volume.voxels;
  const seen = new Uint8Array(v.length);
  const members: number[] = [];
  for (let s = 0; s < v.length; s++) {
    if (seen[s] || keep[s] || v[s]! < thresholdHu) continue;
    members.length = 0;
    members.push(s);
    seen[s] = 1;
    let inside = 0;
    for (let h = 0; h < members.length; h++) {
      const q = members[h]!;
      const i = q % nx, j = ((q - i) / nx) % ny, k = Math.floor(q / nxy);
      if (inZone(i, j, k)) inside++;
      for (let dk = -1; dk <= 1; dk++) for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) {
        const a = i + di, b = j + dj, c = k + dk;
        if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
        const r = a + nx * b + nxy * c;
        if (!seen[r] && !keep[r] && v[r]! >= thresholdHu) { seen[r] = 1; members.push(r); }
      }
    }
    if (inside < NEARBY_FRACTION * members.length) continue;
    for (const q of members) {
      const i = q % nx, j = ((q - i) / nx) % ny, k = Math.floor(q / nxy);
      for (let dk = -1; dk <= 1; dk++) for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) {
        const a = i + di, b = j + dj, c = k + dk;
        if (a >= 0 && b >= 0 && c >= 0 && a < nx && b < ny && c < nz) keep[a + nx * b + nxy * c] = 1;
      }
    }
  }
}

/** Block means over 2 × 2 × 2 voxels (the last block of an odd axis is partial). */
export function halveVolume(volume: Volume): Volume {
  const [nx, ny, nz] = volume.dimensions;
  const dims: [number, number, number] = [Math.ceil(nx / 2), Math.ceil(ny / 2), Math.ceil(nz / 2)];
  const sum = new Float32Array(dims[0] * dims[1] * dims[2]);
  const cnt = new Uint8Array(sum.length);
  for (let k = 0, q = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, q++) {
    const c = (i >> 1) + dims[0] * ((j >> 1) + dims[1] * (k >> 1));
    sum[c] = sum[c]! + volume.voxels[q]!;
    cnt[c] = cnt[c]! + 1;
  }
  const voxels = new Int16Array(sum.length);
  for (let c = 0; c < sum.length; c++) voxels[c] = Math.round(sum[c]! / cnt[c]!);
  const [sx, sy, sz] = volume.spacingMm;
  const d = volume.directions, o = volume.originLps;
  const originLps = [0, 1, 2].map((a) => o[a]! + 0.5 * (sx * d[0][a]! + sy * d[1][a]! + sz * d[2][a]!)) as unknown as Vec3;
  return { dimensions: dims, spacingMm: [2 * sx, 2 * sy, 2 * sz], directions: volume.directions, originLps, voxels };
}

/** The box [lo, hi] of `volume` as its own volume; voxels where `keep` (full grid) is 0 are clamped to outsideMaxHu (default air). */
export function cropVolume(volume: Volume, lo: readonly number[], hi: readonly number[], keep?: Uint8Array, outsideMaxHu = AIR_HU): Volume {
  const [nx, ny] = volume.dimensions;
  const dims: [number, number, number] = [hi[0]! - lo[0]! + 1, hi[1]! - lo[1]! + 1, hi[2]! - lo[2]! + 1];
  if (dims.some((n) => n < 2)) throw new Error(`cropVolume: box ${dims.join(' × ')} is too small to render`);
  const voxels = new Int16Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0, p = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) {
    const row = lo[0]! + nx * (lo[1]! + j + ny * (lo[2]! + k));
    for (let i = 0; i < dims[0]; i++, p++) voxels[p] = !keep || keep[row + i] ? volume.voxels[row + i]! : Math.min(outsideMaxHu, volume.voxels[row + i]!);
  }
  const [sx, sy, sz] = volume.spacingMm;
  const d = volume.directions, o = volume.originLps;
  const originLps = [0, 1, 2].map((a) => o[a]! + lo[0]! * sx * d[0][a]! + lo[1]! * sy * d[1][a]! + lo[2]! * sz * d[2][a]!) as unknown as Vec3;
  return { dimensions: dims, spacingMm: volume.spacingMm, directions: volume.directions, originLps, voxels };
}

/** 6-connected components of a 0/1 mask: label per voxel (−1 outside). */
export function labelComponents(mask: Uint8Array, dims: readonly [number, number, number]): Int32Array {
  const [nx, ny, nz] = dims;
  const nxy = nx * ny;
  const labels = new Int32Array(mask.length).fill(-1);
  const stack = new Int32Array(mask.length);
  let next = 0;
  for (let s = 0; s < mask.length; s++) {
    if (!mask[s] || labels[s]! >= 0) continue;
    let top = 0;
    stack[top++] = s;
    labels[s] = next;
    while (top) {
      const q = stack[--top]!;
      const i = q % nx, j = ((q - i) / nx) % ny, k = Math.floor(q / nxy);
      const push = (r: number) => { if (mask[r] && labels[r]! < 0) { labels[r] = next; stack[top++] = r; } };
      if (i > 0) push(q - 1);
      if (i < nx - 1) push(q + 1);
      if (j > 0) push(q - nx);
      if (j < ny - 1) push(q + nx);
      if (k > 0) push(q - nxy);
      if (k < nz - 1) push(q + nxy);
    }
    next++;
  }
  return labels;
}

/** Label of the voxel nearest to (i, j, k) that has one, searched within 5 voxels; −1 if none. */
function labelNear(labels: Int32Array, dims: readonly [number, number, number], at: readonly [number, number, number]): number {
  const [nx, ny, nz] = dims;
  for (let r = 0; r <= 5; r++) {
    for (let dk = -r; dk <= r; dk++) for (let dj = -r; dj <= r; dj++) for (let di = -r; di <= r; di++) {
      if (Math.max(Math.abs(di), Math.abs(dj), Math.abs(dk)) !== r) continue;
      const i = at[0] + di, j = at[1] + dj, k = at[2] + dk;
      if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) continue;
      const l = labels[i + nx * (j + ny * k)]!;
      if (l >= 0) return l;
    }
  }
  return -1;
}
