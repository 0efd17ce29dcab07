/**
 * Side-branch ostia along a measured vessel, from the image alone (pure: no DOM; reads no generator parameter).
 *
 * A side branch is contrast-filled lumen that leaves the vessel's lumen through its wall. Every `stepMm` along
 * the centreline, rays in the perpendicular plane (rotation-minimising frames, so an angle keeps its meaning
 * along the vessel) go from the measured lumen edge to `shellMm` beyond it; a ray stays "open" when every sample
 * on it is at least 35 % of the way from the local background to the local lumen level (both measured here: the
 * lumen level as the running median HU on the centreline, the background as the median of an outer shell). Open
 * rays form components in (arc length × angle); a branch is a component longer than a partial-volume blip and
 * narrower than a chamber or a great vessel lying against the wall. Its ostium is the component's upstream
 * edge: a branch of radius r leaving at α opens the parent's wall (radius R) from about s0 + R/tan α − r/sin α,
 * which is s0 within a millimetre for the usual 40–60° and r ≈ R.
 *
 * Units: LPS mm, arc length mm from the first centreline point, angles in degrees in the centreline's frame.
 */
import { trilinearIjk } from '../kernels/sample.ts';
import { type Lps, lpsToIjk, type Volume } from '../volume/volume.ts';
import { arcLengths, rotationMinimisingFrames, tangents } from './curve.ts';

export interface BranchOstium {
  /** arc length of the ostium along the centreline (upstream edge of the opening), mm */
  readonly sMm: number;
  /** arc-length span of the opening in the wall, mm */
  readonly openingMm: number;
  /** mean angle of the opening in the centreline's rotation-minimising frame, degrees */
  readonly angleDeg: number;
  /** angular width of the opening, degrees */
  readonly widthDeg: number;
  /** the opening's brightest ray: its lowest sample, as a fraction from background (0) to lumen level (1) */
  readonly coreFraction: number;
}

export interface BranchOptions {
  /** spacing of the sections examined, mm (default 0.5) */
  readonly stepMm?: number;
  /** how far beyond the lumen edge a ray must stay bright, mm (default 1) */
  readonly shellMm?: number;
  /** rays per section (default 36) */
  readonly rays?: number;
  /** an opening shorter than this along the vessel is partial volume (default 1 mm) */
  readonly minOpeningMm?: number;
  /** an opening longer than this is a chamber or a vessel lying against the wall (default 10 mm) */
  readonly maxOpeningMm?: number;
  /** an opening wider than this is not a branch (default 150°) */
  readonly maxWidthDeg?: number;
  /** a ray is open where every sample is at least this fraction of the way from background to lumen level (default 0.35) */
  readonly thresholdFraction?: number;
  /** an opening whose brightest ray stays below this fraction of the lumen contrast is not lumen: a vein or a wall lying against the vessel (default 0.7) */
  readonly minCoreFraction?: number;
  /** openings this close to either end are left out (default 4 mm): the vessel's own start (a sibling from the same trunk) and end */
  readonly endMarginMm?: number;
}

/**
 * Where the rays start, per section (mm from the centreline): the larger of the measured lumen radius and 0.9 × the
 * reference radius. Inside a stenosis the residual lumen is eccentric and reaches beyond its equivalent radius in
 * some directions; rays starting at that radius began in lumen and read an opening (CORO-02's 75 % LAD lesion).
 */
export function branchRayStartsMm(profile: readonly { readonly hasLumen: boolean; readonly equivalentDiameterMm: number; readonly referenceDiameterMm: number }[]): number[] {
  return profile.map((p) => (p.hasLumen ? Math.max(p.equivalentDiameterMm, 0.9 * p.referenceDiameterMm) / 2 : NaN));
}

const median = (v: number[]): number => {
  if (v.length === 0) return NaN;
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};

/**
 * Ostia of side branches along `pointsLps` (evenly sampled centreline), given where the rays start at each point
 * (mm: the lumen edge, branchRayStartsMm; NaN where unknown: the running median is used). Sorted by arc length.
 */
