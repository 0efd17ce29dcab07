// Anatomy model of one case: heart frame (axis drawn from the PHANTOM §1 range with the case seed),
// chambers as ellipsoids in heart-local coordinates, great vessels as tubes in LPS.
import { mulberry32, uniform } from './rng';
import { smin, sdEllipsoid, type Ellipsoid } from './shapes';
import { add, cross, madd, normalize, scale, type V3 } from './vec';

/**
 * Heart-local frame. w: along u (base → apex), a: along e0 (φ = 0, anterior interventricular groove),
 * b: along e90 (φ = 90°, lateral wall). Origin B = centre of the ventricular base plane.
 */
export interface HeartFrame {
  baseLps: V3;
  u: V3;
  e0: V3;
  e90: V3;
}

export interface Anatomy {
  frame: HeartFrame;
  /** ellipsoids in heart-local (w, a, b) coordinates */
  lvEpi: Ellipsoid; lvCav: Ellipsoid; rvEpi: Ellipsoid; rvCav: Ellipsoid;
  laEpi: Ellipsoid; laCav: Ellipsoid; raEpi: Ellipsoid; raCav: Ellipsoid;
  papillary: Ellipsoid[];
  /** aortic root (sinus) sphere, LPS */
  rootLps: V3; rootRadiusMm: number;
  ascAortaLps: V3[]; ascAortaRadiusMm: number;
  paLps: V3[]; paRadiusMm: number; rpaLps: V3[]; lpaLps: V3[]; branchPaRadiusMm: number;
  svcLps: V3[]; svcRadiusMm: number;
  /** apex tip of the LV epicardium, LPS */
  apexLps: V3;
  /** bounding sphere of everything 3-D in the mediastinum (heart + vessels), LPS */
  boundCentreLps: V3; boundRadiusMm: number;
  /** LPS boxes [minx, miny, minz, maxx, maxy, maxz] around asc. aorta, PA, RPA, LPA, SVC (+ 8 mm) */
  tubeBoxes: number[][];
  /** LPS box of the heart-local bounding ellipsoid */
  heartBox: number[];
}

function tubeBox(pts: V3[], r: number): number[] {
  const m = r + 8;
  const b = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];
  for (const p of pts) for (let a = 0; a < 3; a++) {
    b[a] = Math.min(b[a]!, p[a]! - m);
    b[a + 3] = Math.max(b[a + 3]!, p[a]! + m);
  }
  return b;
}

export function toLocal(f: HeartFrame, x: number, y: number, z: number): V3 {
  const dx = x - f.baseLps[0];
  const dy = y - f.baseLps[1];
  const dz = z - f.baseLps[2];
  return [
    dx * f.u[0] + dy * f.u[1] + dz * f.u[2],
    dx * f.e0[0] + dy * f.e0[1] + dz * f.e0[2],
    dx * f.e90[0] + dy * f.e90[1] + dz * f.e90[2],
  ];
}

export function toLps(f: HeartFrame, w: number, a: number, b: number): V3 {
  return [
    f.baseLps[0] + w * f.u[0] + a * f.e0[0] + b * f.e90[0],
    f.baseLps[1] + w * f.u[1] + a * f.e0[1] + b * f.e90[1],
    f.baseLps[2] + w * f.u[2] + a * f.e0[2] + b * f.e90[2],
  ];
}

/** Local direction vector (da, db) in the short-axis plane → LPS. */
export function localDirToLps(f: HeartFrame, dw: number, da: number, db: number): V3 {
  return add(add(scale(f.u, dw), scale(f.e0, da)), scale(f.e90, db));
}

/** Heart frame drawn from the seed: frontal angle between the two PHANTOM §1 bounds, small azimuth jitter. */
export function drawFrame(seed: number): HeartFrame {
  const rng = mulberry32(seed ^ 0x5eed);
  const t = rng();
  const uA: V3 = [0.62, -0.62, -0.48];
  const uB: V3 = [0.55, -0.55, -0.63];
  let u = normalize(madd(uA, madd(uB, uA, -1), t));
  const jitter = uniform(rng, -0.06, 0.06);
  u = normalize([u[0] + jitter, u[1] - jitter, u[2]]);
  const ant: V3 = [0, -1, 0];
  const eAnt = normalize(madd(ant, u, -(ant[0] * u[0] + ant[1] * u[1] + ant[2] * u[2])));
  const eLat = cross(eAnt, u);
  // the anterior groove sits left of straight anterior (RV is anterior and right)
  const g = (28 * Math.PI) / 180;
  const e0 = normalize(madd(scale(eAnt, Math.cos(g)), eLat, Math.sin(g)));
  const e90 = normalize(cross(e0, u));
  const baseLps: V3 = [-13 + uniform(rng, -2, 2), 26 + uniform(rng, -2, 2), 18];
  return { baseLps, u, e0, e90 };
}

