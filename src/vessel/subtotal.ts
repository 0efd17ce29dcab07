/**
 * Small lumens against what the image can show: a lumen-less run that contrast went through is a sub-total stenosis
 * whose residual lumen is below what the image resolves, not an occlusion; a faint run that contrast did not go
 * through is an occlusion; a lumen the image shows is at least as large as the smallest one it can show.
 *
 * Contrast reaches the vessel beyond a lesion either through the lesion's own lumen, however small, or, beyond a
 * total occlusion, through collaterals: later in the bolus and diluted, so the refilled lumen is dimmer than the
 * lumen before the occlusion. A lumen filled through the lesion keeps the level it had before it, up to the
 * transluminal attenuation gradient (a few HU per cm, a few per cent of the level over the windows compared).
 * So a lumen-less run whose far side keeps the near side's level is read as a sub-total stenosis: its sections get
 * the largest lumen the image could hide there (a residual lumen whose blurred peak stays below what a reader sees
 * against the noise), halved — the middle of what the image allows. A run of faint sections (no lumen, or a faint
 * blob below the faded ratio of the level) whose far side is clearly dimmer was refilled by collaterals: its faint
 * blobs are plaque, not contrast, and the run is an occlusion. The levels compared are corrected for the partial
 * volume of each section's own lumen (a blurred disk of radius r peaks at 1 − e^(−r²/2σ²) of its level), so a
 * tapering vessel does not look dimmed; a run is dimmed only against the vessel's first healthy stretch too, and
 * only where the level is not regained further down. Conversely a section judged to have a lumen (its blob stands
 * out) whose measured area fell below the smallest visible lumen (a partial-volume integral lost in noise or beside
 * calcium) gets that smallest visible lumen.
 *
 * Everything is measured on the vessel at hand: the lumen levels on either side (medians of the section peaks of
 * the healthy-looking sections), their noise (spread of those peaks), the blur σ (edge slopes of healthy sections)
 * and the plaque level in the run (its section centres; soft tissue, TISSUE_HU, where calcium blooms over them).
 * Units: mm, HU.
 */
import { centreNoiseSd, type LumenProfile, type LumenSample } from './lumen.ts';
import { FADED_RATIO } from './lumen-faded.ts';
import { TISSUE_HU } from './rays.ts';
import { blurSigmaMm } from './occlusion.ts';
import { BLOOM_REACH_MM, referenceDiameters } from './stenosis.ts';

/** healthy lumen compared on each side of a run, mm of sections: beyond the blur and the noise correlation, short of the taper */
const SIDE_MM = 10;
/** a side needs this many healthy sections to be compared; runs with fewer between them are one lesion */
const SIDE_MIN_SECTIONS = 6;
/** a healthy section: its diameter at least this fraction of the reference (narrowed by less than CAD-RADS' lowest graded band) */
const HEALTHY_FRACTION = 0.8;
/**
 * the far side keeps the near side's level when the lower confidence bound (2 SE) of their ratio is at least this, and
 * is dimmed when the upper bound is below it: a patent artery loses a few per cent of its level over the ≈ 30 mm
 * between the sides (transluminal attenuation gradient) and sections vary by a few per cent more; collateral refill
 * beyond an occlusion arrives diluted
 */
const KEPT_LEVEL = 0.85;
/** a reader sees a lumen whose blurred peak stands this many noise SDs above the plaque (Rose-like) */
const VISIBLE_Z = 2;

export type RunVerdict = 'passed' | 'dimmed' | 'undecided';

export interface DarkRun {
  /** first and last section of the run (dark runs with too little healthy lumen between them are one) */
  readonly from: number;
  readonly to: number;
  /** partial-volume-corrected lumen levels of the healthy sections before and after (NaN when too few), HU */
  readonly nearHu: number;
  readonly farHu: number;
  /** standard error of far/near from the spread of the section levels */
  readonly ratioSe: number;
  /** contrast went through (the far side keeps the level), did not (dimmed), or the sides do not tell */
  readonly verdict: RunVerdict;
}

