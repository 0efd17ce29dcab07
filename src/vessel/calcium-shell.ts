/**
 * The lumen edge of a ray that meets calcium, with the lumen's level known: the section is blood (level L, a disk of
 * radius a about the ray's origin), then possibly a layer of non-calcified plaque (P, from a to c), then calcium (C,
 * from c to b), then what lies beyond (W), each blurred in the plane by the image's σ (blurredDisk: the 2-D blur of a
 * disk read at distance r). Calcium is its own component: its bloom, reaching the lumen from every side of a ring,
 * is explained by C, never by a smaller lumen; the lumen is what is left. L is the blood level measured on the vessel's
 * plain edges nearby (a small lumen cannot tell its level from its size, so it is not left free).
 * Levels P, C, W are linear (least squares in closed form) for every (a, c, b) on the grid; the layer is kept only when
 * it explains the profile better than the noise of one more level would (F-test over the ray's noise cells).
 */
import { blurredDisk } from './disk-blur.ts';
import type { RayOptions, Section } from './rays.ts';

/** grid of the radii, mm; the layer's and the calcium's outer radius every 2 steps */
const H_MM = 0.05;
/** the plaque layer between the lumen and the calcium: up to this thick, mm */
const LAYER_MAX_MM = 1.0;

export interface KnownLumenShell {
  /** ray profile, its first sample's index, number of samples (the fit window) */
  readonly prof: Float64Array;
  readonly at: number;
  readonly nm: number;
  /** D(r_m; k·H_MM) for k = 0..kMax, sample m of the window: disk[k·nm + m] */
  readonly disk: Float64Array;
  /** lumen radius searched over k ∈ [ia0, ia1]; the calcium's outer edge from ibPeak (the blurred peak) to ibMax */
  readonly ia0: number;
  readonly ia1: number;
  readonly ibPeak: number;
  readonly ibMax: number;
  /** the blood level, HU */
  readonly lumenHu: number;
  /** samples per noise cell along the ray (the blur correlates the noise over ≈ √(2π)·σ) */
  readonly cellSamples: number;
}

/**
 * The best lumen radius index (k of H_MM) of one calcified ray and its squared residual; ia −1 (sse Infinity) when no
 * fit sees calcium above the lumen.
 */
