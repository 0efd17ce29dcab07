// Rasterises the big structures (thorax, lungs, bones, mediastinum, heart, great vessels) into a
// Float32 HU grid. Partial volume by the box-filter ramp on analytic signed distances; heavy 3-D
// evaluation only inside a per-slice bounding rectangle and a heart-local bounding ellipsoid.
import type { Anatomy } from './heart';
import { mulberry32 } from './rng';
import * as shapes from './shapes';

// local aliases: hot loops call these directly, not through module bindings
const sdCapsule = shapes.sdCapsule;
const sdEllipse = shapes.sdEllipse;
const sdEllipsoid = shapes.sdEllipsoid;
const sdTube = shapes.sdTube;
const smin = shapes.smin;
import type { TissueHu } from './tissue';

function inBox(bx: number[], x: number, y: number, z: number): boolean {
  return x >= bx[0]! && x <= bx[3]! && y >= bx[1]! && y <= bx[4]! && z >= bx[2]! && z <= bx[5]!;
}

function len2(a: number, b: number): number {
  return Math.sqrt(a * a + b * b);
}

/** Paint tissue hu over v with the coverage of a surface at signed distance d. */
function mix(v: number, d: number, hu: number, h: number): number {
  const f = 0.5 - d / h;
  return f <= 0 ? v : f >= 1 ? hu : v + f * (hu - v);
}

/**
 * Pulmonary vessels: short oblique segments (x, y at z = 0, drift per mm of z, radius, z range), fixed
 * seed (the same lungs for every case). Painted over lung only, axial grids only.
 */
export const LUNG_VESSELS: readonly (readonly number[])[] = (() => {
  const rng = mulberry32(0x1a6e);
  const out: number[][] = [];
  while (out.length < 90) {
    const x = -140 + 280 * rng();
    const y = -80 + 170 * rng();
    const inLung = (x / 138) ** 2 + ((y - 12) / 88) ** 2 < 1 && Math.abs(x) > 60;
    if (!inLung) continue;
    const z0 = -70 + 140 * rng();
    const len = 15 + 45 * rng();
    out.push([x, y, (x > 0 ? 1 : -1) * (0.1 + 0.5 * rng()), -0.3 + 0.6 * rng(), 0.8 + 2.2 * rng() ** 2, z0, z0 + len]);
  }
  return out;
})();

/** Paint the pulmonary vessels crossing slice z (LPS x/y of voxel (i, j) = ox + i·sx, oy + j·sy). */
export function paintLungVesselsSlice(
  hu: Float32Array, base: number, nx: number, ny: number, ox: number, oy: number, sx: number, sy: number,
  z: number, t: TissueHu, h: number,
): void {
  for (const pv of LUNG_VESSELS) {
    if (z < pv[5]! || z > pv[6]!) continue;
    const cx = pv[0]! + pv[2]! * (z - pv[5]!), cy = pv[1]! + pv[3]! * (z - pv[5]!), r = pv[4]!;
    const i0 = Math.max(0, Math.floor((cx - r - 1 - ox) / sx)), i1 = Math.min(nx - 1, Math.ceil((cx + r + 1 - ox) / sx));
    const j0 = Math.max(0, Math.floor((cy - r - 1 - oy) / sy)), j1 = Math.min(ny - 1, Math.ceil((cy + r + 1 - oy) / sy));
    for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) {
      const q = base + i + j * nx;
      const cur = hu[q]!;
      if (cur > -500) continue;
      hu[q] = mix(cur, len2(ox + i * sx - cx, oy + j * sy - cy) - r, t.paBlood, h);
    }
  }
}

/** Thorax cross-section (z-invariant), LPS x/y in mm relative to the FOV centre. */
export function thoraxHu(x: number, y: number, t: TissueHu, h: number): number {
  let v = t.air;
  v = mix(v, sdEllipse(x, y, 0, 10, 168, 122), t.subcutFat, h);
  v = mix(v, sdEllipse(x, y, 0, 10, 156, 110), t.muscle, h);
  v = mix(v, sdEllipse(x, y, 0, 12, 143, 93), t.lung, h);
  // mediastinum: anterior (retrosternal) and posterior
  v = mix(v, sdEllipse(x, y, 0, -70, 30, 14), t.mediastinalFat, h);
  v = mix(v, sdEllipse(x, y, 6, 72, 40, 42), t.mediastinalFat, h);
  v = mix(v, sdEllipse(x, y, 0, -80, 16, 6.5), t.cortex, h);
  v = mix(v, sdEllipse(x, y, 0, -80, 14.5, 5), t.trabecular, h);
  v = mix(v, len2(x, y - 99) - 20, t.cortex, h);
  v = mix(v, len2(x, y - 99) - 18.5, t.trabecular, h);
  v = mix(v, len2(x - 24, y - 72) - 13.7, t.vesselWall, h);
  v = mix(v, len2(x - 24, y - 72) - 12.5, t.leftBlood, h);
  v = mix(v, len2(x - 4, y - 60) - 7, t.muscle, h);
  v = mix(v, len2(x - 4, y - 60) - 1.8, t.air, h);
  v = mix(v, len2(x + 9, y - 80) - 4, t.azygos, h);
  return v;
}

/**
 * Height of the diaphragm (LPS z, mm) at (x, y): two domes (paraboloids, radius of curvature 80 mm), the
 * right one (liver) 14 mm above the apex, the left one (stomach, under the heart) lower.
 */
export function diaphragmZ(x: number, y: number, apexZ: number): number {
  const right = apexZ + 14 - ((x + 55) ** 2 + (y - 25) ** 2) / 160;
  const left = apexZ - 4 - ((x - 60) ** 2 + (y - 25) ** 2) / 160;
  return Math.max(right, left);
}

