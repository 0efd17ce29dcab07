/**
 * Where a section's residual lumen is when the centreline point is not in it: the centreline runs through
 * the plaque beside an eccentric lumen, or through the middle of a calcified ring whose lumen lies to one side.
 * A radiologist looks for the contrast plateau: blood at the vessel's lumen level, flat or a round top. Three
 * things are told apart on the image alone:
 * - plaque and wall stay well below the lumen level;
 * - the flank of a calcium bloom crosses the lumen level steeply (the calcium step over the blur width);
 * - a thin calcified arc blurred down to the lumen level is a ridge: curved across, flat along it.
 * Each grid point within SEARCH_MM is scored by its distance to the lumen level plus its slope over the blur
 * width, both in units of the lumen-to-tissue contrast; ridges are left out.
 * Where the centreline point sits in the bloom of a calcified ring, the lumen is the centre of the ring's ridge circle
 * (ringLumenCentre).
 * Grid: square, row-major, v rows and u columns, (u, v) = ((i − K)·step, (j − K)·step) mm (pinhole.ts sampleGrids).
 */

/** the residual lumen lies inside the vessel's outer wall: within this of the centreline point, mm */
export const SEED_SEARCH_MM = 1.5;
/** a plateau brighter than this fraction of the lumen level is contrast blood (plaque and wall stay below half of it) */
const PLATEAU_RATIO = 0.7;
/**
 * a lumen scores below this: within 30 % of the level and nearly flat. A calcium flank crossing the lumen level
 * has a slope over the blur width of (calcium − plaque) / √(2π) ≥ 0.6 × the lumen contrast (calcium ≥ 600 HU).
 */
const MAX_SCORE = 0.5;
/** curved: the curvature over the blur width squared is above this fraction of the contrast (a flat top is not) */
const CURVED = 0.1;
/** a ridge's curvature along it is below this fraction of its curvature across (a round top has both alike) */
const ROUND = 0.3;

export interface LumenSeed {
  readonly uMm: number;
  readonly vMm: number;
  /** local mean HU there */
  readonly hu: number;
}

export interface SeedInputs {
  readonly grid: Float64Array;
  readonly stepMm: number;
  /** the vessel's healthy lumen level nearby, HU */
  readonly levelHu: number;
  /** the soft tissue level next to a lumen, HU */
  readonly tissueHu: number;
  /** edge blur (σ) measured on the vessel, mm */
  readonly blurMm: number;
}

/** 3 × 3 mean (noise), edges clamped */
function smooth3(g: Float64Array, W: number): Float64Array {
  const out = new Float64Array(g.length);
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
    let acc = 0;
    for (let dj = -1; dj <= 1; dj++) for (let di = -1; di <= 1; di++) acc += g[Math.min(W - 1, Math.max(0, j + dj)) * W + Math.min(W - 1, Math.max(0, i + di))]!;
    out[j * W + i] = acc / 9;
  }
  return out;
}

/**
 * The lumen plateau nearest the lumen level within SEED_SEARCH_MM of the grid centre, or null when no point is
 * bright, flat and round enough to be one.
 */
