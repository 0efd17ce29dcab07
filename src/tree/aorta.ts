/**
 * The ascending aorta from the image: a bright, round section in the upper slices (the one in front of the
 * descending aorta), followed slice by slice down to its root, where it opens into the left ventricle.
 * Its lumen gives the blood-pool HU and the noise that every later threshold is measured from.
 */
import type { Volume } from '../volume/volume.ts';
import { ijkToLps } from '../volume/volume.ts';

/** Iodinated blood is brighter than this (unenhanced blood and soft tissue ≤ ~100 HU, trabecular bone ≤ 230 HU in the young). */
const IODINE_HU = 200;
/** Aortic diameters, mm: descending 24 ± 3, ascending 33 ± 4 (ULN 41), with room for ectasia. */
const MIN_AORTA_DIAMETER_MM = 16, MAX_AORTA_DIAMETER_MM = 55;
/**
 * A section has merged with the ventricle's outflow (axial slices cut the oblique valve plane) when its area
 * grows past this ratio of the tube's median area or its centre jumps by more than MERGE_SHIFT of the radius
 * between neighbouring slices (a tube tilted 45° moves its centre by one slice step per slice).
 */
const MERGE_AREA_RATIO = 1.4;
const MERGE_SHIFT = 0.1;

export interface AortaSection {
  readonly k: number;
  readonly centreLps: [number, number, number];
  /** centre in fine voxels (i, j) on slice k */
  readonly centreIj: [number, number];
  readonly radiusMm: number;
}

export interface Aorta {
  /** median HU of the ascending aortic lumen */
  readonly bloodHu: number;
  /** robust SD of the lumen HU (noise) */
  readonly noiseSdHu: number;
  /** from the top slice down to the root */
  readonly sections: AortaSection[];
}

interface Blob { pixels: Int32Array; area: number; ci: number; cj: number; rMaxPx: number; meanHu: number; touchesBox: boolean }

/** 2D components of slice k above thresholdHu, within [i0, i1] × [j0, j1], optionally from one seed pixel. */
function blobs(volume: Volume, k: number, thresholdHu: number, box: [number, number, number, number], seed?: number): Blob[] {
  const [nx, ny] = volume.dimensions;
  const [i0, i1, j0, j1] = box;
  const off = k * nx * ny;
  const seen = new Uint8Array(nx * ny);
  const out: Blob[] = [];
  const stack: number[] = [];
  const starts = seed !== undefined ? [seed] : Array.from({ length: (i1 - i0 + 1) * (j1 - j0 + 1) }, (_, q) => i0 + (q % (i1 - i0 + 1)) + (j0 + Math.floor(q / (i1 - i0 + 1))) * nx);
  for (const s0 of starts) {
    if (seen[s0] || volume.voxels[off + s0]! < thresholdHu) continue;
    const px: number[] = [];
    let sum = 0, si = 0, sj = 0, touches = false;
    stack.push(s0); seen[s0] = 1;
    while (stack.length) {
      const p = stack.pop()!;
      px.push(p);
      const i = p % nx, j = (p - i) / nx;
      sum += volume.voxels[off + p]!; si += i; sj += j;
      if (i === i0 || i === i1 || j === j0 || j === j1) touches = true;
      for (const [di, dj] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
        const a = i + di, b = j + dj;
        if (a < i0 || a > i1 || b < j0 || b > j1) continue;
        const q = a + b * nx;
        if (!seen[q] && volume.voxels[off + q]! >= thresholdHu) { seen[q] = 1; stack.push(q); }
      }
    }
    const ci = si / px.length, cj = sj / px.length;
    let r2 = 0;
    const [sx, sy] = volume.spacingMm;
    for (const p of px) { const i = p % nx, j = (p - i) / nx; r2 = Math.max(r2, ((i - ci) * sx) ** 2 + ((j - cj) * sy) ** 2); }
    out.push({ pixels: Int32Array.from(px), area: px.length * sx * sy, ci, cj, rMaxPx: Math.sqrt(r2), meanHu: sum / px.length, touchesBox: touches });
  }
  return out;
}

function median(a: number[]): number {
  const s = a.slice().sort((x, y) => x - y);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
}

