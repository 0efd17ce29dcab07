// The three teaching cases of PHANTOM.md §6: acquisition parameters and lesion recipes.
import type { PlaqueType, VesselName } from '../truth';

export type CaseKey = 'cas1' | 'cas2' | 'cas3';

/** Plaque composition inside the wall region between outer vessel wall and lumen. */
export interface PlaquePattern {
  /** HU of fibrous (non-calcified, non-lipid) plaque */
  fibrousHu: number;
  /** calcium within ±arcDeg/2 of the plaque side; depthMm from the outer wall (omitted = full thickness) */
  calcium?: { arcDeg: number; hu: number; depthMm?: number };
  /** low-attenuation core with a higher-attenuation rim next to the outer wall (napkin ring) */
  core?: { hu: number; rimMm: number; rimHu: number };
  /** spotty calcifications: spheres at (MLA centre + offsetMm, angle from the plaque side, mid-wall) */
  spots?: { offsetMm: number; angleDeg: number; radiusMm: number; hu: number }[];
}

export type LesionAnchor = 'ostium' | 'end' | { branch: VesselName } | { segmentMid: number } | { segmentEnd: number };

export interface LesionSpec {
  id: string;
  /** side-branch (ostial) part of a bifurcation lesion: reported inside that lesion's truth */
  partOf?: string;
  vessel: VesselName;
  anchor: LesionAnchor;
  /** MLA plateau centre = anchor + offsetMm (arc length on the vessel) */
  offsetMm: number;
  /** lesion extent before / after the MLA centre, mm (the MLA plateau is ±1.25 mm) */
  proximalMm: number;
  distalMm: number;
  /** target % diameter stenosis at the MLA (truth is recomputed from the geometry) */
  dsPct: number;
  /** outer vessel area at the MLA / reference lumen area */
  remodellingIndex: number;
  /** 0: lumen concentric; 1: lumen circle tangent to the outer wall (all plaque on one side) */
  eccentricity: number;
  /** side of the vessel carrying the plaque */
  plaqueSide: 'myocardial' | { awayFrom: VesselName };
  plaque: PlaquePattern;
  plaqueType: PlaqueType;
  napkinRing?: boolean;
  medina?: [0 | 1, 0 | 1, 0 | 1];
  sideBranch?: VesselName;
}

export interface CaseSpec {
  key: CaseKey;
  caseId: 'CORO-01' | 'CORO-02' | 'CORO-03';
  name: 'Cas 1' | 'Cas 2' | 'Cas 3';
  seed: number;
  kvp: 100 | 120;
  heartRateBpm: number;
  /** % of the R–R interval of the reconstructed phase */
  phasePct: number;
  gating: 'prospective' | 'retrospective';
  phaseDescription: string;
  seriesDescription: string;
  convolutionKernel: string;
  /** in-plane pixel size, mm (512 × pixel = reconstruction diameter) */
  pixelMm: number;
  noiseSdHu: number;
  /** iodine enhancement multiplier relative to 120 kV (100 kV: +20 %) */
  iodineFactor: number;
  /** mild motion blur of the mid RCA by default */
  motionBlur: boolean;
  expected: { cadRadsLabel: string; category: '2' | '4A' | '4B'; plaqueBurden: 'P1' | 'P2' | 'P3'; sis: number };
  lesions: LesionSpec[];
}

const FIB = 70;