export function lumenSeed(x: SeedInputs): LumenSeed | null {
  const W = Math.round(Math.sqrt(x.grid.length)), K = (W - 1) >> 1, h = x.stepMm;
  const contrast = x.levelHu - x.tissueHu;
  if (!(contrast > 0) || W < 5) return null;
  // derivatives over ±2 samples: the blur is wider than the grid step, noise is not
  const g = smooth3(x.grid, W), d = 2;
  const at = (i: number, j: number): number => g[j * W + i]!;
  const kMax = Math.min(K - d, Math.round(SEED_SEARCH_MM / h));
  let best: LumenSeed | null = null, bestScore = MAX_SCORE;
  for (let j = K - kMax; j <= K + kMax; j++) {
    for (let i = K - kMax; i <= K + kMax; i++) {
      if (Math.hypot(i - K, j - K) > kMax) continue;
      const v = at(i, j);
      if (v < PLATEAU_RATIO * x.levelHu) continue;
      const gu = (at(i + d, j) - at(i - d, j)) / (2 * d * h), gv = (at(i, j + d) - at(i, j - d)) / (2 * d * h);
      const score = Math.abs(v - x.levelHu) / contrast + (Math.hypot(gu, gv) * x.blurMm) / contrast;
      if (score >= bestScore) continue;
      const huu = (at(i + d, j) - 2 * v + at(i - d, j)) / (d * h) ** 2, hvv = (at(i, j + d) - 2 * v + at(i, j - d)) / (d * h) ** 2;
      const huv = (at(i + d, j + d) - at(i + d, j - d) - at(i - d, j + d) + at(i - d, j - d)) / (4 * (d * h) ** 2);
      const mid = (huu + hvv) / 2, rad = Math.hypot((huu - hvv) / 2, huv);
      const l1 = mid - rad, l2 = mid + rad; // l1 ≤ l2; a top has l1 < 0
      const across = Math.max(Math.abs(l1), Math.abs(l2)), along = Math.min(Math.abs(l1), Math.abs(l2));
      if ((across * x.blurMm ** 2) / contrast > CURVED && along < ROUND * across) continue;
      bestScore = score;
      best = { uMm: (i - K) * h, vMm: (j - K) * h, hu: v };
    }
  }
  return best;
}

/** a ridge point's curvature across it is at least this many times its curvature along it (a round peak is not a ridge) */
const RIDGE_ANISOTROPY = 2;
/** the ring's ridge points must spread over at least this many 30° sectors about the fitted centre (120°) */
const RING_MIN_SECTORS = 4;
/** the ridge points lie on a circle: RMS distance to it at most this fraction of its radius */
const RING_MAX_SPREAD = 0.3;

export interface RingInputs extends SeedInputs {
  /** calcium: a ridge brighter than this, HU (the healthy level plus the calcium rise) */
  readonly calciumHu: number;
}

/**
 * The lumen inside a calcified ring whose bloom covers the centreline point: calcium blurred by σ is a bright ridge
 * (curved across, flat along) on the calcium's mid-line, and the lumen it rings lies at the centre of the circle
 * through those ridge points (weighted least squares, Kåsa). Null when the ridge does not ring anything: too few
 * points, an arc under 120°, points off a circle, a centre outside SEED_SEARCH_MM, or a centre that once the ring's own
 * bloom there is taken off is darker than a lumen (plaque ringed by calcium, lifted by the bloom alone) or brighter
 * than the calcium threshold (calcium itself: a thick calcified plate whose ridge curves round a calcified core).
 */