export function knownLumenShellEdge(x: KnownLumenShell): { ia: number; sse: number } {
  const { nm, disk, ia0, ibMax } = x;
  const K = ibMax + 1;
  // sums over the window: Σ D_k, Σ y·D_k, Σ D_i·D_j (i ≤ j), Σ y, Σ y²
  const s = new Float64Array(K), sy = new Float64Array(K), g = new Float64Array(K * K);
  let ySum = 0, yy = 0;
  for (let m = 0; m < nm; m++) { const y = x.prof[x.at + m]!; ySum += y; yy += y * y; }
  for (let i = ia0; i < K; i++) {
    let a = 0, b = 0;
    for (let m = 0; m < nm; m++) { const d = disk[i * nm + m]!; a += d; b += d * x.prof[x.at + m]!; }
    s[i] = a; sy[i] = b;
    for (let j = i; j < K; j++) {
      let c = 0;
      for (let m = 0; m < nm; m++) c += disk[i * nm + m]! * disk[j * nm + m]!;
      g[i * K + j] = c; g[j * K + i] = c;
    }
  }
  const L = x.lumenHu, n = nm;
  const dot = (i: number, j: number): number => g[i * K + j]!;
  let bestDirect = Infinity, iaDirect = -1, bestLayer = Infinity, iaLayer = -1;
  for (let ia = ia0; ia <= x.ia1; ia++) {
    // z = y − L·D_a: what the lumen leaves to explain
    const zz = yy - 2 * L * sy[ia]! + L * L * dot(ia, ia);
    const zDa = (k: number): number => sy[k]! - L * dot(ia, k);
    const zSum = ySum - L * s[ia]!;
    // basis f_c = D_c − D_a (plaque), f_b = D_b − D_c (calcium), f_1 = 1 − D_b (beyond); inner products through the sums
    for (let ic = ia; ic <= Math.min(ibMax - 1, ia + Math.round(LAYER_MAX_MM / H_MM)); ic += ic === ia ? 1 : 2) {
      const layer = ic > ia;
      for (let ib = Math.max(ic + 1, x.ibPeak); ib <= ibMax; ib += 2) {
        // calcium (C) and beyond (W), plus the plaque (P) when there is a layer
        const Cb = dot(ib, ib) - 2 * dot(ib, ic) + dot(ic, ic), Ww = n - 2 * s[ib]! + dot(ib, ib), CW = s[ib]! - s[ic]! - dot(ib, ib) + dot(ic, ib);
        const zC = zDa(ib) - zDa(ic), zW = zSum - zDa(ib);
        let sse: number, C: number, W: number, P = NaN;
        if (!layer) {
          const det = Cb * Ww - CW * CW;
          if (!(Math.abs(det) > 1e-12)) continue;
          C = (zC * Ww - zW * CW) / det; W = (Cb * zW - CW * zC) / det;
          sse = zz - (C * zC + W * zW);
        } else {
          const Pp = dot(ic, ic) - 2 * dot(ic, ia) + dot(ia, ia), PC = dot(ic, ib) - dot(ia, ib) - dot(ic, ic) + dot(ia, ic);
          const PW = s[ic]! - s[ia]! - dot(ic, ib) + dot(ia, ib), zP = zDa(ic) - zDa(ia);
          const sol = solveSym3(Pp, PC, PW, Cb, CW, Ww, zP, zC, zW);
          if (!sol) continue;
          [P, C, W] = sol;
          if (!(P < L)) continue; // plaque is darker than contrast blood
          sse = zz - (P * zP + C * zC + W * zW);
        }
        if (!(C > L) || !(C > W) || (layer && !(C > P))) continue;
        if (layer) { if (sse < bestLayer) { bestLayer = sse; iaLayer = ia; } } else if (sse < bestDirect) { bestDirect = sse; iaDirect = ia; }
      }
    }
  }
  if (iaLayer < 0) return { ia: iaDirect, sse: bestDirect };
  if (iaDirect < 0) return { ia: iaLayer, sse: bestLayer };
  // F-test of the layer's extra level (and radius) over the ray's independent noise cells: 2 parameters, F > 4
  const cells = Math.max(3, nm / x.cellSamples);
  const f = ((bestDirect - bestLayer) / 2) / (bestLayer / Math.max(1, cells - 5));
  return f > LAYER_F ? { ia: iaLayer, sse: bestLayer } : { ia: iaDirect, sse: bestDirect };
}

/** the layer's two extra parameters must lower the residual by this F ratio (≈ p 0.05 over a few noise cells) */
const LAYER_F = 4;

/** symmetric 3 × 3 solve (Cramer) of [a b c; b d e; c e f]·x = y; null when singular */
function solveSym3(a: number, b: number, c: number, d: number, e: number, f: number, y1: number, y2: number, y3: number): [number, number, number] | null {
  const det = a * (d * f - e * e) - b * (b * f - e * c) + c * (b * e - d * c);
  if (!(Math.abs(det) > 1e-9)) return null;
  return [
    (y1 * (d * f - e * e) - b * (y2 * f - e * y3) + c * (y2 * e - d * y3)) / det,
    (a * (y2 * f - e * y3) - y1 * (b * f - e * c) + c * (b * y3 - y2 * c)) / det,
    (a * (d * y3 - y2 * e) - b * (b * y3 - y2 * c) + y1 * (b * e - d * c)) / det,
  ];
}

