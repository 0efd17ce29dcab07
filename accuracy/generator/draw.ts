/**
 * One series of the suite drawn at random over what real CCTA shows: vessel path and calibre, lesions,
 * side branches, a contrast chamber, the myocardium beneath, and the imaging (grid, PSF, noise, DICOM quirks).
 */
import { createRng, type Rng } from './prng.ts';
import { sphereCurve, pointAt, tangentAt, sampleIndex, type Curve, type CurvatureWave } from './curve.ts';
import { add, cross, dot, norm, randomUnit, rotate, scale, sub, unit, axpy, type V3 } from './vec.ts';
import { drawLesions } from './draw-lesions.ts';
import type { BranchSpec, ChamberSpec, ImagingSpec, LesionSpec, SeriesSpec, VesselSpec } from './spec.ts';

/** Voxel budget of one cropped series (keeps generation and measurement around a second). */
export const MAX_VOXELS = 9e6;
/** Crop margin around the vessel's outer wall, mm (the chamber gap is ≤ 8 mm). */
export const CROP_MARGIN_MM = 9;

function waves(rng: Rng, maxCurvature: number, wavelength: readonly [number, number]): CurvatureWave[] {
  const k = rng.int(2, 3);
  const total = maxCurvature * rng.uniform(0.3, 1);
  const parts = Array.from({ length: k }, () => rng.uniform(0.2, 1));
  const sum = parts.reduce((a, b) => a + b, 0);
  return parts.map((p) => ({ amplitude: (total * p) / sum, wavelengthMm: rng.uniform(wavelength[0], wavelength[1]), phase: rng.uniform(0, 2 * Math.PI) }));
}

function drawImaging(rng: Rng): ImagingSpec {
  const pixel = rng.uniform(0.3, 0.5);
  const aniso = rng.chance(0.15) ? Math.min(0.5, pixel * rng.uniform(1.1, 1.35)) : pixel;
  const spacing: V3 = rng.chance(0.5) ? [pixel, aniso, 0] : [aniso, pixel, 0];
  spacing[2] = rng.uniform(0.4, 0.8);
  const ffs = rng.chance(0.3);
  let row: V3 = ffs ? [-1, 0, 0] : [1, 0, 0];
  let col: V3 = [0, 1, 0];
  const obliqueDeg = rng.chance(0.3) ? rng.uniform(5, 30) : 0;
  if (obliqueDeg > 0) {
    const axis = randomUnit(rng.next);
    row = unit(rotate(row, axis, (obliqueDeg * Math.PI) / 180));
    col = unit(rotate(col, axis, (obliqueDeg * Math.PI) / 180));
  }
  const lumenHu = rng.uniform(300, 500);
  return {
    spacingMm: spacing, sliceThicknessMm: Math.min(1, spacing[2] * rng.uniform(1, 1.5)),
    psfFwhmInPlaneMm: rng.uniform(0.5, 1.1), psfFwhmZMm: rng.uniform(0.5, 1.1),
    noiseSdHu: rng.uniform(10, 40), noiseCorrelationVox: rng.chance(0.5) ? rng.uniform(0.6, 1.2) : 0,
    lumenHu, wallHu: rng.uniform(40, 60), fatHu: rng.uniform(-110, -90), myocardiumHu: rng.uniform(80, 130),
    patientPosition: ffs ? 'FFS' : 'HFS', obliqueDeg, rowDirLps: row, colDirLps: col,
    storage: rng.chance(0.5) ? 'unsigned-1024' : 'signed', instanceOrder: rng.weighted({ ascending: 0.4, descending: 0.3, shuffled: 0.3 }),
  };
}

function drawVessel(rng: Rng, lengthMm: number): VesselSpec {
  const small = rng.chance(0.5);
  const rp = small ? rng.uniform(0.75, 1.25) : rng.uniform(1.3, 2.2);
  const rd = small ? Math.max(0.75, rp * rng.uniform(0.7, 0.95)) : Math.max(0.9, rp * rng.uniform(0.5, 0.85));
  const heartRadiusMm = rng.uniform(35, 60);
  const wallMm = rng.uniform(0.3, 0.6);
  const pathRadiusMm = heartRadiusMm + rng.uniform(1, 2) + rp + wallMm;
  const heartCentreLps: V3 = [rng.uniform(-20, 20), rng.uniform(-20, 20), rng.uniform(-20, 20)];
  const dir = randomUnit(rng.next);
  // total curvature √(kg² + 1/R²) stays below 1/11 mm⁻¹ (curvature radius ≥ 10 mm)
  const kgMax = Math.sqrt(Math.max(0, 1 / 121 - 1 / pathRadiusMm ** 2));
  return {
    heartCentreLps, heartRadiusMm, myocardiumThicknessMm: rng.uniform(6, 12), cavityHu: 0,
    pathRadiusMm, startLps: add(heartCentreLps, scale(dir, pathRadiusMm)), headingLps: unit(cross(dir, randomUnit(rng.next))),
    waves: waves(rng, kgMax, [15, 80]), lengthMm, extensionMm: 3, radiusProximalMm: rp, radiusDistalMm: rd, wallMm, small,
  };
}

