/**
 * Typed records produced by the ingest (pure TS, no DOM).
 * Coordinates: DICOM patient space (LPS, mm). PixelSpacing order is [between rows, between columns].
 */
import type { DataSet } from 'dicom-parser';
import type { Vec3 } from '../volume/volume.ts';
import type { DicomErrorCode, DicomErrorParams } from './errors.ts';

/** ImageOrientationPatient: [rowDir(3), colDir(3)]. rowDir is the direction of increasing column index. */
export type Iop = readonly [number, number, number, number, number, number];

/** Geometry and rescale of one frame (a single-frame file has one). */
export interface FrameInfo {
  /** ImagePositionPatient of the centre of the first transmitted pixel, LPS mm. */
  readonly ippLps?: Vec3;
  readonly iop?: Iop;
  /** [Δr between rows (along colDir), Δc between columns (along rowDir)], mm — DICOM order. */
  readonly pixelSpacingMm?: readonly [number, number];
  readonly sliceThicknessMm?: number;
  readonly rescaleSlope: number;
  readonly rescaleIntercept: number;
  readonly windowCenter?: number;
  readonly windowWidth?: number;
}

export interface DicomHeader {
  readonly transferSyntaxUid: string;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly modality: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly frameOfReferenceUid: string;
  readonly studyDescription: string;
  readonly seriesDescription: string;
  readonly seriesNumber?: number;
  readonly instanceNumber?: number;
  readonly imageType: readonly string[];
  readonly rows: number;
  readonly columns: number;
  readonly numberOfFrames: number;
  readonly samplesPerPixel: number;
  /** 0 = interleaved (RGBRGB…), 1 = planes (RR…GG…BB…). */
  readonly planarConfiguration: 0 | 1;
  readonly photometric: string;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly highBit: number;
  /** 0 unsigned, 1 two's complement. */
  readonly pixelRepresentation: 0 | 1;
  /** Geometry/rescale shared by all frames (or of the single frame). */
  readonly shared: FrameInfo;
  /** One entry per frame, shared values merged with the per-frame functional groups. */
  readonly frames: readonly FrameInfo[];
  readonly spacingBetweenSlicesMm?: number;
  /** PixelAspectRatio [vertical, horizontal] when present without PixelSpacing. */
  readonly pixelAspectRatio?: readonly [number, number];
  /** Where the pixels are: (7FE0,0010) Pixel Data, (7FE0,0008) Float, (7FE0,0009) Double Float, or none. */
  readonly pixelDataKind: 'int' | 'float' | 'double' | 'none';
  readonly encapsulated: boolean;
  /** True when the Modality LUT Sequence replaces slope/intercept (not applied: reported). */
  readonly hasModalityLut: boolean;
}

export type NonImageKind =
  | 'dicomdir'
  | 'structured-report'
  | 'rt-plan'
  | 'rt-structure-set'
  | 'waveform'
  | 'segmentation'
  | 'presentation-state'
  | 'encapsulated-document'
  | 'key-object'
  | 'raw-data'
  | 'other';

export interface ParsedImage {
  readonly kind: 'image';
  readonly header: DicomHeader;
  /** The dicom-parser data set (over the inflated bytes for deflated transfer syntaxes). */
  readonly dataSet: DataSet;
}

export interface ParsedNonImage {
  readonly kind: 'non-image';
  readonly header: DicomHeader;
  readonly nonImageKind: NonImageKind;
  readonly dataSet: DataSet;
}

export type ParsedDicom = ParsedImage | ParsedNonImage;

/** A file handed to the ingest (browser File contents, a file on disk, a zip entry). */
export interface InputFile {
  /** Display name / relative path. Used as the key everywhere (SOP UIDs may be shared or empty). */
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface SkippedFile {
  readonly file: string;
  readonly reason: DicomErrorCode;
  readonly params: DicomErrorParams;
}

/** A problem found in a series (stable code + params; rendered by messages.ts). */
export interface SeriesProblem {
  readonly code: SeriesProblemCode;
  readonly params: DicomErrorParams;
}

export type SeriesProblemCode =
  | 'single-image'
  | 'multi-frame'
  | 'uneven-spacing'
  | 'gap'
  | 'duplicate-position'
  | 'varying-orientation'
  | 'varying-size'
  | 'sheared'
  | 'missing-geometry'
  | 'non-square-pixels'
  | 'no-series-uid'
  | 'modality-lut-ignored'
  | 'lossy'
  | 'not-ct'
  | 'undecodable-syntax'
  | 'resampled';
