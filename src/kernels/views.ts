/**
 * Option/result types of the view kernels and their planning step: every view (straightened and
 * stretched CPR, cross-section stack, oblique plane, radial rays) becomes a `LineBatch` in voxel
 * space, sampled by the TS reference (src/kernels/reference.ts) or the WASM twin (src/compute/).
 * All options are in LPS mm; validation throws `Error`s naming the bad field.
 * Out-of-volume samples get `fillHu` (default −1024). Output images are row-major float32,
 * index = col + row·width.
 */
import type { Vec3, VolumeGeometry } from '../volume/volume';
import { ijkAffine, pointToIjk, vectorToIjk, type IjkAffine } from './geometry';
import { frameAt, newFrame, rotationMinimisingFrames, type CentrelineFrames } from './frames';
import { DEFAULT_FILL_HU, LINE_STRIDE, type Interpolation, type LineBatch, type SlabMode } from './sample';
import { stretchedRows } from './stretched';

export const MAX_IMAGE_SIDE = 1024;
export const MAX_SLAB_SAMPLES = 256;
export const MAX_SAMPLES = 64 * 1024 * 1024;

export interface SamplingOptions {
  /** HU written for samples outside the volume; default −1024 */
  fillHu?: number;
  /** 'linear' (default, trilinear) or 'cubic' (cubic B-spline, TS reference path) */
  interpolation?: Interpolation;
  /** slab thickness in mm across the image (0 / absent: single sample) */
  slabMm?: number;
  /** how slab samples combine; default 'mip' */
  slabMode?: SlabMode;
}

export interface CprOptions extends SamplingOptions {
  /** centreline as flat x,y,z LPS mm (≥ 2 distinct points; dense, e.g. every 0.25 mm) */
  centrelineLps: ArrayLike<number>;
  /** 'straightened': vessel straight along arc length; 'stretched': true geometry along the sweep axis */
  mode: 'straightened' | 'stretched';
  /** rotation about the centreline (rad): of the frame normal (straightened) / the sweep axis (stretched) */
  angleRad?: number;
  /** image rows (along the vessel), 1..1024 */
  rows: number;
  /** image columns (across the vessel), 1..1024 */
  cols: number;
  /** column spacing (mm) */
  pixelMm: number;
  /** arc-length range shown (mm); default the whole centreline */
  sStartMm?: number;
  sEndMm?: number;
}

export interface ImageResult {
  data: Float32Array;
  width: number;
  height: number;
}

export interface CprResult extends ImageResult {
  mode: 'straightened' | 'stretched';
  colSpacingMm: number;
  /** mm between rows: along the arc (straightened) or along the stretched length (stretched) */
  rowSpacingMm: number;
  /** arc length of the centreline point shown on each row */
  rowArcMm: Float64Array;
  /** image column where the centreline crosses each row ((cols−1)/2 for straightened) */
  rowCentreColumn: Float32Array;
  /** LPS of column 0 of each row (3·rows) and the unit LPS direction of increasing column (3·rows): */
  /** P(col, row) = rowOriginLps[row] + col·colSpacingMm·rowAxisLps[row] */
  rowOriginLps: Float64Array;
  rowAxisLps: Float64Array;
}

export interface CrossSectionsOptions extends SamplingOptions {
  centrelineLps: ArrayLike<number>;
  /** planes at s = (m + 0.5)·L/count unless `arcMm` lists the positions */
  count?: number;
  arcMm?: ArrayLike<number>;
  /** W: each plane is W × W pixels */
  size: number;
  pixelMm: number;
  /** rotation of the in-plane axes about the tangent (rad) */
  angleRad?: number;
}

export interface CrossSectionsResult {
  /** count·W·W float32, plane m at offset m·W·W; pixel (a, b) = col a (along N'), row b (along B') */
  data: Float32Array;
  count: number;
  size: number;
  pixelMm: number;
  arcMm: Float64Array;
  /** 3·count each: plane centre (pixel ((W−1)/2, (W−1)/2)), column axis N', row axis B', normal T */
  centreLps: Float64Array;
  axisULps: Float64Array;
  axisVLps: Float64Array;
  normalLps: Float64Array;
}

export interface ObliquePlaneOptions extends SamplingOptions {
  /** LPS of the image centre (pixel ((cols−1)/2, (rows−1)/2)) */
  centreLps: Vec3;
  /** column axis (normalised); row axis (orthogonalised against U, normalised) */
  axisULps: Vec3;
  axisVLps: Vec3;
  cols: number;
  rows: number;
  pixelMm: number;
}

