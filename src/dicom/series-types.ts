/** Series / study grouping records (pure TS). */
import type { Vec3 } from '../volume/volume.ts';
import type { Iop, ParsedImage, SeriesProblem, SkippedFile } from './types.ts';

/** One 2-D image: a single-frame file, or one frame of a multi-frame file. */
export interface SliceRef {
  readonly file: string;
  readonly frameIndex: number;
  readonly image: ParsedImage;
}

/** Geometry of a sorted, stackable series (every slice shares IOP, size and pixel spacing). */
export interface StackGeometry {
  readonly rows: number;
  readonly columns: number;
  readonly iop: Iop;
  readonly rowDir: Vec3;
  readonly colDir: Vec3;
  /** rowDir × colDir (unit). Slices are sorted by increasing IPP·normal. */
  readonly normal: Vec3;
  /** [Δr between rows, Δc between columns] mm (DICOM order). */
  readonly pixelSpacingMm: readonly [number, number];
  /** IPP of each sorted slice, LPS mm. */
  readonly positionsLps: readonly Vec3[];
  /** Position of each sorted slice along the normal, mm (ascending). */
  readonly distancesMm: readonly number[];
  /** Median step between consecutive distinct positions along the normal, mm (0 for one slice). */
  readonly sliceSpacingMm: number;
  /** Mean IPP step (LPS) between consecutive slices; parallel to `normal` unless sheared. */
  readonly stepLps: Vec3;
  /** Angle between the IPP step and the normal, degrees (0 = not sheared; e.g. gantry tilt). */
  readonly shearDeg: number;
}

export interface SeriesGroup {
  /** Stable key within one ingest (SeriesInstanceUID, or a derived key when it is empty). */
  readonly key: string;
  readonly seriesInstanceUid: string;
  readonly studyInstanceUid: string;
  readonly modality: string;
  readonly description: string;
  readonly seriesNumber?: number;
  readonly rows: number;
  readonly columns: number;
  /** Slices sorted along the normal when stackable, else in input order. */
  readonly slices: readonly SliceRef[];
  /** Present when the slices share IOP and size and all have positions. */
  readonly stack?: StackGeometry;
  /** [Δc along i, Δr along j, slice spacing along k] mm; k is 0 when unknown. */
  readonly spacingMm: readonly [number, number, number];
  readonly transferSyntaxes: readonly string[];
  readonly problems: readonly SeriesProblem[];
}

export interface StudyGroup {
  readonly studyInstanceUid: string;
  readonly description: string;
  readonly series: readonly SeriesGroup[];
}

export interface NonImageRef {
  readonly file: string;
  readonly kind: string;
  readonly sopClassUid: string;
  readonly modality: string;
}

export interface IngestResult {
  readonly studies: readonly StudyGroup[];
  /** Valid DICOM without a displayable image (SR, RT plan, waveform, SEG, DICOMDIR…). */
  readonly nonImages: readonly NonImageRef[];
  /** Files that could not be read, with a code (FR/EN messages in messages.ts). */
  readonly skipped: readonly SkippedFile[];
}