function median(v: readonly number[]): number {
  if (!v.length) return NaN;
  const s = v.slice().sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Level (median) of a side's section levels and its SE (1.25 · 1.4826 MAD / √independent sections). */
function sideLevel(v: readonly number[], perIndependent: number): { level: number; se: number } {
  if (v.length < SIDE_MIN_SECTIONS) return { level: NaN, se: NaN };
  const level = median(v);
  const mad = 1.4826 * median(v.map((x) => Math.abs(x - level)));
  return { level, se: (1.25 * mad) / Math.sqrt(Math.max(1, v.length / perIndependent)) };
}

/** Maximal runs of dark sections, grouped while fewer than SIDE_MIN_SECTIONS healthy sections separate them. */
function groupedRuns(n: number, dark: (q: number) => boolean, healthy: (q: number) => boolean): [number, number][] {
  const runs: [number, number][] = [];
  for (let a = 0; a < n;) {
    if (!dark(a)) { a++; continue; }
    let b = a;
    while (b + 1 < n && dark(b + 1)) b++;
    const last = runs[runs.length - 1];
    let between = 0;
    if (last) for (let q = last[1] + 1; q < a; q++) if (healthy(q)) between++;
    if (last && between < SIDE_MIN_SECTIONS) last[1] = b; else runs.push([a, b]);
    a = b + 1;
  }
  return runs;
}

/** What the run analysis needs about the vessel, measured on it. */
export interface VesselLevels {
  readonly healthy: (q: number) => boolean;
  /** a section without lumen or with a faint one */
  readonly dark: (q: number) => boolean;
  /** median lumen peak of the healthy sections within SIDE_MM, HU */
  readonly level: Float64Array;
  readonly sigmaMm: number;
  readonly noiseSdHu: number;
}

export function vesselLevels(lp: LumenProfile, stepMm: number): VesselLevels | null {
  const sm = lp.samples;
  const refD = referenceDiameters(sm);
  // calcium within the bloom's reach lifts a lumen's peak: those sections do not give the level
  const reach = Math.round(BLOOM_REACH_MM / stepMm);
  const nearCalcium = new Uint8Array(sm.length);
  sm.forEach((x, q) => { if (x.calcifiedFraction > 0) nearCalcium.fill(1, Math.max(0, q - reach), Math.min(sm.length, q + reach + 1)); });
  const healthy = (q: number): boolean => sm[q]!.hasLumen && !nearCalcium[q] && sm[q]!.equivalentDiameterMm >= HEALTHY_FRACTION * refD[q]!;
  const sigmaMm = blurSigmaMm(lp, healthy);
  const noiseSdHu = centreNoiseSd(lp.profiles, Math.max(1, Math.round(1 / stepMm)), healthy);
  if (!Number.isFinite(sigmaMm) || !Number.isFinite(noiseSdHu)) return null;
  const level = healthyLevels(sm, healthy, Math.round(SIDE_MM / stepMm));
  const dark = (q: number): boolean => !sm[q]!.hasLumen || sm[q]!.lumenHu < FADED_RATIO * level[q]!;
  return { healthy, dark, level, sigmaMm, noiseSdHu };
}

/**
 * The dark runs not touching the ends of the profile, with the partial-volume-corrected lumen levels of the healthy
 * sections on either side (up to the neighbouring run) and what they say.
 */
export function darkRuns(lp: LumenProfile, stepMm: number, v: VesselLevels): DarkRun[] {
  const sm = lp.samples, n = sm.length;
  const runs = groupedRuns(n, v.dark, v.healthy);
  const side = Math.round(SIDE_MM / stepMm);
  // sections closer than ≈ 1 mm share the z blur and the noise correlation
  const perIndependent = Math.max(1, Math.round(1 / stepMm));
  const levels = (from: number, dir: 1 | -1, stop: number): number[] => {
    const out: number[] = [];
    for (let q = from; q !== stop && out.length < side; q += dir) {
      if (!v.healthy(q)) continue;
      const r = sm[q]!.equivalentDiameterMm / 2;
      out.push(sm[q]!.lumenHu / (1 - Math.exp(-(r * r) / (2 * v.sigmaMm * v.sigmaMm))));
    }
    return out;
  };
  const first = sideLevel(levels(0, 1, runs.length ? runs[0]![0] : n), perIndependent);
  const sides = runs.map(([a, b], k) => ({
    near: sideLevel(levels(a - 1, -1, k > 0 ? runs[k - 1]![1] : -1), perIndependent),
    far: sideLevel(levels(b + 1, 1, k + 1 < runs.length ? runs[k + 1]![0] : n), perIndependent),
  }));
  return runs.flatMap(([a, b], k): DarkRun[] => {
    if (a === 0 || b === n - 1) return [];
    const { near, far } = sides[k]!;
    const ratio = far.level / near.level;
    const ratioSe = ratio * Math.hypot(near.se / near.level, far.se / far.level);
    // beyond an occlusion the collateral refill stays diluted: a vessel that regains the level further down was not
    // occluded here (the dim stretch was more lesion)
    // and a level read near the run can be lifted by calcium bloom the rays did not flag: dimmed also against the
    // vessel's first healthy stretch (the bolus level at its proximal end)
    const regained = Math.max(...sides.slice(k).map((x) => (Number.isFinite(x.far.level) ? x.far.level : -Infinity))) / Math.min(near.level, first.level);
    const verdict: RunVerdict = !(near.level > 0) || !Number.isFinite(ratio) ? 'undecided'
      : ratio - 2 * ratioSe >= KEPT_LEVEL ? 'passed' : Number.isFinite(first.level) && regained + 2 * ratioSe < KEPT_LEVEL ? 'dimmed' : 'undecided';
    return [{ from: a, to: b, nearHu: near.level, farHu: far.level, ratioSe, verdict }];
  });
}

/**
 * Radius of the largest residual lumen the image could hide (mm): its blurred peak (L − P)·(1 − e^(−r²/2σ²)) stays
 * below VISIBLE_Z noise SDs above the plaque.
 */
export function hiddenLumenRadiusMm(lumenHu: number, plaqueHu: number, noiseSdHu: number, sigmaMm: number): number {
  const c = lumenHu - plaqueHu;
  if (!(c > 0) || !(sigmaMm > 0)) return 0;
  const f = Math.min(0.99, (VISIBLE_Z * noiseSdHu) / c);
  return sigmaMm * Math.sqrt(-2 * Math.log(1 - f));
}

/** Median lumen peak of the healthy sections within ±halfWindow sections of each section (NaN where none). */
function healthyLevels(sm: readonly LumenSample[], healthy: (q: number) => boolean, halfWindow: number): Float64Array {
  const out = new Float64Array(sm.length).fill(NaN);
  for (let q = 0; q < sm.length; q++) {
    const v: number[] = [];
    for (let m = Math.max(0, q - halfWindow); m <= Math.min(sm.length - 1, q + halfWindow); m++) if (healthy(m)) v.push(sm[m]!.lumenHu);
    if (v.length) out[q] = median(v);
  }
  return out;
}

/**
 * Small lumens settled against what the image can show (the file comment): every lumen-less section of a run that
 * contrast went through gets half the largest residual lumen the image could hide there; every section of a run that
 * contrast did not go through loses its faint lumen; every other section whose measured lumen is smaller than the
 * smallest one the image shows (a partial-volume integral gone to ≈ 0 in noise or beside calcium, while the section
 * was judged to have a lumen) gets that smallest visible lumen.
 */
export function settleSmallLumens(lp: LumenProfile, stepMm: number): LumenProfile {
  const sm = lp.samples, o = lp.rays, n = sm.length;
  const v = n >= 8 ? vesselLevels(lp, stepMm) : null;
  if (!v) return lp;
  const samples = sm.slice();
  const radii = Float32Array.from(lp.radiiMm);
  const set = (q: number, rMm: number): void => {
    const d = 2 * rMm;
    samples[q] = { ...sm[q]!, areaMm2: Math.PI * rMm * rMm, equivalentDiameterMm: d, minDiameterMm: d, maxDiameterMm: d, hasLumen: rMm > 0 };
    radii.fill(rMm, q * o.rays, (q + 1) * o.rays);
  };
  for (const r of darkRuns(lp, stepMm, v)) {
    const inRun = Array.from({ length: r.to - r.from + 1 }, (_, k) => r.from + k).filter(v.dark);
    if (r.verdict === 'dimmed') { for (const q of inRun) set(q, 0); continue; }
    if (r.verdict !== 'passed') continue;
    const lumenless = inRun.filter((q) => !sm[q]!.hasLumen);
    const lumen = Math.min(r.nearHu, r.farHu);
    // the plaque the hidden lumen would stand out from: the run's centres, soft tissue where calcium blooms over them
    const centres = median(lumenless.map((q) => lp.profiles[q]![0]!));
    const rHidden = hiddenLumenRadiusMm(lumen, centres < lumen / 2 ? centres : TISSUE_HU, v.noiseSdHu, v.sigmaMm);
    if (rHidden > 0) for (const q of lumenless) set(q, rHidden / 2);
  }
  for (let q = 0; q < n; q++) {
    if (!sm[q]!.hasLumen || samples[q] !== sm[q] || !Number.isFinite(v.level[q]!)) continue;
    const rVisible = hiddenLumenRadiusMm(v.level[q]!, TISSUE_HU, v.noiseSdHu, v.sigmaMm);
    if (sm[q]!.areaMm2 < Math.PI * rVisible * rVisible && sm[q]!.equivalentDiameterMm < 2 * o.rMaxMm) set(q, rVisible);
  }
  return { ...lp, samples, radiiMm: radii };
}