export interface ObliquePlaneResult extends ImageResult {
  pixelMm: number;
  /** LPS of pixel (0, 0); P(col,row) = originLps + col·pixelMm·U + row·pixelMm·V */
  originLps: Vec3;
  axisULps: Vec3;
  axisVLps: Vec3;
}

export interface RayProfilesOptions {
  /** C planes: centres, in-plane axes U and V (flat 3·C each, LPS mm) */
  centresLps: ArrayLike<number>;
  axisULps: ArrayLike<number>;
  axisVLps: ArrayLike<number>;
  /** R rays per plane at angles 2πr/R from U towards V */
  rays: number;
  /** S samples per ray at radius startMm + q·stepMm */
  samples: number;
  stepMm: number;
  startMm?: number;
  fillHu?: number;
  interpolation?: Interpolation;
}

export interface RayProfilesResult {
  /** C·R·S float32: plane c, ray r, sample q at ((c·R) + r)·S + q */
  data: Float32Array;
  planes: number;
  rays: number;
  samples: number;
  stepMm: number;
  startMm: number;
}

/** What an engine needs to run a view, and how to wrap the samples into the typed result. */
export interface Plan<R> {
  readonly batch: LineBatch;
  readonly fillHu: number;
  readonly interpolation: Interpolation;
  finish(data: Float32Array): R;
}

