/**
 * The ascending aorta from the image: a bright, round section in the upper slices (the one in front of the
 * descending aorta), followed slice by slice down to its root, where it opens into the left ventricle.
 * Its lumen gives the blood-pool HU and the noise that every later threshold is measured from.
 */
import type { Volume } from '../volume/volume.ts';
import { ijkToLps } from '../volume/volume.ts';

/** Iodinated blood is brighter than this (unenhanced blood and soft tissue ≤ ~100 HU, trabecular bone ≤ 230 HU in the young). */
const IODINE_HU = 200;
/** Aortic diameters, mm: descending 24 ± 3, ascending 33 ± 4 (ULN 41): 2 SD below the descending, room for ectasia above. */
const MIN_AORTA_DIAMETER_MM = 18, MAX_AORTA_DIAMETER_MM = 55;
/**
 * A section has merged with the ventricle's outflow (axial slices cut the oblique valve plane) when its centre
 * jumps by more than MERGE_SHIFT of the radius between neighbouring slices, and at least by more than 1.5
 * slice steps (a tube tilted up to 56° from the feet–head axis moves its centre by 1.5 slice steps per slice).
 */
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
function blobs(volume: Volume, k: number, thresholdHu: number, box: [number, number, number, number], seed?: number, disk?: { ci: number; cj: number; rMm: number }): Blob[] {
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
        if (disk && ((a - disk.ci) * volume.spacingMm[0]) ** 2 + ((b - disk.cj) * volume.spacingMm[1]) ** 2 > disk.rMm * disk.rMm) continue;
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

/** Round, aortic-sized, bright sections of one slice (the two aortas share one blood HU; vena cava and pulmonary artery are dimmer). */
function aorticSections(volume: Volume, k: number): Blob[] {
  const [nx, ny] = volume.dimensions;
  const round = blobs(volume, k, IODINE_HU, [0, nx - 1, 0, ny - 1]).filter((b) => {
    const d = 2 * Math.sqrt(b.area / Math.PI);
    // rMax is the farthest pixel from the centroid (mm): a disc has area ≈ π rMax²
    return !b.touchesBox && d >= MIN_AORTA_DIAMETER_MM && d <= MAX_AORTA_DIAMETER_MM && b.area >= 0.7 * Math.PI * b.rMaxPx * b.rMaxPx;
  });
  const top = Math.max(...round.map((b) => b.meanHu));
  return round.filter((b) => b.meanHu >= 0.8 * top);
}

/**
 * The ascending aorta in the upper half of the volume: on the highest slice that shows both aortas (below the
 * arch), the one in front (anterior is −y in LPS); without such a slice, the widest round section.
 */
function ascendingStart(volume: Volume): { k: number; blob: Blob } | null {
  const nz = volume.dimensions[2];
  const upIsK = volume.directions[2][2] >= 0;
  const stepK = Math.max(1, Math.round(5 / volume.spacingMm[2]));
  const dirJ = volume.directions[1][1];
  let widest: { k: number; blob: Blob } | null = null;
  for (let n = 1; n * stepK < nz / 2; n++) {
    const k = upIsK ? nz - 1 - n * stepK : n * stepK;
    const secs = aorticSections(volume, k);
    if (secs.length >= 2) return { k, blob: secs.sort((a, b) => (a.cj - b.cj) * dirJ)[0]! };
    for (const b of secs) if (!widest || b.area > widest.blob.area) widest = { k, blob: b };
  }
  return widest;
}

export function findAorta(volume: Volume): Aorta | null {
  const [nx, ny] = volume.dimensions;
  const [sx, sy] = volume.spacingMm;
  const upIsK = volume.directions[2][2] >= 0;
  const start = ascendingStart(volume);
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
  const radii: number[] = [];
  let ci = first.ci, cj = first.cj;
  for (let k = k0; k >= 0 && k < nz; k += dk) {
    const rMed = radii.length ? median(radii) : Math.sqrt(first.area / Math.PI);
    // the fill stays within DISK_RATIO × the tube's radius: a neighbour touching the wall adds a sliver only
    const rDisk = DISK_RATIO * rMed;
    const halfI = Math.ceil(rDisk / sx) + 1, halfJ = Math.ceil(rDisk / sy) + 1;
    const box: [number, number, number, number] = [Math.max(0, Math.round(ci) - halfI), Math.min(nx - 1, Math.round(ci) + halfI), Math.max(0, Math.round(cj) - halfJ), Math.min(ny - 1, Math.round(cj) + halfJ)];
    const seed = Math.round(ci) + Math.round(cj) * nx;
    const found = blobs(volume, k, thresholdHu, box, seed, { ci, cj, rMm: rDisk })[0];
    if (!found) break;
    const rim = rimFraction(volume, found, ci, cj, rMed);
    const shiftMm = Math.hypot((found.ci - ci) * sx, (found.cj - cj) * sy);
    const r = Math.sqrt(found.area / Math.PI);
    if (rim > MERGE_RIM_FRACTION || r < 0.5 * rMed || shiftMm > Math.max(1.5 * volume.spacingMm[2], MERGE_SHIFT * rMed)) break;
    radii.push(r);
    ci = found.ci; cj = found.cj;
    const c = ijkToLps(volume, [ci, cj, k]);
    out.push({ k, centreLps: [c[0], c[1], c[2]], centreIj: [ci, cj], radiusMm: r });
  }
  return out;
}

/** Fill radius limit, × the tube's median radius. */
const DISK_RATIO = 1.35;
/**
 * Fraction of the outer ring (1.2–1.35 × the radius) that the fill covers: a round tube leaves it empty, a
 * neighbour touching one side covers a sliver, the ventricle's outflow opening into the root covers a wide arc.
 */
const MERGE_RIM_FRACTION = 0.35;

function rimFraction(volume: Volume, b: Blob, ci: number, cj: number, rMed: number): number {
  const [nx] = volume.dimensions;
  const [sx, sy] = volume.spacingMm;
  const inRing = (i: number, j: number): boolean => { const d = Math.hypot((i - ci) * sx, (j - cj) * sy); return d >= 1.2 * rMed && d <= DISK_RATIO * rMed; };
  let covered = 0;
  for (const p of b.pixels) { const i = p % nx, j = (p - i) / nx; if (inRing(i, j)) covered++; }
  const ringArea = Math.PI * ((DISK_RATIO * rMed) ** 2 - (1.2 * rMed) ** 2);
  return (covered * sx * sy) / ringArea;
}
