/**
 * Thin vessels fade under the tree's lumen threshold (half-way between the blood pool and the myocardium) well
 * before they end: a 1.2 mm distal LAD under a 1 mm PSF peaks near 250 HU on fat, under a ~300 HU threshold. From
 * each leaf of the skeleton the vessel is followed on as a bright ridge judged against its own surroundings: step
 * by step, the brightest point (smoothed) of the section ahead, kept while it stands out of the fat around it and
 * above the myocardium (it holds iodine) by SNR_MIN noise SDs of that smoothed value, measured on the blood pool.
 * Pure, no DOM.
 */
import type { Lps, Vec3, Volume } from '../volume/volume.ts';

export interface TrackContext {
  /** SD of sectionMeanHu over homogeneous blood (smoothNoiseSdHu): the noise every contrast is judged against */
  readonly smoothNoiseSdHu: number;
  /** the myocardium's HU: a lumen holding iodine is brighter */
  readonly tissueHu: number;
  /** fine voxel index in a chamber or great vessel (the opened mask) */
  readonly isBig: (q: number) => boolean;
  /** fine voxel index already in a tree (this one or another): the track stops where it meets one */
  readonly isTaken: (q: number) => boolean;
}

export interface Track {
  /** from the first point past the leaf on, every STEP_MM */
  readonly pointsLps: Lps[];
  /** half-level radius at each point, mm */
  readonly radiiMm: number[];
}

/** Step along the vessel, mm: a coronary bends with a radius of several mm, so the tangent holds over it. */
const STEP_MM = 0.5;
/** The section ahead is searched this far from the predicted point (mm): the last centre's noise error (about a PSF half-width) and the bend over a step. */
const SEARCH_MM = 0.6;
/**
 * Contrast needed, in SDs of the smoothed value: the best of the ~30 positions searched on pure noise exceeds 5 SD
 * with a probability near 1e-5 a step.
 */
const SNR_MIN = 5;
/** A dip this long (mm) is tolerated (a noise trough, a calcified spot); the track is cut back to before it. */
const GAP_MM = 1.5;
/** The fat around a vessel is read on this ring in its section (mm): beyond a 1 mm lumen blurred by a ~1 mm PSF. */
const RING_MM = [2, 2.5, 3] as const;
/** No coronary turns more than this in one step (degrees): a turn that sharp is a jump to something else. */
const MAX_TURN_DEG = 45;
/** Safety bound on one track (mm): longer than any coronary beyond its visible part. */
const MAX_TRACK_MM = 200;

/** HU at LPS p, trilinear (axis-aligned volumes), or NaN outside. */
export function sampleHu(volume: Volume, p: readonly number[]): number {
  const [nx, ny, nz] = volume.dimensions;
  const x = (p[0]! - volume.originLps[0]) / (volume.spacingMm[0] * volume.directions[0][0]);
  const y = (p[1]! - volume.originLps[1]) / (volume.spacingMm[1] * volume.directions[1][1]);
  const z = (p[2]! - volume.originLps[2]) / (volume.spacingMm[2] * volume.directions[2][2]);
  if (!(x >= 0 && y >= 0 && z >= 0 && x <= nx - 1 && y <= ny - 1 && z <= nz - 1)) return NaN;
  const i = Math.min(Math.floor(x), nx - 2), j = Math.min(Math.floor(y), ny - 2), k = Math.min(Math.floor(z), nz - 2);
  const fx = x - i, fy = y - j, fz = z - k;
  const v = volume.voxels, sxy = nx * ny, b = i + j * nx + k * sxy;
  const c00 = v[b]! + fx * (v[b + 1]! - v[b]!), c10 = v[b + nx]! + fx * (v[b + nx + 1]! - v[b + nx]!);
  const c01 = v[b + sxy]! + fx * (v[b + sxy + 1]! - v[b + sxy]!), c11 = v[b + sxy + nx]! + fx * (v[b + sxy + nx + 1]! - v[b + sxy + nx]!);
  const c0 = c00 + fy * (c10 - c00), c1 = c01 + fy * (c11 - c01);
  return c0 + fz * (c1 - c0);
}

