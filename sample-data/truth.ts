// Ground-truth schema of a generated training study (truth.json beside each study).
// Documented in sample-data/README.md. Coordinates: DICOM patient LPS, millimetres.
// Only tests read this: measurement code never does.

export type PlaqueType = 'calcified' | 'non-calcified' | 'low-attenuation' | 'mixed';
export type VesselName =
  | 'LM' | 'LAD' | 'D1' | 'D2' | 'LCx' | 'OM1' | 'OM2' | 'RCA' | 'R-PDA' | 'R-PLB' | 'ramus';

export interface TruthPoint {
  /** arc length from the vessel's ostium (seeds.ostiumLps), mm */
  sMm: number;
  lps: [number, number, number];
  /** healthy (reference) lumen radius at this point, mm */
  referenceRadiusMm: number;
  /** true lumen radius: equivalent radius sqrt(area/π) of the actual lumen cross-section, mm */
  lumenRadiusMm: number;
  /** SCCT segment number 1–18 */
  segment: number;
  /**
   * Only where the lumen is eccentric (inside lesions): centre of the lumen circle, LPS mm. `lps` is the
   * centre of the vessel (outer wall); elsewhere the two coincide and this field is absent.
   */
  lumenCentreLps?: [number, number, number];
}

export interface TruthVessel {
  name: VesselName;
  /** parent vessel name, or null for vessels leaving the aorta */
  parent: VesselName | null;
  /** arc length on the parent where this vessel branches off, mm */
  branchSMm: number | null;
  segments: number[];
  seeds: { ostiumLps: [number, number, number]; distalLps: [number, number, number] };
  lengthMm: number;
  /** every 0.25 mm from the ostium to the distal end */
  points: TruthPoint[];
}

export interface TruthLesion {
  id: string; // 'L1'
  vessel: VesselName;
  segment: number;
  /** position of the MLA (arc length on the vessel), mm */
  sMm: number;
  startSMm: number;
  endSMm: number;
  lengthMm: number;
  referenceDiameterMm: number;
  mldMm: number;
  diameterStenosisPct: number;
  referenceAreaMm2: number;
  mlaMm2: number;
  areaStenosisPct: number;
  plaqueType: PlaqueType;
  /** arc of the vessel wall covered by plaque, degrees (360 = concentric) */
  arcDeg: number;
  eccentric: boolean;
  remodellingIndex: number;
  volumesMm3: { calcified: number; nonCalcified: number; lowAttenuation: number };
  highRisk: { positiveRemodelling: boolean; lowAttenuation: boolean; spottyCalcification: boolean; napkinRing: boolean };
  /** lesions at a bifurcation: the side branch and its ostial stenosis */
  bifurcation?: {
    sideBranch: VesselName;
    sideBranchDiameterStenosisPct: number;
    medina: [0 | 1, 0 | 1, 0 | 1];
    /** every branch whose ostium carries part of this lesion, with its own %DS (same definition) */
    ostialStenoses?: { vessel: VesselName; diameterStenosisPct: number }[];
  };
  /** only on total occlusions (then diameterStenosisPct = areaStenosisPct = 100, mlaMm2 = mldMm = 0) */
  totalOcclusion?: boolean;
  /**
   * Total occlusions: the vessel beyond is refilled by collaterals. Model lumen HU (before noise and PSF) at
   * the last point before the occlusion and the first point after it; huFraction = the distal / normal ratio.
   */
  collateralRefill?: { huFraction: number; proximalLumenHu: number; distalLumenHu: number };
}

export interface TruthCadRads {
  category: '0' | '1' | '2' | '3' | '4A' | '4B' | '5' | 'N';
  plaqueBurden: 'P1' | 'P2' | 'P3' | 'P4' | null;
  modifiers: string[]; // e.g. ['HRP']
  /** e.g. 'CAD-RADS 4A/P2/HRP' */
  label: string;
  segmentInvolvementScore: number;
  calciumScoreEstimate: number;
}

export interface Truth {
  schemaVersion: 1;
  caseId: string; // 'CORO-01'
  name: string; // 'Cas 1'
  studyInstanceUid: string;
  seriesInstanceUid: string;
  geometry: {
    dimensions: [number, number, number];
    spacingMm: [number, number, number];
    originLps: [number, number, number];
    directions: [[number, number, number], [number, number, number], [number, number, number]];
  };
  /** blood-pool HU levels used (for information; measurement code never reads this) */
  imaging: { kvp: number; noiseSdHu: number; psfFwhmMm: [number, number]; aortaHu: number };
  dominance: 'right' | 'left' | 'co-dominant';
  vessels: TruthVessel[];
  lesions: TruthLesion[];
  cadRads: TruthCadRads;
}
