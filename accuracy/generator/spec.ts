/** What one series of the robustness suite is made of: drawn by draw.ts, rasterised by render.ts. */
import type { CurvatureWave } from './curve.ts';
import type { V3 } from './vec.ts';

export type LesionShape = 'cosine' | 'abrupt' | 'diffuse' | 'occlusion';
export type PlaqueType = 'calcified' | 'noncalcified' | 'lap' | 'napkin' | 'mixed' | 'spotty' | 'occlusion' | 'ca-nonstenotic';
export const PLAQUE_TYPES: readonly PlaqueType[] = ['calcified', 'noncalcified', 'lap', 'napkin', 'mixed', 'spotty', 'occlusion', 'ca-nonstenotic'];

export interface CalciumArc {
  readonly arcDeg: number;
  /** angle of the arc's middle in the vessel's local frame */
  readonly centreRad: number;
  readonly thicknessMm: number;
  readonly hu: number;
  readonly s0Mm: number;
  readonly s1Mm: number;
}

export interface Nodule {
  readonly sMm: number;
  readonly angleRad: number;
  readonly diameterMm: number;
  readonly hu: number;
}

export interface LesionSpec {
  readonly id: string;
  readonly shape: LesionShape;
  readonly plaque: PlaqueType;
  /** middle of the lesion's support */
  readonly centreSMm: number;
  /** whole support (where the lumen is narrowed at all) */
  readonly lengthMm: number;
  /** where the narrowing is deepest (diffuse lesions), or the centre */
  readonly peakSMm: number;
  /** severity at the deepest point: the lumen radius there is rRef·(1 − dsFraction) */
  readonly dsFraction: number;
  /** occlusions: lumen-less run and the cosine shoulders either side */
  readonly runMm: number;
  readonly shoulderMm: number;
  /** abrupt lesions: ramp length at each end */
  readonly rampMm: number;
  /** 0 = concentric residual lumen; 1 = residual lumen touching the original lumen edge */
  readonly eccentricity: number;
  readonly eccentricRad: number;
  /** growth of the plaque's outer boundary at the peak (positive remodelling), mm */
  readonly outerGrowthMm: number;
  readonly plaqueHu: number;
  readonly calcium: CalciumArc | null;
  readonly nodules: readonly Nodule[];
  /** napkin ring: a higher-attenuation rim at the plaque's outer edge */
  readonly rim: { readonly hu: number; readonly thicknessMm: number } | null;
  readonly tandemWith: string | null;
}

export interface BranchSpec {
  readonly takeoffSMm: number;
  readonly angleDeg: number;
  readonly headingLps: V3;
  readonly lengthMm: number;
  readonly radiusMm: number;
  /** ostial narrowing when the branch leaves from a lesion (fraction of its radius) */
  readonly ostialFraction: number;
  readonly atLesion: string | null;
  readonly waves: readonly CurvatureWave[];
}

export type ChamberSpec =
  | { readonly kind: 'sphere'; readonly centreLps: V3; readonly radiusMm: number; readonly hu: number; readonly gapMm: number; readonly atSMm: number }
  | { readonly kind: 'cylinder'; readonly centreLps: V3; readonly axisLps: V3; readonly radiusMm: number; readonly hu: number; readonly gapMm: number; readonly atSMm: number };

export interface ImagingSpec {
  /** spacing along the DICOM row direction (column spacing, i), the column direction (row spacing, j), slices */
  readonly spacingMm: V3;
  readonly sliceThicknessMm: number;
  readonly psfFwhmInPlaneMm: number;
  readonly psfFwhmZMm: number;
  readonly noiseSdHu: number;
  /** Gaussian σ (voxels) of the filter colouring the noise; 0 = white */
  readonly noiseCorrelationVox: number;
  readonly lumenHu: number;
  readonly wallHu: number;
  readonly fatHu: number;
  readonly myocardiumHu: number;
  readonly patientPosition: 'HFS' | 'FFS';
  readonly obliqueDeg: number;
  /** +i, +j unit vectors in LPS (the stack direction is i × j) */
  readonly rowDirLps: V3;
  readonly colDirLps: V3;
  readonly storage: 'unsigned-1024' | 'signed';
  readonly instanceOrder: 'ascending' | 'descending' | 'shuffled';
}

export interface VesselSpec {
  /** heart: myocardium is the shell (radius − thickness, radius) around centre; its cavity holds contrast */
  readonly heartCentreLps: V3;
  readonly heartRadiusMm: number;
  readonly myocardiumThicknessMm: number;
  readonly cavityHu: number;
  /** the vessel's centreline runs on the sphere of this radius about the heart centre */
  readonly pathRadiusMm: number;
  readonly startLps: V3;
  readonly headingLps: V3;
  readonly waves: readonly CurvatureWave[];
  /** distance between the seeds along the path */
  readonly lengthMm: number;
  /** the tube continues this far beyond each seed */
  readonly extensionMm: number;
  readonly radiusProximalMm: number;
  readonly radiusDistalMm: number;
  readonly wallMm: number;
  readonly small: boolean;
}

export interface SeriesSpec {
  readonly id: string;
  readonly setSeed: number;
  readonly index: number;
  readonly vessel: VesselSpec;
  readonly lesions: readonly LesionSpec[];
  readonly branches: readonly BranchSpec[];
  readonly chamber: ChamberSpec | null;
  readonly imaging: ImagingSpec;
  /** distal lumen attenuation relative to proximal after an occlusion (collateral refill) */
  readonly refillFactor: number;
}