export function checkInt(v: number, name: string, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name} must be an integer in [${min}, ${max}], got ${v}`);
  return v;
}
export function checkPositive(v: number, name: string): number {
  if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw new Error(`${name} must be a finite number > 0 mm, got ${v}`);
  return v;
}
function checkFinite(v: number | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (!Number.isFinite(v)) throw new Error(`${name} must be finite, got ${v}`);
  return v;
}
function checkVec(v: ArrayLike<number>, name: string): [number, number, number] {
  if (!v || v.length !== 3 || ![0, 1, 2].every((i) => Number.isFinite(v[i]))) throw new Error(`${name} must be 3 finite numbers (LPS mm)`);
  return [v[0]!, v[1]!, v[2]!];
}

interface Slab { count: number; stepMm: number; mode: SlabMode }
function slabOf(o: SamplingOptions, g: VolumeGeometry): Slab {
  const mode = o.slabMode ?? 'mip';
  if (mode !== 'mip' && mode !== 'minip' && mode !== 'mean') throw new Error(`slabMode must be 'mip', 'minip' or 'mean', got ${String(mode)}`);
  const slabMm = o.slabMm ?? 0;
  if (!(Number.isFinite(slabMm) && slabMm >= 0)) throw new Error(`slabMm must be ≥ 0 mm, got ${slabMm}`);
  if (slabMm === 0) return { count: 1, stepMm: 0, mode };
  const minSpacing = Math.min(...g.spacingMm);
  const count = Math.max(2, Math.round(slabMm / minSpacing) + 1);
  if (count > MAX_SLAB_SAMPLES) throw new Error(`slabMm ${slabMm} needs ${count} samples, max ${MAX_SLAB_SAMPLES}`);
  return { count, stepMm: slabMm / (count - 1), mode };
}
function commonOf(o: SamplingOptions): { fillHu: number; interpolation: Interpolation } {
  const interpolation = o.interpolation ?? 'linear';
  if (interpolation !== 'linear' && interpolation !== 'cubic') throw new Error(`interpolation must be 'linear' or 'cubic', got ${String(interpolation)}`);
  return { fillHu: checkFinite(o.fillHu, 'fillHu', DEFAULT_FILL_HU), interpolation };
}
function checkBudget(n: number, what: string): void {
  if (n > MAX_SAMPLES) throw new Error(`${what} asks for ${n} samples, max ${MAX_SAMPLES}`);
}

/** Writes line l: start (LPS point), step and slab step (LPS vectors), converted to ijk. */
export function putLine(lines: Float32Array, l: number, a: IjkAffine, start: Vec3, step: Vec3, slab: Vec3): void {
  const o = l * LINE_STRIDE;
  pointToIjk(a, start[0], start[1], start[2], lines, o);
  vectorToIjk(a, step[0], step[1], step[2], lines, o + 3);
  vectorToIjk(a, slab[0], slab[1], slab[2], lines, o + 6);
}

function framesOf(centrelineLps: ArrayLike<number>): CentrelineFrames {
  if (!centrelineLps || typeof centrelineLps.length !== 'number') throw new Error('centrelineLps must be a flat array x,y,z,… in LPS mm');
  return rotationMinimisingFrames(centrelineLps);
}

export function planCpr(g: VolumeGeometry, o: CprOptions): Plan<CprResult> {
  if (o.mode !== 'straightened' && o.mode !== 'stretched') throw new Error(`mode must be 'straightened' or 'stretched', got ${String(o.mode)}`);
  const rows = checkInt(o.rows, 'rows', 1, MAX_IMAGE_SIDE), cols = checkInt(o.cols, 'cols', 1, MAX_IMAGE_SIDE);
  const pixelMm = checkPositive(o.pixelMm, 'pixelMm');
  const angle = checkFinite(o.angleRad, 'angleRad', 0);
  const { fillHu, interpolation } = commonOf(o);
  const slab = slabOf(o, g);
  checkBudget(rows * cols * slab.count, 'cpr');
  const frames = framesOf(o.centrelineLps);
  const L = frames.lengthMm, tol = 0.01; // mm: arc ends given from another polyline estimate are clamped
  const s0 = Math.max(0, checkFinite(o.sStartMm, 'sStartMm', 0)), s1 = Math.min(L, checkFinite(o.sEndMm, 'sEndMm', L));
  if (o.sStartMm !== undefined && o.sStartMm < -tol) throw new Error(`sStartMm must be ≥ 0, got ${o.sStartMm}`);
  if (o.sEndMm !== undefined && o.sEndMm > L + tol) throw new Error(`sEndMm must be ≤ the centreline length ${L.toFixed(3)} mm, got ${o.sEndMm}`);
  if (!(s0 <= s1)) throw new Error(`sStartMm must be ≤ sEndMm, got ${s0}..${s1}`);
  const a = ijkAffine(g);
  const lines = new Float32Array(rows * LINE_STRIDE);
  const rowArcMm = new Float64Array(rows), rowCentreColumn = new Float32Array(rows);
  const rowOriginLps = new Float64Array(3 * rows), rowAxisLps = new Float64Array(3 * rows);
  const half = (cols - 1) / 2;
  let rowSpacingMm: number;
  if (o.mode === 'straightened') {
    rowSpacingMm = rows > 1 ? (s1 - s0) / (rows - 1) : 0;
    const f = newFrame();
    for (let m = 0; m < rows; m++) {
      const s = s0 + m * rowSpacingMm;
      frameAt(frames, s, angle, f);
      const p = f.positionLps, n = f.normal, b = f.binormal;
      const start: Vec3 = [p[0] - half * pixelMm * n[0], p[1] - half * pixelMm * n[1], p[2] - half * pixelMm * n[2]];
      putLine(lines, m, a, start, [pixelMm * n[0], pixelMm * n[1], pixelMm * n[2]],
        [slab.stepMm * b[0], slab.stepMm * b[1], slab.stepMm * b[2]]);
      rowArcMm[m] = s; rowCentreColumn[m] = half;
      rowOriginLps.set(start, 3 * m); rowAxisLps.set(n, 3 * m);
    }
  } else {
    rowSpacingMm = stretchedRows(frames, s0, s1, angle, rows, cols, pixelMm, slab.stepMm, (m, s, start, axis, slabStep, col) => {
      putLine(lines, m, a, start, [pixelMm * axis[0], pixelMm * axis[1], pixelMm * axis[2]], slabStep);
      rowArcMm[m] = s; rowCentreColumn[m] = col;
      rowOriginLps.set(start, 3 * m); rowAxisLps.set(axis, 3 * m);
    });
  }
  const batch: LineBatch = { lines, lineCount: rows, samplesPerLine: cols, slabCount: slab.count, slabMode: slab.mode };
  return {
    batch, fillHu, interpolation,
    finish: (data) => ({ data, width: cols, height: rows, mode: o.mode, colSpacingMm: pixelMm, rowSpacingMm, rowArcMm, rowCentreColumn, rowOriginLps, rowAxisLps }),
  };
}

export function planCrossSections(g: VolumeGeometry, o: CrossSectionsOptions): Plan<CrossSectionsResult> {
  const W = checkInt(o.size, 'size', 1, MAX_IMAGE_SIDE);
  const pixelMm = checkPositive(o.pixelMm, 'pixelMm');
  const angle = checkFinite(o.angleRad, 'angleRad', 0);
  const { fillHu, interpolation } = commonOf(o);
  const slab = slabOf(o, g);
  const frames = framesOf(o.centrelineLps);
  let arcMm: Float64Array;
  if (o.arcMm) {
    arcMm = Float64Array.from(o.arcMm);
    arcMm.forEach((s, i) => { if (!(s >= -0.01 && s <= frames.lengthMm + 0.01)) throw new Error(`arcMm[${i}] = ${s} outside [0, ${frames.lengthMm.toFixed(3)}] mm`); });
  } else {
    const count = checkInt(o.count ?? NaN, 'count', 1, 100_000);
    arcMm = new Float64Array(count);
    for (let m = 0; m < count; m++) arcMm[m] = ((m + 0.5) * frames.lengthMm) / count;
  }
  const count = arcMm.length;
  if (count < 1) throw new Error('cross-sections need count ≥ 1 or a non-empty arcMm');
  checkBudget(count * W * W * slab.count, 'crossSections');
  const a = ijkAffine(g);
  const lines = new Float32Array(count * W * LINE_STRIDE);
  const centreLps = new Float64Array(3 * count), axisULps = new Float64Array(3 * count);
  const axisVLps = new Float64Array(3 * count), normalLps = new Float64Array(3 * count);
  const half = (W - 1) / 2;
  const f = newFrame();
  const rowScratch = new Float64Array(6);
  for (let m = 0; m < count; m++) {
    frameAt(frames, arcMm[m]!, angle, f);
    const p = f.positionLps, u = f.normal, v = f.binormal, t = f.tangent;
    centreLps.set(p, 3 * m); axisULps.set(u, 3 * m); axisVLps.set(v, 3 * m); normalLps.set(t, 3 * m);
    // plane m, row r: start = p − half·pixel·u + (r − half)·pixel·v; step = pixel·u; slab along t (all → ijk)
    const first = m * W * LINE_STRIDE;
    const bu = -half * pixelMm, bv0 = -half * pixelMm;
    pointToIjk(a, p[0] + bu * u[0] + bv0 * v[0], p[1] + bu * u[1] + bv0 * v[1], p[2] + bu * u[2] + bv0 * v[2], rowScratch, 0);
    vectorToIjk(a, pixelMm * v[0], pixelMm * v[1], pixelMm * v[2], rowScratch, 3);
    vectorToIjk(a, pixelMm * u[0], pixelMm * u[1], pixelMm * u[2], lines, first + 3);
    vectorToIjk(a, slab.stepMm * t[0], slab.stepMm * t[1], slab.stepMm * t[2], lines, first + 6);
    for (let r = 0; r < W; r++) {
      const o = first + r * LINE_STRIDE;
      lines[o] = rowScratch[0]! + r * rowScratch[3]!;
      lines[o + 1] = rowScratch[1]! + r * rowScratch[4]!;
      lines[o + 2] = rowScratch[2]! + r * rowScratch[5]!;
      if (r > 0) lines.copyWithin(o + 3, first + 3, first + 9);
    }
  }
  const batch: LineBatch = { lines, lineCount: count * W, samplesPerLine: W, slabCount: slab.count, slabMode: slab.mode };
  return { batch, fillHu, interpolation, finish: (data) => ({ data, count, size: W, pixelMm, arcMm, centreLps, axisULps, axisVLps, normalLps }) };
}

export function planObliquePlane(g: VolumeGeometry, o: ObliquePlaneOptions): Plan<ObliquePlaneResult> {
  const cols = checkInt(o.cols, 'cols', 1, 4096), rows = checkInt(o.rows, 'rows', 1, 4096);
  const pixelMm = checkPositive(o.pixelMm, 'pixelMm');
  const { fillHu, interpolation } = commonOf(o);
  const slab = slabOf(o, g);
  checkBudget(rows * cols * slab.count, 'obliquePlane');
  const c = checkVec(o.centreLps, 'centreLps');
  const u = unit(checkVec(o.axisULps, 'axisULps'), 'axisULps');
  const v0 = checkVec(o.axisVLps, 'axisVLps');
  const d = u[0] * v0[0] + u[1] * v0[1] + u[2] * v0[2];
  const v = unit([v0[0] - d * u[0], v0[1] - d * u[1], v0[2] - d * u[2]], 'axisVLps (orthogonalised against axisULps)');
  const w: Vec3 = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
  const hu = ((cols - 1) / 2) * pixelMm, hv = ((rows - 1) / 2) * pixelMm;
  const origin: Vec3 = [c[0] - hu * u[0] - hv * v[0], c[1] - hu * u[1] - hv * v[1], c[2] - hu * u[2] - hv * v[2]];
  const a = ijkAffine(g);
  const lines = new Float32Array(rows * LINE_STRIDE);
  const step: Vec3 = [pixelMm * u[0], pixelMm * u[1], pixelMm * u[2]];
  const slabStep: Vec3 = [slab.stepMm * w[0], slab.stepMm * w[1], slab.stepMm * w[2]];
  for (let r = 0; r < rows; r++) {
    const t = r * pixelMm;
    putLine(lines, r, a, [origin[0] + t * v[0], origin[1] + t * v[1], origin[2] + t * v[2]], step, slabStep);
  }
  const batch: LineBatch = { lines, lineCount: rows, samplesPerLine: cols, slabCount: slab.count, slabMode: slab.mode };
  return { batch, fillHu, interpolation, finish: (data) => ({ data, width: cols, height: rows, pixelMm, originLps: origin, axisULps: u, axisVLps: v }) };
}

export function planRayProfiles(g: VolumeGeometry, o: RayProfilesOptions): Plan<RayProfilesResult> {
  const R = checkInt(o.rays, 'rays', 1, 4096), S = checkInt(o.samples, 'samples', 1, 65536);
  const stepMm = checkPositive(o.stepMm, 'stepMm');
  const startMm = checkFinite(o.startMm, 'startMm', 0);
  const { fillHu, interpolation } = commonOf(o);
  const C = o.centresLps.length / 3;
  if (!Number.isInteger(C) || C < 1) throw new Error(`centresLps must hold 3·C numbers (C ≥ 1), got ${o.centresLps.length}`);
  if (o.axisULps.length !== 3 * C || o.axisVLps.length !== 3 * C) throw new Error(`axisULps and axisVLps must hold ${3 * C} numbers like centresLps`);
  checkBudget(C * R * S, 'rayProfiles');
  const a = ijkAffine(g);
  const lines = new Float32Array(C * R * LINE_STRIDE);
  // the ray angles are the same in every plane: their cosines and sines once
  const cosR = new Float64Array(R), sinR = new Float64Array(R);
  for (let r = 0; r < R; r++) { const th = (2 * Math.PI * r) / R; cosR[r] = Math.cos(th); sinR[r] = Math.sin(th); }
  for (let c = 0; c < C; c++) {
    const p = checkVec([o.centresLps[3 * c]!, o.centresLps[3 * c + 1]!, o.centresLps[3 * c + 2]!], `centresLps[${c}]`);
    const u = unit(checkVec([o.axisULps[3 * c]!, o.axisULps[3 * c + 1]!, o.axisULps[3 * c + 2]!], `axisULps[${c}]`), `axisULps[${c}]`);
    const v0 = checkVec([o.axisVLps[3 * c]!, o.axisVLps[3 * c + 1]!, o.axisVLps[3 * c + 2]!], `axisVLps[${c}]`);
    const d = u[0] * v0[0] + u[1] * v0[1] + u[2] * v0[2];
    const v = unit([v0[0] - d * u[0], v0[1] - d * u[1], v0[2] - d * u[2]], `axisVLps[${c}] (orthogonalised)`);
    for (let r = 0; r < R; r++) {
      const cs = cosR[r]!, sn = sinR[r]!, l = (c * R + r) * LINE_STRIDE;
      const d0 = cs * u[0] + sn * v[0], d1 = cs * u[1] + sn * v[1], d2 = cs * u[2] + sn * v[2];
      pointToIjk(a, p[0] + startMm * d0, p[1] + startMm * d1, p[2] + startMm * d2, lines, l);
      vectorToIjk(a, stepMm * d0, stepMm * d1, stepMm * d2, lines, l + 3);
      vectorToIjk(a, 0, 0, 0, lines, l + 6);
    }
  }
  const batch: LineBatch = { lines, lineCount: C * R, samplesPerLine: S, slabCount: 1, slabMode: 'mip' };
  return { batch, fillHu, interpolation, finish: (data) => ({ data, planes: C, rays: R, samples: S, stepMm, startMm }) };
}

function unit(v: Vec3, name: string): [number, number, number] {
  const n = Math.hypot(v[0], v[1], v[2]);
  if (!(n > 1e-9)) throw new Error(`${name} must be a non-zero vector`);
  return [v[0] / n, v[1] / n, v[2] / n];
}
