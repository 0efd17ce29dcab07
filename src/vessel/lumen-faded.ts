/**
 * Lumens narrowed below the blur: their area from the partial-volume mass the blur preserves, and faded sections
 * (a lumen smaller than the blur inside plaque, or a pin-hole beside a lumen-bright crescent) re-centred on their
 * blob. Coordinates (u, v) mm along the section axes (n, b).
 */
import type { Volume } from '../volume/volume.ts';
import type { Frames } from './curve.ts';
import type { Lps } from '../volume/volume.ts';
import { pinholesAlong } from './pinhole.ts';
import { lumenNeighbourHu, sampleSections, sectionShape, type RayOptions, type RayProfiler, type Section } from './rays.ts';

/**
 * Partial-volume area: Σ over rays Δθ ∫ r·clamp((p − bg)/(lumen − bg)) dr up to 0.8 mm beyond the
 * half-maximum edge, bg = mean HU 0.8–1.4 mm beyond it. Rays stopped on calcium keep their edge.
 */
const PV_LIMIT_MM = 0.5;
/** sections wider than this (half-maximum) are not faded by the blur */
export const PV_MAX_DIAMETER_MM = 2.2;
export function integratedArea(profiles: Float64Array, sec: Section, o: RayOptions, lumenHu: number, plaqueBound: boolean): number {
  const M = Math.round(o.rMaxMm / o.drMm);
  const dth = (2 * Math.PI) / o.rays;
  const dr = o.drMm;
  let area = 0;
  for (let q = 0; q < o.rays; q++) {
    const edge = sec.radiiMm[q]!;
    if (!Number.isFinite(edge)) continue;
    if (sec.calcified[q]) { area += 0.5 * edge * edge * dth; continue; }
    const mA = Math.min(M, Math.round((edge + PV_LIMIT_MM) / dr)), mB = Math.min(M, Math.round((edge + PV_LIMIT_MM + 0.4) / dr));
    let bg = 0, cnt = 0;
    for (let m = mA; m <= mB; m++) { bg += profiles[q * (M + 1) + m]!; cnt++; }
    bg = cnt ? bg / cnt : 0;
    if (plaqueBound) bg = lumenNeighbourHu(bg);
    if (!(lumenHu - bg > 60)) { area += 0.5 * edge * edge * dth; continue; }
    let acc = 0;
    for (let m = 0; m <= mA; m++) {
      const w = Math.min(1, Math.max(0, (profiles[q * (M + 1) + m]! - bg) / (lumenHu - bg)));
      acc += m * dr * w * dr;
    }
    area += acc * dth;
  }
  return area;
}

/** a faded section's centre is below this fraction of the healthy lumen level nearby */
export const FADED_RATIO = 0.6;
/** pin-holes are searched on grids averaged over ±this many faded sections (±1 mm at 0.25 mm: noise) */
const PINHOLE_HALF_SECTIONS = 4;
/** a section whose centre is below this fraction of it has no lumen */
export const LUMENLESS_RATIO = 0.2;
/** search radius for the faded lumen's blob and radius of its partial-volume integral, mm */
const FADED_SEARCH_MM = 1.0;
const FADED_INTEGRAL_MM = 1.2;
/** surroundings of the faded blob (background level: plaque around a small lumen), mm */
const FADED_BG_MM: readonly [number, number] = [1.2, 1.6];

/**
 * Faded sections: the centre is well below the healthy lumen level (not lumen-less, no calcium). Beside a
 * lumen-bright crescent the lumen is its pin-hole (pinhole.ts, grids averaged over ±1 mm of faded sections) and
 * its area the fitted blob's mass over (lumen level − background). Otherwise, where the half-maximum contour is
 * not a small lumen (it runs out to the outer wall: a lumen smaller than the blur inside soft plaque), the lumen
 * is the brightest blob within FADED_SEARCH_MM (the centreline can miss a tiny lumen); its area is the
 * partial-volume integral ∫ (HU − bg) dA / (lumen level − bg) around it, which blur preserves, bg the median
 * HU of the ring just outside. Returns section → area (mm²); the rays are re-sampled about the blob.
 */