/** Fine voxel index nearest LPS p, or −1 outside. */
function voxelAt(volume: Volume, p: readonly number[]): number {
  const [nx, ny, nz] = volume.dimensions;
  const ijk = [0, 1, 2].map((a) => Math.round((p[a]! - volume.originLps[a]!) / (volume.spacingMm[a]! * volume.directions[a]![a]!)));
  if (ijk.some((x, a) => x! < 0 || x! >= [nx, ny, nz][a]!)) return -1;
  return ijk[0]! + nx * (ijk[1]! + ny * ijk[2]!);
}

interface Frame { readonly d: Vec3; readonly n: Vec3; readonly b: Vec3 }

function frameOf(d: Vec3): Frame {
  const a: Vec3 = Math.abs(d[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const n0: Vec3 = [d[1] * a[2] - d[2] * a[1], d[2] * a[0] - d[0] * a[2], d[0] * a[1] - d[1] * a[0]];
  const l = Math.hypot(...n0);
  const n: Vec3 = [n0[0] / l, n0[1] / l, n0[2] / l];
  return { d, n, b: [d[1] * n[2] - d[2] * n[1], d[2] * n[0] - d[0] * n[2], d[0] * n[1] - d[1] * n[0]] };
}

const at = (c: readonly number[], f: Frame, a: number, u: number, v: number): number[] =>
  [0, 1, 2].map((x) => c[x]! + a * f.d[x]! + u * f.n[x]! + v * f.b[x]!);

/**
 * The cylinder sectionMeanHu averages: 3 sections 0.5 mm apart along the vessel, each its centre and 6 points
 * 0.3 mm out (inside the narrowest lumen followed): the noise falls, a 1 mm lumen's peak barely. LPS offsets, xyz.
 */
function cylinderOffsets(f: Frame): Float64Array {
  const out = new Float64Array(63);
  let m = 0;
  for (const a of [-0.5, 0, 0.5]) for (let q = -1; q < 6; q++) {
    const u = q < 0 ? 0 : 0.3 * Math.cos((q * Math.PI) / 3), v = q < 0 ? 0 : 0.3 * Math.sin((q * Math.PI) / 3);
    for (let x = 0; x < 3; x++) out[m++] = a * f.d[x]! + u * f.n[x]! + v * f.b[x]!;
  }
  return out;
}

/** Mean HU over the cylinder (cylinderOffsets) centred on c; NaN when part of it lies outside the volume. */
export function sectionMeanHu(volume: Volume, c: readonly number[], offsets: Float64Array): number {
  let s = 0;
  const p = [0, 0, 0];
  for (let m = 0; m < offsets.length; m += 3) {
    p[0] = c[0]! + offsets[m]!; p[1] = c[1]! + offsets[m + 1]!; p[2] = c[2]! + offsets[m + 2]!;
    s += sampleHu(volume, p);
  }
  return s / (offsets.length / 3);
}

/**
 * SD of sectionMeanHu over the blood pool (robust: 1.4826 × MAD) at the given points inside it (a few mm apart):
 * the noise as the tracker sees it, the PSF's correlation included. NaN with fewer than 8 points.
 */
export function smoothNoiseSdHu(volume: Volume, insideLps: readonly Lps[]): number {
  const dirs: Vec3[] = [[0, 0, 1], [1, 0, 0], [0, 1, 0]];
  const offs = dirs.map((d) => cylinderOffsets(frameOf(d)));
  const vals = insideLps.map((p, q) => sectionMeanHu(volume, p, offs[q % 3]!)).filter(Number.isFinite);
  if (vals.length < 8) return NaN;
  const med = median(vals);
  return 1.4826 * median(vals.map((v) => Math.abs(v - med)));
}

function median(xs: readonly number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
}

/** Brightest cylinder mean in the section through `p` (coarse 0.3 mm grid, then ±0.15 mm round the best). */
function brightestNear(volume: Volume, p: readonly number[], f: Frame): { c: number[]; hu: number } {
  const offs = cylinderOffsets(f);
  let best = { c: [...p], hu: sectionMeanHu(volume, p, offs) }, bu = 0, bv = 0;
  for (let u = -SEARCH_MM; u <= SEARCH_MM + 1e-9; u += 0.3) for (let v = -SEARCH_MM; v <= SEARCH_MM + 1e-9; v += 0.3) {
    if (u * u + v * v > SEARCH_MM * SEARCH_MM + 1e-9 || (u === 0 && v === 0)) continue;
    const c = at(p, f, 0, u, v), hu = sectionMeanHu(volume, c, offs);
    if (hu > best.hu) { best = { c, hu }; bu = u; bv = v; }
  }
  for (const [du, dv] of [[-0.15, 0], [0.15, 0], [0, -0.15], [0, 0.15], [-0.15, -0.15], [0.15, 0.15], [-0.15, 0.15], [0.15, -0.15]] as const) {
    const c = at(p, f, 0, bu + du, bv + dv), hu = sectionMeanHu(volume, c, offs);
    if (hu > best.hu) best = { c, hu };
  }
  return best;
}

/** Median of the ring around c in its section, and the half-level radius (where the profile first falls below (L + B) / 2). */
function surroundings(volume: Volume, c: readonly number[], f: Frame, lumenHu: number): { backgroundHu: number; radiusMm: number } {
  const ring: number[] = [];
  for (const r of RING_MM) for (let q = 0; q < 16; q++) {
    const h = sampleHu(volume, at(c, f, 0, r * Math.cos((q * Math.PI) / 8), r * Math.sin((q * Math.PI) / 8)));
    if (Number.isFinite(h)) ring.push(h);
  }
  const backgroundHu = median(ring);
  const half = (lumenHu + backgroundHu) / 2;
  let sum = 0;
  for (let q = 0; q < 8; q++) {
    let r = 0.1;
    while (r < RING_MM[0] && sampleHu(volume, at(c, f, 0, r * Math.cos((q * Math.PI) / 4), r * Math.sin((q * Math.PI) / 4))) >= half) r += 0.1;
    sum += r - 0.05;
  }
  return { backgroundHu, radiusMm: sum / 8 };
}

const unit = (a: readonly number[]): Vec3 => { const l = Math.hypot(a[0]!, a[1]!, a[2]!) || 1; return [a[0]! / l, a[1]! / l, a[2]! / l]; };

/**
 * The vessel followed on from its leaf at `startLps`, arriving along `dir`: the points that pass, up to the last one
 * before the contrast is lost for longer than GAP_MM (empty when the vessel ends at the leaf).
 */
export function trackFromLeaf(volume: Volume, ctx: TrackContext, startLps: Lps, dir: Vec3): Track {
  const pts: number[][] = [[...startLps]];
  const radii: number[] = [];
  let keep = 0, d = unit(dir), missMm = 0;
  const frame0 = frameOf(d);
  const minContrast = SNR_MIN * ctx.smoothNoiseSdHu;
  for (let s = STEP_MM; s <= MAX_TRACK_MM; s += STEP_MM) {
    const c0 = pts[pts.length - 1]!;
    const f = frameOf(d);
    const { c, hu } = brightestNear(volume, at(c0, f, STEP_MM, 0, 0), f);
    const q = voxelAt(volume, c);
    if (q < 0 || ctx.isBig(q) || (s > 3 * STEP_MM && ctx.isTaken(q)) || !Number.isFinite(hu)) break;
    const around = surroundings(volume, c, f, hu);
    const ok = hu - around.backgroundHu >= minContrast && hu - ctx.tissueHu >= minContrast;
    // the new heading: from 2 mm back to here (one noisy centre does not swing it); over the first 2 mm, from the
    // leaf's own course behind its end
    const b = pts.length - Math.round(2 / STEP_MM);
    const back = b >= 0 ? pts[b]! : at(startLps, frame0, b * STEP_MM, 0, 0);
    const nd = unit([c[0]! - back[0]!, c[1]! - back[1]!, c[2]! - back[2]!]);
    if (nd[0] * d[0] + nd[1] * d[1] + nd[2] * d[2] < Math.cos((MAX_TURN_DEG * Math.PI) / 180)) break;
    pts.push(c);
    radii.push(around.radiusMm);
    if (ok) { keep = pts.length - 1; missMm = 0; } else if ((missMm += STEP_MM) > GAP_MM) break;
    d = nd;
  }
  return { pointsLps: pts.slice(1, keep + 1).map((p): Lps => [p[0]!, p[1]!, p[2]!]), radiiMm: radii.slice(0, keep) };
}