export function ringLumenCentre(x: RingInputs): LumenSeed | null {
  const W = Math.round(Math.sqrt(x.grid.length)), K = (W - 1) >> 1, h = x.stepMm;
  if (W < 9) return null;
  const g = smooth3(x.grid, W), d = 2;
  const at = (i: number, j: number): number => g[Math.min(W - 1, Math.max(0, j)) * W + Math.min(W - 1, Math.max(0, i))]!;
  // weighted sums for the circle x² + y² + D·x + E·y + F = 0
  let sw = 0, su = 0, sv = 0, suu = 0, svv = 0, suv = 0, sz = 0, suz = 0, svz = 0;
  const pts: number[] = [];
  for (let j = d; j < W - d; j++) for (let i = d; i < W - d; i++) {
    const v = at(i, j);
    if (!(v > x.calciumHu)) continue;
    const huu = (at(i + d, j) - 2 * v + at(i - d, j)) / (d * h) ** 2, hvv = (at(i, j + d) - 2 * v + at(i, j - d)) / (d * h) ** 2;
    const huv = (at(i + d, j + d) - at(i + d, j - d) - at(i - d, j + d) + at(i - d, j - d)) / (4 * (d * h) ** 2);
    const mid = (huu + hvv) / 2, rad = Math.hypot((huu - hvv) / 2, huv), l1 = mid - rad, l2 = mid + rad;
    if (!(l1 < 0) || Math.abs(l1) < RIDGE_ANISOTROPY * Math.abs(l2)) continue;
    // across the ridge: the eigenvector of l1; the point is the highest of its neighbours that way
    const flat = Math.abs(huv) <= 1e-9, eu = flat ? (huu <= hvv ? 1 : 0) : l1 - hvv, ev = flat ? (huu <= hvv ? 0 : 1) : huv, en = Math.hypot(eu, ev);
    const du = Math.round(eu / en), dv = Math.round(ev / en);
    if (at(i + du, j + dv) > v || at(i - du, j - dv) > v) continue;
    const u = (i - K) * h, w0 = (j - K) * h, wt = v - x.calciumHu, z = u * u + w0 * w0;
    sw += wt; su += wt * u; sv += wt * w0; suu += wt * u * u; svv += wt * w0 * w0; suv += wt * u * w0; sz += wt * z; suz += wt * u * z; svz += wt * w0 * z;
    pts.push(u, w0, wt);
  }
  if (pts.length < 3 * 8) return null;
  // normal equations of Σ w (z + D·u + E·v + F)² → [suu suv su; suv svv sv; su sv sw]·[D E F] = −[suz svz sz]
  const sol = solve3sym(suu, suv, su, svv, sv, sw, -suz, -svz, -sz);
  if (!sol) return null;
  const cu = -sol[0] / 2, cv = -sol[1] / 2, r2 = cu * cu + cv * cv - sol[2];
  if (!(r2 > 0) || Math.hypot(cu, cv) > SEED_SEARCH_MM) return null;
  const R = Math.sqrt(r2);
  let spread = 0, wsum = 0, sectors = 0;
  for (let k = 0; k < pts.length; k += 3) {
    const du = pts[k]! - cu, dv = pts[k + 1]! - cv, wt = pts[k + 2]!;
    spread += wt * (Math.hypot(du, dv) - R) ** 2; wsum += wt;
    sectors |= 1 << Math.min(11, Math.floor(((Math.atan2(dv, du) + Math.PI) / (2 * Math.PI)) * 12));
  }
  let nSectors = 0;
  for (let b = 0; b < 12; b++) if (sectors & (1 << b)) nSectors++;
  if (nSectors < RING_MIN_SECTORS || Math.sqrt(spread / wsum) > RING_MAX_SPREAD * R) return null;
  const ic = Math.round(cu / h) + K, jc = Math.round(cv / h) + K, hu = at(ic, jc);
  // what the ring's bloom alone lifts its centre by: a thin shell of radius R blurred by σ adds at its centre
  // √(2π)·(R/σ)·e^(−R²/2σ²) × its blurred peak (over the tissue), times the arc's share of the circle
  let peak = 0;
  for (let k = 0; k < pts.length; k += 3) peak += pts[k + 2]!;
  peak = x.calciumHu + peak / (pts.length / 3) - x.tissueHu;
  const bloom = (nSectors / 12) * peak * Math.sqrt(2 * Math.PI) * (R / x.blurMm) * Math.exp(-(R * R) / (2 * x.blurMm * x.blurMm));
  // the rest is the lumen: near the lumen level, neither plaque (below) nor calcium (above the calcium threshold)
  if (hu - bloom < PLATEAU_RATIO * x.levelHu || hu - bloom > x.calciumHu) return null;
  return { uMm: cu, vMm: cv, hu };
}

/** symmetric 3 × 3 solve (Cramer) of [a b c; b d e; c e f]·x = y; null when singular */
function solve3sym(a: number, b: number, c: number, d: number, e: number, f: number, y1: number, y2: number, y3: number): [number, number, number] | null {
  const det = a * (d * f - e * e) - b * (b * f - e * c) + c * (b * e - d * c);
  if (!(Math.abs(det) > 1e-12)) return null;
  return [
    (y1 * (d * f - e * e) - b * (y2 * f - e * y3) + c * (y2 * e - d * y3)) / det,
    (a * (y2 * f - e * y3) - y1 * (b * f - e * c) + c * (b * y3 - y2 * c)) / det,
    (a * (d * y3 - y2 * e) - b * (b * y3 - y2 * c) + y1 * (b * e - d * c)) / det,
  ];
}