export const CASES: readonly CaseSpec[] = [
  {
    key: 'cas1', caseId: 'CORO-01', name: 'Cas 1', seed: 101, kvp: 100, heartRateBpm: 58, phasePct: 75,
    gating: 'prospective', phaseDescription: 'prospective ECG-triggered, 75 % R-R (mid-diastole)',
    seriesDescription: 'Coro CorCTA 0.6 B26f BestDiast 75 %', convolutionKernel: 'B26f',
    pixelMm: 0.39, noiseSdHu: 30, iodineFactor: 1.2, motionBlur: false,
    expected: { cadRadsLabel: 'CAD-RADS 2/P1', category: '2', plaqueBurden: 'P1', sis: 2 },
    lesions: [
      {
        id: 'L1', vessel: 'LAD', anchor: 'ostium', offsetMm: 9, proximalMm: 3, distalMm: 3, dsPct: 30,
        remodellingIndex: 1, eccentricity: 1, plaqueSide: 'myocardial', plaqueType: 'calcified',
        plaque: { fibrousHu: FIB, calcium: { arcDeg: 120, hu: 900 } },
      },
      {
        id: 'L2', vessel: 'RCA', anchor: { segmentMid: 2 }, offsetMm: 0, proximalMm: 2.5, distalMm: 2.5, dsPct: 20,
        remodellingIndex: 1, eccentricity: 0, plaqueSide: 'myocardial', plaqueType: 'non-calcified',
        plaque: { fibrousHu: FIB },
      },
    ],
  },
  {
    key: 'cas2', caseId: 'CORO-02', name: 'Cas 2', seed: 202, kvp: 120, heartRateBpm: 62, phasePct: 75,
    gating: 'prospective', phaseDescription: 'prospective ECG-triggered, 75 % R-R (mid-diastole)',
    seriesDescription: 'Coro CorCTA 0.6 B26f BestDiast 75 %', convolutionKernel: 'B26f',
    pixelMm: 0.41, noiseSdHu: 25, iodineFactor: 1, motionBlur: false,
    expected: { cadRadsLabel: 'CAD-RADS 4A/P2/HRP', category: '4A', plaqueBurden: 'P2', sis: 4 },
    lesions: [
      {
        id: 'L1', vessel: 'LAD', anchor: { branch: 'D1' }, offsetMm: -2.5, proximalMm: 4.5, distalMm: 9.5, dsPct: 75,
        remodellingIndex: 1.35, eccentricity: 1, plaqueSide: { awayFrom: 'D1' }, plaqueType: 'non-calcified',
        napkinRing: true, medina: [1, 1, 1], sideBranch: 'D1',
        plaque: {
          fibrousHu: 85,
          core: { hu: 18, rimMm: 0.8, rimHu: 85 },
          spots: [{ offsetMm: -1.5, angleDeg: 35, radiusMm: 0.75, hu: 700 }],
        },
      },
      {
        id: 'L1-D1', partOf: 'L1', vessel: 'D1', anchor: 'ostium', offsetMm: 1.6, proximalMm: 1.6, distalMm: 3.5,
        // PHANTOM §6 says 50 %: moved to 55 % to stay ≥ 5 points from the 50 % boundary
        dsPct: 55, remodellingIndex: 1, eccentricity: 0.5, plaqueSide: 'myocardial', plaqueType: 'non-calcified',
        plaque: { fibrousHu: 80 },
      },
      {
        id: 'L2', vessel: 'LCx', anchor: 'ostium', offsetMm: 6, proximalMm: 3.5, distalMm: 3.5, dsPct: 35,
        remodellingIndex: 1, eccentricity: 0.7, plaqueSide: 'myocardial', plaqueType: 'mixed',
        plaque: { fibrousHu: 75, calcium: { arcDeg: 100, hu: 650, depthMm: 0.55 } },
      },
    ],
  },
  {
    key: 'cas3', caseId: 'CORO-03', name: 'Cas 3', seed: 303, kvp: 120, heartRateBpm: 68, phasePct: 72,
    gating: 'retrospective', phaseDescription: 'retrospective ECG-gated, best diastolic phase 72 % R-R',
    seriesDescription: 'Coro CorCTA 0.6 B26f BestDiast 72 %', convolutionKernel: 'B26f',
    pixelMm: 0.37, noiseSdHu: 25, iodineFactor: 1, motionBlur: true,
    expected: { cadRadsLabel: 'CAD-RADS 4B/P3', category: '4B', plaqueBurden: 'P3', sis: 6 },
    lesions: [
      {
        id: 'L1', vessel: 'LM', anchor: 'end', offsetMm: -3.2, proximalMm: 3.8, distalMm: 3.2, dsPct: 60,
        remodellingIndex: 1, eccentricity: 0.3, plaqueSide: 'myocardial', plaqueType: 'mixed',
        medina: [1, 1, 1], sideBranch: 'LCx',
        plaque: { fibrousHu: FIB, calcium: { arcDeg: 160, hu: 750, depthMm: 0.7 } },
      },
      {
        id: 'L1-LAD', partOf: 'L1', vessel: 'LAD', anchor: 'ostium', offsetMm: 1.6, proximalMm: 1.6, distalMm: 3,
        // PHANTOM §6 says 50 %: moved to 55 % to stay ≥ 5 points from the 50 % boundary
        dsPct: 55, remodellingIndex: 1, eccentricity: 0.4, plaqueSide: 'myocardial', plaqueType: 'mixed',
        plaque: { fibrousHu: FIB, calcium: { arcDeg: 120, hu: 700, depthMm: 0.5 } },
      },
      {
        id: 'L1-LCx', partOf: 'L1', vessel: 'LCx', anchor: 'ostium', offsetMm: 1.6, proximalMm: 1.6, distalMm: 3,
        dsPct: 40, remodellingIndex: 1, eccentricity: 0.4, plaqueSide: 'myocardial', plaqueType: 'non-calcified',
        plaque: { fibrousHu: FIB },
      },
      {
        id: 'L2', vessel: 'LAD', anchor: { segmentMid: 7 }, offsetMm: 0, proximalMm: 5, distalMm: 5, dsPct: 45,
        remodellingIndex: 1, eccentricity: 0, plaqueSide: 'myocardial', plaqueType: 'calcified',
        plaque: { fibrousHu: FIB, calcium: { arcDeg: 360, hu: 800 } },
      },
      {
        id: 'L3', vessel: 'RCA', anchor: { segmentEnd: 2 }, offsetMm: -1, proximalMm: 7.5, distalMm: 7.5, dsPct: 80,
        remodellingIndex: 1, eccentricity: 0.4, plaqueSide: 'myocardial', plaqueType: 'mixed',
        plaque: { fibrousHu: 60, calcium: { arcDeg: 140, hu: 700, depthMm: 0.6 } },
      },
    ],
  },
];

export function caseByKey(key: CaseKey): CaseSpec {
  const c = CASES.find((x) => x.key === key);
  if (!c) throw new Error(`unknown phantom case "${key}" (expected cas1, cas2 or cas3)`);
  return c;
}