export function mainCurve(v: VesselSpec): Curve {
  return sphereCurve({
    centreLps: v.heartCentreLps, radiusMm: v.pathRadiusMm, startLps: v.startLps, headingLps: v.headingLps,
    s0Mm: -v.extensionMm, s1Mm: v.lengthMm + v.extensionMm, waves: v.waves,
  });
}

/** Voxels of the crop around these curves on the imaging grid. */
export function cropVoxels(im: ImagingSpec, curves: readonly Curve[], reachMm: number): number {
  const dirs = [im.rowDirLps, im.colDirLps, cross(im.rowDirLps, im.colDirLps)];
  let n = 1;
  for (let a = 0; a < 3; a++) {
    let lo = Infinity, hi = -Infinity;
    for (const c of curves) for (let q = 0; q < c.count; q++) {
      const d = dot(pointAt(c, q), dirs[a]!);
      lo = Math.min(lo, d); hi = Math.max(hi, d);
    }
    n *= Math.ceil((hi - lo + 2 * reachMm) / im.spacingMm[a]!) + 1;
  }
  return n;
}

function drawBranch(rng: Rng, spec: { vessel: VesselSpec }, curve: Curve, takeoffSMm: number, atLesion: LesionSpec | null, rRef: (s: number) => number): BranchSpec | null {
  const v = spec.vessel;
  const q = sampleIndex(curve, takeoffSMm);
  const p = pointAt(curve, q), t = tangentAt(curve, q);
  const n = unit(sub(p, v.heartCentreLps));
  const side = unit(cross(n, t));
  const angleDeg = rng.uniform(30, 120);
  const radiusMm = rRef(takeoffSMm) * rng.uniform(0.5, 0.9);
  const lengthMm = rng.uniform(10, 30);
  const kgMax = Math.sqrt(Math.max(0, 1 / 121 - 1 / v.pathRadiusMm ** 2));
  for (const sign of rng.chance(0.5) ? [1, -1] : [-1, 1]) {
    const a = (angleDeg * Math.PI) / 180;
    const heading = unit(add(scale(t, Math.cos(a)), scale(side, sign * Math.sin(a))));
    const b: BranchSpec = {
      takeoffSMm, angleDeg, headingLps: heading, lengthMm, radiusMm, ostialFraction: atLesion ? rng.uniform(0.3, 0.6) : 0,
      atLesion: atLesion?.id ?? null, waves: waves(rng, kgMax * 0.5, [20, 60]),
    };
    if (branchClear(b, v, curve, rRef)) return b;
  }
  return null;
}

export function branchCurve(b: BranchSpec, v: VesselSpec, parent: Curve): Curve {
  const p = pointAt(parent, sampleIndex(parent, b.takeoffSMm));
  return sphereCurve({ centreLps: v.heartCentreLps, radiusMm: v.pathRadiusMm, startLps: p, headingLps: b.headingLps, s0Mm: 0, s1Mm: b.lengthMm, waves: b.waves });
}

/** Beyond the junction the branch keeps clear of its parent's outer wall. */
function branchClear(b: BranchSpec, v: VesselSpec, parent: Curve, rRef: (s: number) => number): boolean {
  const c = branchCurve(b, v, parent);
  const rOut = rRef(b.takeoffSMm) + v.wallMm + 1.5;
  const clearFrom = (rOut + b.radiusMm + v.wallMm) / Math.sin((b.angleDeg * Math.PI) / 180) + 1;
  for (let q = 0; q < c.count; q += 5) {
    const tMm = q * c.stepMm;
    if (tMm < clearFrom) continue;
    const bp = pointAt(c, q);
    for (let r = 0; r < parent.count; r += 5) if (norm(sub(bp, pointAt(parent, r))) < rOut + b.radiusMm + v.wallMm + 0.5) return false;
  }
  return true;
}

