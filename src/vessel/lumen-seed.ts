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
