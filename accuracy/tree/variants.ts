/**
 * The seeded set of whole-heart variants of the training phantom (sample-data/phantom) that the coronary-tree
 * finder is scored on: dominance, branch angles and lengths, tortuosity, a ramus, separate LAD/LCx ostia, an LCx
 * from the proximal RCA (retro-aortic), total occlusions, heavy calcium, and the image quality of the accuracy
 * suite (PSF FWHM 0.5–1.1 mm, noise 10–40 HU). Pure draws: the same (set seed, index) gives the same variant.
 */
import { mulberry32, uniform, type Rng } from '../../sample-data/phantom/rng.ts';

export type Dominance = 'right' | 'left' | 'co';
export type LeftOrigin = 'lm' | 'separate' | 'lcx-from-rca';

export interface TreeVariantSpec {
  readonly id: string;
  /** anatomy (heart axis), branch geometry and noise all follow from it */
  readonly seed: number;
  /** what this variant is there to test, in words */
  readonly feature: string;
  readonly dominance: Dominance;
  readonly leftOrigin: LeftOrigin;
  readonly ramus: boolean;
  /** total occlusion with collateral refill beyond */
  readonly occlusion: { readonly vessel: 'LAD' | 'RCA' | 'LCx'; readonly centreMm: number; readonly lengthMm: number; readonly refill: number } | null;
  readonly heavyCalcium: boolean;
  /** 0 (smooth) … 1 (tortuous): amplitude of the azimuth and height wobble added between control points */
  readonly tortuosity: number;
  /** branch geometry draws (angles, take-off positions, lengths) */
  readonly geometrySeed: number;
  readonly imaging: {
    readonly pixelMm: number;
    readonly psfFwhmMm: [number, number];
    readonly noiseSdHu: number;
    /** 100 kV: iodine ×1.2 */
    readonly kvp: 100 | 120;
    readonly motionBlur: boolean;
  };
}

interface Feature {
  readonly feature: string;
  readonly dominance?: Dominance;
  readonly leftOrigin?: LeftOrigin;
  readonly ramus?: boolean;
  readonly occlusion?: 'LAD' | 'RCA' | 'LCx';
  readonly heavyCalcium?: boolean;
  readonly tortuosity?: number;
  readonly noise?: 'low' | 'high';
  readonly motionBlur?: boolean;
}

/** The first entries force every feature the issue lists; later ones are free draws. */
const FEATURES: readonly Feature[] = [
  { feature: 'right dominance, smooth', dominance: 'right', tortuosity: 0 },
  { feature: 'left dominance', dominance: 'left' },
  { feature: 'co-dominance', dominance: 'co' },
  { feature: 'ramus intermedius', dominance: 'right', ramus: true },
  { feature: 'separate LAD and LCx ostia', dominance: 'right', leftOrigin: 'separate' },
  { feature: 'LCx from the proximal RCA (retro-aortic)', dominance: 'right', leftOrigin: 'lcx-from-rca' },
  { feature: 'total occlusion of the RCA', dominance: 'right', occlusion: 'RCA' },
  { feature: 'total occlusion of the LAD', dominance: 'right', occlusion: 'LAD' },
  { feature: 'heavy calcium', dominance: 'right', heavyCalcium: true },
  { feature: 'tortuous', dominance: 'right', tortuosity: 1 },
  { feature: 'noise 40 HU, PSF 1.1 mm', dominance: 'right', noise: 'high' },
  { feature: 'noise 10 HU, PSF 0.5 mm', dominance: 'right', noise: 'low' },
  { feature: 'left dominance, ramus', dominance: 'left', ramus: true },
  { feature: 'co-dominance, tortuous', dominance: 'co', tortuosity: 0.8 },
  { feature: 'left dominance, heavy calcium', dominance: 'left', heavyCalcium: true },
  { feature: 'separate ostia, left dominance', dominance: 'left', leftOrigin: 'separate' },
  { feature: 'RCA motion blur', dominance: 'right', motionBlur: true },
  { feature: 'total occlusion of the LCx, ramus', dominance: 'right', ramus: true, occlusion: 'LCx' },
  { feature: 'LCx from the RCA, noisy', dominance: 'right', leftOrigin: 'lcx-from-rca', noise: 'high' },
  { feature: 'co-dominance, heavy calcium, blur', dominance: 'co', heavyCalcium: true, noise: 'high' },
];

/** At least the 20; more are free draws (85 % right, 7.5 % left, 7.5 % co-dominant, PHANTOM §2). */
export const DEFAULT_VARIANT_COUNT = 24;

function drawDominance(rng: Rng): Dominance {
  const u = rng();
  return u < 0.85 ? 'right' : u < 0.925 ? 'left' : 'co';
}

/** Variant `index` of the set `setSeed`. */
export function drawVariant(setSeed: number, index: number): TreeVariantSpec {
  const seed = (setSeed * 7919 + index * 104729 + 17) >>> 0;
  const rng = mulberry32(seed);
  const f: Feature = FEATURES[index] ?? { feature: 'free draw' };
  const noise = f.noise === 'high' ? 40 : f.noise === 'low' ? 10 : Math.round(uniform(rng, 10, 40));
  const psfIn = f.noise === 'high' ? 1.1 : f.noise === 'low' ? 0.5 : Math.round(uniform(rng, 0.5, 1.1) * 100) / 100;
  const kvp = rng() < 0.4 ? 100 : 120;
  const free = FEATURES[index] === undefined;
  return {
    id: `v${String(index).padStart(2, '0')}`,
    seed,
    feature: f.feature,
    dominance: f.dominance ?? drawDominance(rng),
    leftOrigin: f.leftOrigin ?? 'lm',
    ramus: f.ramus ?? (free && rng() < 0.2),
    occlusion: drawOcclusion(rng, f.occlusion ?? (free && rng() < 0.15 ? 'RCA' : undefined)),
    heavyCalcium: f.heavyCalcium ?? (free && rng() < 0.2),
    tortuosity: f.tortuosity ?? Math.round(uniform(rng, 0, 0.7) * 100) / 100,
    geometrySeed: (seed ^ 0x9e3779b9) >>> 0,
    imaging: {
      pixelMm: Math.round(uniform(rng, 0.35, 0.43) * 1000) / 1000,
      // slice profile at least the in-plane PSF (PHANTOM §3: slice FWHM ≈ slice thickness 0.5–0.75 mm)
      psfFwhmMm: [psfIn, Math.max(psfIn, Math.round(uniform(rng, 0.6, 0.8) * 100) / 100)],
      noiseSdHu: noise, kvp, motionBlur: f.motionBlur ?? (free && rng() < 0.2),
    },
  };
}

function drawOcclusion(rng: Rng, vessel: 'LAD' | 'RCA' | 'LCx' | undefined): TreeVariantSpec['occlusion'] {
  if (!vessel) return null;
  const centre = vessel === 'LAD' ? uniform(rng, 25, 40) : vessel === 'LCx' ? uniform(rng, 10, 16) : uniform(rng, 40, 60);
  return { vessel, centreMm: Math.round(centre), lengthMm: Math.round(uniform(rng, 8, 16)), refill: Math.round(uniform(rng, 0.5, 0.7) * 100) / 100 };
}

export function drawVariants(setSeed: number, count = DEFAULT_VARIANT_COUNT): TreeVariantSpec[] {
  return Array.from({ length: count }, (_, i) => drawVariant(setSeed, i));
}