/** the shell fit's window (samples m0.., nm of them) and radius grid (indices of 0.05 mm); null when too short */
function shellWindow(dr: number, M: number, peakMm: number, sigma: number, r0: number): { m0: number; nm: number; ia0: number; ia1: number; ibMax: number } | null {
  const h = H_MM;
  const m0 = Math.max(0, Math.round((Math.min(r0, peakMm) - 1.0) / dr)), m1 = Math.min(M, Math.round((peakMm + Math.max(1.0, 3 * sigma)) / dr));
  const nm = m1 - m0 + 1;
  if (nm < 9) return null;
  return { m0, nm, ia0: Math.max(0, Math.round(Math.min(r0, peakMm) / h)), ia1: Math.round(peakMm / h), ibMax: Math.round((peakMm + 1.5) / h) };
}

/**
 * The calcified rays of a ringed section with the blood level L known (calcium-shell.ts), σ settled on the section: the
 * calcium's steps of ≈ 1000 HU show the blur far better than a small lumen's faded edges, so σ is the one (a factor of
 * the vessel's plain-fall σ) whose fits leave the least residual summed over the section's calcified rays. A ray whose
 * 'calcium' is at its origin and never rises beyond it (the ring's bloom seen through its gap) holds no edge (NaN);
 * where such rays would leave fewer than half the rays bounded, the section is left as the rays read it.
 */
export function ringShellEdges(sec: Section, prof: Float64Array, o: RayOptions, sigma: number, lumenHu: number): void {
  const h = H_MM, dr = o.drMm, M = Math.round(o.rMaxMm / dr);
  const rays: { q: number; base: number; peak: number; r0: number }[] = [];
  const atOrigin: number[] = [];
  let bounded = 0;
  for (let q = 0; q < o.rays; q++) {
    if (Number.isFinite(sec.radiiMm[q]!)) bounded++;
    if (!sec.calcified[q] || !(sec.radiiMm[q]! >= 0)) continue;
    if (!(sec.valleyMm[q]! > 0)) { atOrigin.push(q); continue; }
    rays.push({ q, base: q * (M + 1), peak: sec.valleyMm[q]!, r0: sec.radiiMm[q]! });
  }
  // most rays start in the calcium itself (the origin inside the bloom of an occlusion's calcium: no lumen is ringed):
  // not a lumen inside a ring; the rays' first edges stay (left without edges, the section would read as a lumen too
  // wide to bound, chamber-sized in lumen.ts, and lift the reference of the whole vessel)
  if (bounded - atOrigin.length < o.rays / 2) return;
  for (const q of atOrigin) sec.radiiMm[q] = NaN;
  const fits = RING_SIGMA_FACTORS.map((f) => rays.map((r) => {
    const sg = f * sigma, w = shellWindow(dr, M, r.peak, sg, r.r0);
    if (!w) return { ia: -1, sse: Infinity };
    const disk = new Float64Array((w.ibMax + 1) * w.nm);
    for (let k = w.ia0; k <= w.ibMax; k++) for (let m = 0; m < w.nm; m++) disk[k * w.nm + m] = blurredDisk(((w.m0 + m) * dr) / sg, (k * h) / sg);
    return knownLumenShellEdge({ prof, at: r.base + w.m0, nm: w.nm, disk, ia0: w.ia0, ia1: w.ia1, ibPeak: Math.round(r.peak / h), ibMax: w.ibMax, lumenHu, cellSamples: (Math.sqrt(2 * Math.PI) * sg) / dr });
  }));
  // rays every σ fits take part in the comparison
  const common = rays.map((_, i) => fits.every((f) => f[i]!.ia >= 0));
  let bestF = -1, best = Infinity;
  fits.forEach((f, j) => {
    let acc = 0;
    f.forEach((x, i) => { if (common[i]) acc += x.sse; });
    if (acc < best) { best = acc; bestF = j; }
  });
  rays.forEach((r, i) => {
    const x = bestF >= 0 ? fits[bestF]![i]! : null;
    sec.radiiMm[r.q] = x && x.ia >= 0 ? x.ia * h : r.r0;
  });
}

/** σ factors tried on a ringed section (of the vessel's plain-fall σ, which small lumens read narrow) */
const RING_SIGMA_FACTORS = [0.9, 1, 1.1, 1.2, 1.35, 1.5];