export function buildAnatomy(seed: number): Anatomy {
  const frame = drawFrame(seed);
  const L = (c: [number, number, number]) => toLps(frame, c[0], c[1], c[2]);
  const lvEpi: Ellipsoid = { c: [20, 0, 13], r: [75, 33, 33], cutX: -2 };
  const lvCav: Ellipsoid = { c: [22, 0, 13], r: [66, 24, 23], cutX: -2 };
  const rvEpi: Ellipsoid = { c: [14, 5, -11], r: [62, 37, 27], cutX: -2 };
  const rvCav: Ellipsoid = { c: [14, 5, -11], r: [58, 33, 23], cutX: -2 };
  const laEpi: Ellipsoid = { c: [-21, -19, 15], r: [23, 19, 24] };
  const laCav: Ellipsoid = { c: [-21, -19, 15], r: [21, 17, 22] };
  const raEpi: Ellipsoid = { c: [-25, 4, -36], r: [22, 23, 21] };
  const raCav: Ellipsoid = { c: [-25, 4, -36], r: [20, 21, 19] };
  const papillary: Ellipsoid[] = [
    { c: [45, 14, 22], r: [13, 4, 4] },
    { c: [45, -14, 20], r: [13, 4, 4] },
  ];
  const rootRadiusMm = 15;
  const rootLps = L([-14, 14, 0]);
  const up: V3 = [-0.12, 0.1, 1];
  const asc1 = madd(rootLps, normalize(up), 40);
  const asc2 = madd(asc1, normalize([-0.05, 0.2, 1]), 80);
  const rvot = L([-18, 38, 4]);
  const paBif = madd(rvot, normalize([0.3, 0.45, 0.85]), 42);
  const rpaEnd = madd(paBif, normalize([-0.9, 0.35, 0.1]), 70);
  const lpaEnd = madd(paBif, normalize([0.55, 0.8, 0.05]), 40);
  const raTop = L([-44, 4, -36]);
  const svcTop = madd(raTop, normalize([0, 0.1, 1]), 120);
  const apexLps = L([95, 0, 13]);
  const boundCentreLps = L([10, 0, 0]);
  const ascAortaLps = [rootLps, asc1, asc2];
  const tubeBoxes = [
    tubeBox(ascAortaLps, 15.5), tubeBox([rvot, paBif], 12.5), tubeBox([paBif, rpaEnd], 10), tubeBox([paBif, lpaEnd], 10),
    tubeBox([raTop, svcTop], 9),
  ];
  // bounding ellipsoid (w−22)/95, a/62, (b+5)/70 of raster-anatomy → LPS box
  const hc = toLps(frame, 22, 0, -5);
  const heartBox = [0, 1, 2].map((k) => Math.hypot(95 * frame.u[k]!, 62 * frame.e0[k]!, 70 * frame.e90[k]!));
  return {
    tubeBoxes, heartBox: [hc[0] - heartBox[0]!, hc[1] - heartBox[1]!, hc[2] - heartBox[2]!, hc[0] + heartBox[0]!, hc[1] + heartBox[1]!, hc[2] + heartBox[2]!],
    frame, lvEpi, lvCav, rvEpi, rvCav, laEpi, laCav, raEpi, raCav, papillary,
    rootLps, rootRadiusMm, ascAortaLps, ascAortaRadiusMm: 15.5,
    paLps: [rvot, paBif], paRadiusMm: 12.5, rpaLps: [paBif, rpaEnd], lpaLps: [paBif, lpaEnd], branchPaRadiusMm: 10,
    svcLps: [raTop, svcTop], svcRadiusMm: 9,
    apexLps, boundCentreLps, boundRadiusMm: 105,
  };
}

/** Signed distance (mm) to the ventricular epicardium, smooth union (k mm) of LV and RV, local coords. */
export function sdVentricles(an: Anatomy, w: number, a: number, b: number, kMm: number): number {
  return smin(sdEllipsoid(an.lvEpi, w, a, b), sdEllipsoid(an.rvEpi, w, a, b), kMm);
}

/** Outward unit normal of the smoothed ventricular surface at a local point (finite differences). */
export function ventricleNormalLocal(an: Anatomy, w: number, a: number, b: number, kMm: number): V3 {
  const h = 0.25;
  const gw = sdVentricles(an, w + h, a, b, kMm) - sdVentricles(an, w - h, a, b, kMm);
  const ga = sdVentricles(an, w, a + h, b, kMm) - sdVentricles(an, w, a - h, b, kMm);
  const gb = sdVentricles(an, w, a, b + h, kMm) - sdVentricles(an, w, a, b - h, kMm);
  return normalize([gw, ga, gb]);
}