export function fadedAreas(
  volume: Volume, pts: readonly Lps[], frames: Frames, profs: Float64Array[], secs: Section[], level: Float64Array,
  o: RayOptions, offsets: Float32Array, profiler: RayProfiler | undefined, noiseSdHu: number, pinholes: Set<number>,
): Map<number, number> {
  const out = new Map<number, number>();
  const M = Math.round(o.rMaxMm / o.drMm);
  // candidates: centre below the faded ratio (not lumen-less, no calcium); the pin-hole search takes any, the
  // brightest-blob fallback only those whose half-maximum contour runs out to the outer wall
  const faded: number[] = [];
  const wideContour = new Set<number>();
  secs.forEach((sec, q) => {
    if (!(sec.lumenHu < FADED_RATIO * level[q]!) || !(sec.lumenHu > LUMENLESS_RATIO * level[q]!) || sec.calcified.some((c) => c === 1)) return;
    faded.push(q);
    const sh = sectionShape(sec, o.rays, { smooth: true });
    if (sh.boundedFraction >= 0.5 && 2 * Math.sqrt(sh.areaMm2 / Math.PI) >= PV_MAX_DIAMETER_MM) wideContour.add(q);
  });
  if (!faded.length) return out;
  const at = (q: number, u: number, v: number): Lps => inPlane(pts, frames, q, u, v);
  // the pin-hole: a round faint blob beside (not on) a bright crescent, on grids averaged over neighbouring faded sections
  const pin = pinholesAlong(volume, faded, faded.map((q) => at(q, offsets[2 * q]!, offsets[2 * q + 1]!)), faded.map((q) => frames.n[q]!), faded.map((q) => frames.b[q]!), (q) => level[q]!, noiseSdHu, PINHOLE_HALF_SECTIONS, profiler);
  const idx: number[] = [], centres: Lps[] = [];
  faded.forEach((q, k) => {
    const ph = pin[k];
    let bu: number, bv: number;
    if (ph) {
      bu = ph.u; bv = ph.v;
      out.set(q, Math.max(0, ph.massHuMm2 / (level[q]! - ph.backgroundHu)));
      pinholes.add(q);
    } else if (wideContour.has(q)) [bu, bv] = brightestBlob(profs[q]!, o, M);
    else return;
    const u = bu + offsets[2 * q]!, v = bv + offsets[2 * q + 1]!;
    offsets[2 * q] = u; offsets[2 * q + 1] = v;
    idx.push(q);
    centres.push(at(q, u, v));
  });
  const again = sampleSections(volume, centres, idx.map((q) => frames.n[q]!), idx.map((q) => frames.b[q]!), o, profiler);
  const dth = (2 * Math.PI) / o.rays;
  const m1 = Math.round(FADED_INTEGRAL_MM / o.drMm), b0 = Math.round(FADED_BG_MM[0] / o.drMm), b1 = Math.min(M, Math.round(FADED_BG_MM[1] / o.drMm));
  idx.forEach((q, k) => {
    const prof = again[k]!;
    profs[q] = prof;
    if (out.has(q)) return;
    const ring = new Float64Array(o.rays * (b1 - b0 + 1));
    let nr = 0;
    for (let r = 0; r < o.rays; r++) for (let m = b0; m <= b1; m++) ring[nr++] = prof[r * (M + 1) + m]!;
    const bg = lumenNeighbourHu(ring.subarray(0, nr).sort()[nr >> 1]!);
    const L = level[q]!;
    if (!(L - bg > 60)) return;
    let mass = 0;
    for (let r = 0; r < o.rays; r++) for (let m = 1; m <= m1; m++) mass += (prof[r * (M + 1) + m]! - bg) * m * o.drMm * o.drMm * dth;
    out.set(q, Math.max(0, mass / (L - bg)));
  });
  return out;
}

/** Brightest blob of a section within FADED_SEARCH_MM (mean over ±1 ray and ±2 samples): its (u, v), mm. */
function brightestBlob(prof: Float64Array, o: RayOptions, M: number): [number, number] {
  let best = -Infinity, bu = 0, bv = 0;
  for (let r = 0; r < o.rays; r++) {
    for (let m = 0; m * o.drMm <= FADED_SEARCH_MM; m++) {
      let acc = 0, c = 0;
      for (let dr = -1; dr <= 1; dr++) for (let dm = Math.max(0, m - 2); dm <= Math.min(M, m + 2); dm++) { acc += prof[((r + dr + o.rays) % o.rays) * (M + 1) + dm]!; c++; }
      if (acc / c > best) { best = acc / c; const th = (2 * Math.PI * r) / o.rays; bu = m * o.drMm * Math.cos(th); bv = m * o.drMm * Math.sin(th); }
    }
  }
  return [bu, bv];
}

/** The point at in-plane offset (u along n, v along b, mm) of section q. */
export function inPlane(pts: readonly Lps[], frames: Frames, q: number, u: number, v: number): Lps {
  const c = pts[q]!, n = frames.n[q]!, b = frames.b[q]!;
  return [c[0] + u * n[0] + v * b[0], c[1] + u * n[1] + v * b[1], c[2] + u * n[2] + v * b[2]];
}