export function abdomenHu(x: number, y: number, t: TissueHu, h: number): number {
  let v = thoraxHu(x, y, t, h);
  v = mix(v, sdEllipse(x, y, 0, 12, 143, 93), x < 20 ? t.liver : t.stomach, h);
  // spine and aorta stay
  v = mix(v, len2(x, y - 99) - 20, t.cortex, h);
  v = mix(v, len2(x, y - 99) - 18.5, t.trabecular, h);
  v = mix(v, len2(x - 24, y - 72) - 12.5, t.leftBlood, h);
  return v;
}

/** Paint the heart and the great vessels at one LPS point over the value v. */
export function heartHu(an: Anatomy, t: TissueHu, x: number, y: number, z: number, v: number, h: number): number {
  const f = an.frame;
  const dx = x - f.baseLps[0];
  const dy = y - f.baseLps[1];
  const dz = z - f.baseLps[2];
  const w = dx * f.u[0] + dy * f.u[1] + dz * f.u[2];
  const a = dx * f.e0[0] + dy * f.e0[1] + dz * f.e0[2];
  const b = dx * f.e90[0] + dy * f.e90[1] + dz * f.e90[2];
  // quick reject: far from the heart's bounding ellipsoid and from every tube
  const qw = (w - 22) / 95;
  const qa = a / 62;
  const qb = (b + 5) / 70;
  const inHeartBound = qw * qw + qa * qa + qb * qb < 1;
  const boxes = an.tubeBoxes;
  const dAsc = inBox(boxes[0]!, x, y, z) ? sdTube(x, y, z, an.ascAortaLps, an.ascAortaRadiusMm) : 99;
  const dPa = Math.min(
    inBox(boxes[1]!, x, y, z) ? sdCapsule(x, y, z, an.paLps[0]!, an.paLps[1]!, an.paRadiusMm) : 99,
    inBox(boxes[2]!, x, y, z) ? sdCapsule(x, y, z, an.rpaLps[0]!, an.rpaLps[1]!, an.branchPaRadiusMm) : 99,
    inBox(boxes[3]!, x, y, z) ? sdCapsule(x, y, z, an.lpaLps[0]!, an.lpaLps[1]!, an.branchPaRadiusMm) : 99,
  );
  const dSvc = inBox(boxes[4]!, x, y, z) ? sdCapsule(x, y, z, an.svcLps[0]!, an.svcLps[1]!, an.svcRadiusMm) : 99;
  const dVessels0 = Math.min(dAsc, dPa, dSvc);
  if (!inHeartBound && dVessels0 > 12) return v;
  const rx = x - an.rootLps[0];
  const ry = y - an.rootLps[1];
  const rz = z - an.rootLps[2];
  const dRoot = Math.sqrt(rx * rx + ry * ry + rz * rz) - an.rootRadiusMm;
  const dVessels = Math.min(dVessels0, dRoot);
  let dHeart = Infinity;
  let dLVe = Infinity, dRVe = Infinity, dLAe = Infinity, dRAe = Infinity;
  if (inHeartBound) {
    dLVe = sdEllipsoid(an.lvEpi, w, a, b);
    dRVe = sdEllipsoid(an.rvEpi, w, a, b);
    dLAe = sdEllipsoid(an.laEpi, w, a, b);
    dRAe = sdEllipsoid(an.raEpi, w, a, b);
    dHeart = smin(smin(smin(dLVe, dRVe, 14), smin(dLAe, dRAe, 10), 10), dRoot - 1.5, 8);
  }
  // mediastinal fat around heart and vessels (pushes the lungs away), pericardium, epicardial fat
  v = mix(v, Math.min(dHeart - 7, dVessels - 5), t.mediastinalFat, h);
  v = mix(v, dHeart - 4.8, t.pericardium, h);
  v = mix(v, dHeart - 2.8, t.epicardialFat, h);
  v = mix(v, dPa - 1.2, t.vesselWall, h);
  v = mix(v, dPa, t.paBlood, h);
  v = mix(v, dSvc - 1.2, t.vesselWall, h);
  v = mix(v, dSvc, t.svcBlood, h);
  v = mix(v, dAsc - 1.5, t.vesselWall, h);
  v = mix(v, dAsc, t.leftBlood, h);
  // smin ≤ every operand: beyond 8 mm from the hull no chamber surface is near
  if (!inHeartBound || dHeart > 8) return v;
  v = mix(v, Math.max(dRoot - 1.5, -dAsc), t.vesselWall, h);
  // cavities and papillary muscles only inside their own epicardium (their SDFs are ≥ the epicardium's)
  if (dLAe < h) {
    v = mix(v, dLAe, t.atrialWall, h);
    v = mix(v, sdEllipsoid(an.laCav, w, a, b), t.leftBlood, h);
  }
  if (dRAe < h) {
    v = mix(v, dRAe, t.atrialWall, h);
    v = mix(v, sdEllipsoid(an.raCav, w, a, b), t.rightBlood, h);
  }
  v = mix(v, dLVe, t.myocardium, h);
  v = mix(v, dRVe, t.myocardium, h);
  if (dRVe < h) {
    const dRVc = Math.max(sdEllipsoid(an.rvCav, w, a, b), -dLVe);
    v = mix(v, dRVc, t.rightBlood, h);
  }
  if (dLVe < h) {
    const dLVc = sdEllipsoid(an.lvCav, w, a, b);
    v = mix(v, dLVc, t.leftBlood, h);
    if (dLVc < h) for (const p of an.papillary) v = mix(v, sdEllipsoid(p, w, a, b), t.myocardium, h);
  }
  v = mix(v, dRoot, t.leftBlood, h);
  return v;
}