export function findSideBranches(volume: Volume, pointsLps: readonly Lps[], lumenRadiusMm: ArrayLike<number>, opts: BranchOptions = {}): BranchOstium[] {
  const n = pointsLps.length;
  if (n < 8) return [];
  const stepMm = opts.stepMm ?? 0.5, shellMm = opts.shellMm ?? 1, rays = opts.rays ?? 36;
  const minOpen = opts.minOpeningMm ?? 1, maxOpen = opts.maxOpeningMm ?? 10, maxWidth = opts.maxWidthDeg ?? 150, margin = opts.endMarginMm ?? 4;
  const s = arcLengths(pointsLps);
  const lengthMm = s[n - 1]!;
  const tan = tangents(pointsLps, 4);
  const fr = rotationMinimisingFrames(pointsLps, tan);
  const hu = (p: readonly number[]): number => {
    const ijk = lpsToIjk(volume, p as Lps);
    return trilinearIjk(volume, ijk[0], ijk[1], ijk[2], -1024);
  };
  // sections every stepMm: index of the nearest centreline point
  const idx: number[] = [];
  for (let q = 0, target = 0; q < n && target <= lengthMm; q++) {
    if (s[q]! >= target) { idx.push(q); target += stepMm; }
  }
  const centreHu = idx.map((q) => hu(pointsLps[q]!));
  const radii = idx.map((q) => lumenRadiusMm[q]!);
  const win = Math.max(2, Math.round(5 / stepMm));
  const cos = Array.from({ length: rays }, (_, k) => Math.cos((2 * Math.PI * k) / rays));
  const sin = Array.from({ length: rays }, (_, k) => Math.sin((2 * Math.PI * k) / rays));
  const open: Uint8Array[] = [];
  const core: Float32Array[] = [];
  for (let a = 0; a < idx.length; a++) {
    const q = idx[a]!;
    const lo = Math.max(0, a - win), hi = Math.min(idx.length, a + win + 1);
    const level = median(centreHu.slice(lo, hi));
    const rFinite = radii.slice(lo, hi).filter((r) => Number.isFinite(r) && r > 0);
    const r0 = Number.isFinite(radii[a]!) && radii[a]! > 0 ? radii[a]! : median(rFinite);
    const row = new Uint8Array(rays);
    const rowCore = new Float32Array(rays);
    open.push(row);
    core.push(rowCore);
    if (!Number.isFinite(r0) || !Number.isFinite(level)) continue;
    const p = pointsLps[q]!, u = fr.n[q]!, v = fr.b[q]!;
    const at = (k: number, r: number) => hu([p[0] + r * (cos[k]! * u[0] + sin[k]! * v[0]), p[1] + r * (cos[k]! * u[1] + sin[k]! * v[1]), p[2] + r * (cos[k]! * u[2] + sin[k]! * v[2])]);
    // background: the shell beyond the examined band (fat, myocardium), most of it away from any branch
    const background = median(Array.from({ length: rays }, (_, k) => at(k, r0 + shellMm + 1.5)));
    if (!(level - background > 100)) continue; // no contrast between lumen and surroundings here
    const threshold = background + (opts.thresholdFraction ?? 0.35) * (level - background);
    // brighter than the lumen by this much is calcium (or a contrast jet into a chamber), not a branch's lumen
    const ceiling = level + 0.6 * (level - background);
    for (let k = 0; k < rays; k++) {
      let ok = true, low = Infinity;
      for (let r = r0 + 0.25; r <= r0 + shellMm + 1e-9 && ok; r += 0.25) {
        const h = at(k, r);
        ok = h >= threshold && h <= ceiling;
        low = Math.min(low, h);
      }
      rowCore[k] = (low - background) / (level - background);
      row[k] = ok ? 1 : 0;
    }
  }
  return components(open, rays, core).flatMap((c) => {
    const s0 = s[idx[c.a0]!]!, s1 = s[idx[c.a1]!]!;
    const openingMm = s1 - s0 + stepMm;
    const widthDeg = (360 * c.width) / rays;
    if (openingMm < minOpen || openingMm > maxOpen || widthDeg > maxWidth) return [];
    if (s0 < margin || s1 > lengthMm - margin) return [];
    if (c.core < (opts.minCoreFraction ?? 0.7)) return [];
    return [{ sMm: s0, openingMm, angleDeg: (c.meanAngle * 180) / Math.PI, widthDeg, coreFraction: c.core }];
  }).sort((x, y) => x.sMm - y.sMm);
}

interface Component { a0: number; a1: number; width: number; meanAngle: number; core: number }

/** 4-connected components of open cells in (section × angle), the angle cyclic. */
function components(open: readonly Uint8Array[], rays: number, core: readonly Float32Array[]): Component[] {
  const seen = open.map((r) => new Uint8Array(r.length));
  const out: Component[] = [];
  for (let a = 0; a < open.length; a++) {
    for (let k = 0; k < rays; k++) {
      if (!open[a]![k] || seen[a]![k]) continue;
      const stack: [number, number][] = [[a, k]];
      seen[a]![k] = 1;
      let a0 = a, a1 = a, sx = 0, sy = 0, best = -Infinity;
      const angles = new Set<number>();
      while (stack.length) {
        const [x, y] = stack.pop()!;
        a0 = Math.min(a0, x); a1 = Math.max(a1, x);
        angles.add(y);
        best = Math.max(best, core[x]![y]!);
        sx += Math.cos((2 * Math.PI * y) / rays); sy += Math.sin((2 * Math.PI * y) / rays);
        for (const [nx, ny] of [[x - 1, y], [x + 1, y], [x, (y + 1) % rays], [x, (y + rays - 1) % rays]] as [number, number][]) {
          if (nx < 0 || nx >= open.length || !open[nx]![ny] || seen[nx]![ny]) continue;
          seen[nx]![ny] = 1;
          stack.push([nx, ny]);
        }
      }
      out.push({ a0, a1, width: angles.size, meanAngle: Math.atan2(sy, sx), core: best });
    }
  }
  return out;
}