/** The ascending aorta's section on one upper slice: round, aortic-sized, the brightest, the most anterior of the bright ones. */
function ascendingOnSlice(volume: Volume, k: number): Blob | null {
  const [nx, ny] = volume.dimensions;
  const round = blobs(volume, k, IODINE_HU, [0, nx - 1, 0, ny - 1]).filter((b) => {
    const d = 2 * Math.sqrt(b.area / Math.PI);
    // rMax is the farthest pixel from the centroid (mm): a disc has area ≈ π rMax²
    return !b.touchesBox && d >= MIN_AORTA_DIAMETER_MM && d <= MAX_AORTA_DIAMETER_MM && b.area >= 0.7 * Math.PI * b.rMaxPx * b.rMaxPx;
  });
  if (!round.length) return null;
  const top = Math.max(...round.map((b) => b.meanHu));
  // the two aortas share one blood HU; the vena cava and pulmonary artery are dimmer
  const bright = round.filter((b) => b.meanHu >= 0.8 * top);
  const dirJ = volume.directions[1][1];
  // anterior is −y in LPS: the smallest y along j
  bright.sort((a, b) => (a.cj - b.cj) * dirJ);
  return bright[0]!;
}

export function findAorta(volume: Volume): Aorta | null {
  const [nx, ny, nz] = volume.dimensions;
  const [sx, sy, sz] = volume.spacingMm;
  const upIsK = volume.directions[2][2] >= 0;
  const stepK = Math.max(1, Math.round(5 / sz));
  let start: { k: number; blob: Blob } | null = null;
  for (let n = 2; n * stepK < nz / 2 && !start; n++) {
    const k = upIsK ? nz - 1 - n * stepK : n * stepK;
    const b = ascendingOnSlice(volume, k);
    if (b) start = { k, blob: b };
  }
  if (!start) return null;
  const { blob } = start;
  const rEq = Math.sqrt(blob.area / Math.PI);
  const inner: number[] = [];
  const off = start.k * nx * ny;
  for (const p of blob.pixels) {
    const i = p % nx, j = (p - i) / nx;
    if (Math.hypot((i - blob.ci) * sx, (j - blob.cj) * sy) <= rEq - 2) inner.push(volume.voxels[off + p]!);
  }
  const bloodHu = median(inner);
  const mad = median(inner.map((h) => Math.abs(h - bloodHu)));
  const noiseSdHu = 1.4826 * mad;
  const sections = trackDown(volume, start.k, blob, bloodHu, upIsK ? -1 : 1);
  return { bloodHu, noiseSdHu, sections };
}

/** Slice by slice from the start section towards the feet, until the section merges with the ventricle or vanishes. */
function trackDown(volume: Volume, k0: number, first: Blob, bloodHu: number, dk: number): AortaSection[] {
  const [nx, ny, nz] = volume.dimensions;
  const [sx, sy] = volume.spacingMm;
  // half-maximum edge of the lumen against tissue near 0 HU
  const thresholdHu = bloodHu / 2;
  const out: AortaSection[] = [];
  const areas: number[] = [];
  let ci = first.ci, cj = first.cj, r = Math.sqrt(first.area / Math.PI);
  for (let k = k0; k >= 0 && k < nz; k += dk) {
    const halfI = Math.ceil((2 * r + 10) / sx), halfJ = Math.ceil((2 * r + 10) / sy);
    const box: [number, number, number, number] = [Math.max(0, Math.round(ci) - halfI), Math.min(nx - 1, Math.round(ci) + halfI), Math.max(0, Math.round(cj) - halfJ), Math.min(ny - 1, Math.round(cj) + halfJ)];
    const seed = Math.round(ci) + Math.round(cj) * nx;
    const found = blobs(volume, k, thresholdHu, box, seed)[0];
    if (!found) break;
    const medArea = areas.length ? median(areas) : found.area;
    const shiftMm = Math.hypot((found.ci - ci) * sx, (found.cj - cj) * sy);
    if (found.touchesBox || found.area > MERGE_AREA_RATIO * medArea || shiftMm > Math.max(volume.spacingMm[2], MERGE_SHIFT * r)) break;
    areas.push(found.area);
    ci = found.ci; cj = found.cj; r = Math.sqrt(found.area / Math.PI);
    const c = ijkToLps(volume, [ci, cj, k]);
    out.push({ k, centreLps: [c[0], c[1], c[2]], centreIj: [ci, cj], radiusMm: r });
  }
  return out;
}