function drawChamber(rng: Rng, v: VesselSpec, curves: readonly Curve[], lumenHu: number, rOuterMax: number): ChamberSpec | null {
  const main = curves[0]!;
  for (let tries = 0; tries < 12; tries++) {
    const atSMm = rng.uniform(0.1, 0.9) * v.lengthMm;
    const q = sampleIndex(main, atSMm);
    const p = pointAt(main, q), t = tangentAt(main, q);
    const n = unit(sub(p, v.heartCentreLps));
    const side = unit(cross(n, t));
    const g = (rng.uniform(40, 140) * Math.PI) / 180 * (rng.chance(0.5) ? 1 : -1);
    const dir = unit(add(scale(n, Math.cos(g)), scale(side, Math.sin(g))));
    const gapMm = rng.uniform(3, 8);
    const hu = lumenHu * rng.uniform(0.85, 1.15);
    const sphere = rng.chance(0.6);
    const radiusMm = sphere ? rng.uniform(10, 25) : rng.uniform(12, 16);
    const centreLps = axpy(p, rOuterMax + gapMm + radiusMm, dir);
    const axisLps = unit(cross(dir, randomUnit(rng.next)));
    const ch: ChamberSpec = sphere ? { kind: 'sphere', centreLps, radiusMm, hu, gapMm, atSMm } : { kind: 'cylinder', centreLps, axisLps, radiusMm, hu, gapMm, atSMm };
    if (curves.every((c) => chamberClearance(ch, c) >= rOuterMax + 2.5)) return ch;
  }
  return null;
}

/** Smallest distance from a curve's samples to the chamber surface (negative inside). */
export function chamberClearance(ch: ChamberSpec, c: Curve): number {
  let m = Infinity;
  for (let q = 0; q < c.count; q += 3) {
    const d = sub(pointAt(c, q), ch.centreLps);
    const dist = ch.kind === 'sphere' ? norm(d) : norm(axpy(d, -dot(d, ch.axisLps), ch.axisLps));
    m = Math.min(m, dist - ch.radiusMm);
  }
  return m;
}

export function drawSeries(setSeed: number, index: number): SeriesSpec {
  const rng = createRng(setSeed, index);
  const id = `s${setSeed}-${String(index).padStart(3, '0')}`;
  const imaging = drawImaging(rng.fork(1));
  const vr = rng.fork(2);
  let lengthMm = vr.uniform(40, 120);
  let vessel = drawVessel(vr, lengthMm);
  let curve = mainCurve(vessel);
  for (let tries = 0; cropVoxels(imaging, [curve], 2.2 + CROP_MARGIN_MM + 2) > MAX_VOXELS; tries++) {
    if (tries >= 4) lengthMm *= 0.85;
    vessel = drawVessel(vr, lengthMm);
    curve = mainCurve(vessel);
  }
  vessel = { ...vessel, cavityHu: imaging.lumenHu * vr.uniform(0.9, 1.1) };
  const rRef = (s: number): number => vessel.radiusProximalMm + (vessel.radiusDistalMm - vessel.radiusProximalMm) * Math.min(1, Math.max(0, s / vessel.lengthMm));
  const lesions = drawLesions(rng.fork(3), id, { lengthMm, wallMm: vessel.wallMm, rRef });
  const br = rng.fork(4);
  const branches: BranchSpec[] = [];
  const stenoses = lesions.filter((l) => l.shape !== 'occlusion' && l.plaque !== 'ca-nonstenotic');
  if (stenoses.length > 0 && br.chance(0.5)) {
    const l = br.pick(stenoses);
    const s = l.peakSMm + br.uniform(1, 4) * (br.chance(0.5) ? 1 : -1);
    const b = drawBranch(br, { vessel }, curve, Math.min(l.centreSMm + l.lengthMm / 2, Math.max(l.centreSMm - l.lengthMm / 2, s)), l, rRef);
    if (b) branches.push(b);
  }
  const more = br.int(1, 2) - branches.length;
  for (let k = 0; k < Math.max(0, more); k++) {
    for (let tries = 0; tries < 20; tries++) {
      const s = br.uniform(8, Math.max(9, lengthMm - 15));
      if (lesions.some((l) => Math.abs(s - l.centreSMm) < l.lengthMm / 2 + 2) || branches.some((b) => Math.abs(b.takeoffSMm - s) < 8)) continue;
      const b = drawBranch(br, { vessel }, curve, s, null, rRef);
      if (b) { branches.push(b); break; }
    }
  }
  const rOuterMax = vessel.radiusProximalMm + vessel.wallMm + Math.max(0, ...lesions.map((l) => l.outerGrowthMm));
  const curves = [curve, ...branches.map((b) => branchCurve(b, vessel, curve))];
  const chamber = rng.fork(5).chance(0.75) ? drawChamber(rng.fork(6), vessel, curves, imaging.lumenHu, rOuterMax) : null;
  return { id, setSeed, index, vessel, lesions, branches, chamber, imaging, refillFactor: rng.fork(7).uniform(0.5, 0.8) };
}
