/** dicom-parser DataSet → typed DicomHeader (shared and per-frame geometry, rescale, window). */
import type { DataSet } from 'dicom-parser';
import type { Vec3 } from '../volume/volume.ts';
import type { DicomHeader, FrameInfo, Iop } from './types.ts';
import { DicomError } from './errors.ts';

const T = {
  sopClass: 'x00080016',
  sopInstance: 'x00080018',
  modality: 'x00080060',
  imageType: 'x00080008',
  studyDescription: 'x00081030',
  seriesDescription: 'x0008103e',
  studyUid: 'x0020000d',
  seriesUid: 'x0020000e',
  seriesNumber: 'x00200011',
  instanceNumber: 'x00200013',
  ipp: 'x00200032',
  iop: 'x00200037',
  forUid: 'x00200052',
  samplesPerPixel: 'x00280002',
  photometric: 'x00280004',
  planar: 'x00280006',
  numberOfFrames: 'x00280008',
  rows: 'x00280010',
  columns: 'x00280011',
  pixelSpacing: 'x00280030',
  imagerPixelSpacing: 'x00181164',
  aspectRatio: 'x00280034',
  bitsAllocated: 'x00280100',
  bitsStored: 'x00280101',
  highBit: 'x00280102',
  pixelRepresentation: 'x00280103',
  windowCenter: 'x00281050',
  windowWidth: 'x00281051',
  slope: 'x00281053',
  intercept: 'x00281052',
  modalityLut: 'x00283000',
  sliceThickness: 'x00180050',
  spacingBetweenSlices: 'x00180088',
  sharedFg: 'x52009229',
  perFrameFg: 'x52009230',
  planeOrientationSeq: 'x00209116',
  planePositionSeq: 'x00209113',
  pixelMeasuresSeq: 'x00289110',
  pixelValueTransformSeq: 'x00289145',
  frameVoiLutSeq: 'x00289132',
  pixelData: 'x7fe00010',
  floatPixelData: 'x7fe00008',
  doublePixelData: 'x7fe00009',
} as const;

/** Trimmed string value (trailing spaces and NULs removed); '' when absent. */
export function str(ds: DataSet, tag: string): string {
  const el = ds.elements[tag];
  if (!el || el.length === 0) return '';
  const s = ds.string(tag) ?? '';
  return s.replace(/[\0\s]+$/, '').trim();
}

/** All backslash-separated values of a string attribute. */
function strValues(ds: DataSet, tag: string): string[] {
  const el = ds.elements[tag];
  if (!el || el.length === 0) return [];
  const raw = (ds.string(tag) ?? '').replace(/\0/g, '');
  return raw.split('\\').map((s) => s.trim());
}

/** DS values as numbers; undefined when absent or when any value is not a number. */
function dsValues(ds: DataSet, tag: string): number[] | undefined {
  const parts = strValues(ds, tag);
  if (parts.length === 0) return undefined;
  const nums = parts.map((p) => (p === '' ? NaN : Number(p)));
  return nums.every((n) => Number.isFinite(n)) ? nums : undefined;
}

function dsFirst(ds: DataSet, tag: string): number | undefined {
  return dsValues(ds, tag)?.[0];
}

/** IS value, strict: throws invalid-value when present but not an integer string (e.g. "1A"). */
function isValue(ds: DataSet, tag: string, name: string): number | undefined {
  const s = str(ds, tag);
  if (s === '') return undefined;
  if (!/^[+-]?\d+$/.test(s.split('\\')[0]?.trim() ?? '')) {
    throw new DicomError('invalid-value', { attribute: name, value: s }, `${name} "${s}" is not an integer`);
  }
  return parseInt(s, 10);
}

function us(ds: DataSet, tag: string): number | undefined {
  const el = ds.elements[tag];
  if (!el || el.length < 2) return undefined;
  return ds.uint16(tag);
}

function firstItem(ds: DataSet | undefined, tag: string): DataSet | undefined {
  return ds?.elements[tag]?.items?.[0]?.dataSet;
}

function vec3(v: number[] | undefined): Vec3 | undefined {
  return v && v.length >= 3 ? [v[0] as number, v[1] as number, v[2] as number] : undefined;
}

function iopOf(v: number[] | undefined): Iop | undefined {
  if (!v || v.length < 6) return undefined;
  const r = v.slice(0, 6) as [number, number, number, number, number, number];
  const n1 = Math.hypot(r[0], r[1], r[2]);
  const n2 = Math.hypot(r[3], r[4], r[5]);
  if (n1 < 0.5 || n2 < 0.5) return undefined;
  return [r[0] / n1, r[1] / n1, r[2] / n1, r[3] / n2, r[4] / n2, r[5] / n2];
}

function spacingOf(v: number[] | undefined): readonly [number, number] | undefined {
  if (!v || v.length < 2) return undefined;
  const a = v[0] as number;
  const b = v[1] as number;
  return a > 0 && b > 0 ? [a, b] : undefined;
}

/** Geometry/rescale attributes found directly in `ds` (top level or one functional-group item). */
function frameAttrs(ds: DataSet | undefined): Partial<FrameInfo> {
  if (!ds) return {};
  const out: { -readonly [K in keyof FrameInfo]?: FrameInfo[K] } = {};
  const ipp = vec3(dsValues(ds, T.ipp));
  if (ipp) out.ippLps = ipp;
  const iop = iopOf(dsValues(ds, T.iop));
  if (iop) out.iop = iop;
  const ps = spacingOf(dsValues(ds, T.pixelSpacing));
  if (ps) out.pixelSpacingMm = ps;
  const th = dsFirst(ds, T.sliceThickness);
  if (th !== undefined) out.sliceThicknessMm = th;
  const slope = dsFirst(ds, T.slope);
  if (slope !== undefined && slope !== 0) out.rescaleSlope = slope;
  const icpt = dsFirst(ds, T.intercept);
  if (icpt !== undefined) out.rescaleIntercept = icpt;
  const wc = dsFirst(ds, T.windowCenter);
  if (wc !== undefined) out.windowCenter = wc;
  const ww = dsFirst(ds, T.windowWidth);
  if (ww !== undefined) out.windowWidth = ww;
  return out;
}

/** Attributes of one functional-groups item (shared or per-frame). */
function groupAttrs(item: DataSet | undefined): Partial<FrameInfo> {
  if (!item) return {};
  return {
    ...frameAttrs(firstItem(item, T.planeOrientationSeq)),
    ...frameAttrs(firstItem(item, T.planePositionSeq)),
    ...frameAttrs(firstItem(item, T.pixelMeasuresSeq)),
    ...frameAttrs(firstItem(item, T.pixelValueTransformSeq)),
    ...frameAttrs(firstItem(item, T.frameVoiLutSeq)),
  };
}

function withDefaults(p: Partial<FrameInfo>): FrameInfo {
  return { ...p, rescaleSlope: p.rescaleSlope ?? 1, rescaleIntercept: p.rescaleIntercept ?? 0 };
}

function readFrames(ds: DataSet, numberOfFrames: number): { shared: FrameInfo; frames: FrameInfo[] } {
  const top = frameAttrs(ds);
  const sharedItem = firstItem(ds, T.sharedFg);
  const shared = withDefaults({ ...top, ...groupAttrs(sharedItem) });
  const perFrame = ds.elements[T.perFrameFg]?.items ?? [];
  const frames: FrameInfo[] = [];
  for (let f = 0; f < numberOfFrames; f++) {
    const item = perFrame[f]?.dataSet;
    frames.push(item ? withDefaults({ ...top, ...groupAttrs(sharedItem), ...groupAttrs(item) }) : shared);
  }
  return { shared, frames };
}

/** Build the typed header of a parsed data set. @throws DicomError invalid-value */
export function readHeader(ds: DataSet, transferSyntaxUid: string): DicomHeader {
  const pixelEl = ds.elements[T.pixelData];
  const pixelDataKind: DicomHeader['pixelDataKind'] = pixelEl
    ? 'int'
    : ds.elements[T.floatPixelData]
      ? 'float'
      : ds.elements[T.doublePixelData]
        ? 'double'
        : 'none';
  const numberOfFrames = Math.max(1, isValue(ds, T.numberOfFrames, 'NumberOfFrames') ?? 1);
  // Every frame takes bytes of the file (native: a frame's pixels; encapsulated: at least one 8-byte item), so
  // a count beyond byteLength / 8 is a corrupt value: refused before one FrameInfo per claimed frame is built.
  if (numberOfFrames > 1 && numberOfFrames > ds.byteArray.length / 8) {
    throw new DicomError('invalid-value', { attribute: 'NumberOfFrames', value: String(numberOfFrames) },
      `NumberOfFrames ${numberOfFrames} cannot fit in a file of ${ds.byteArray.length} bytes`);
  }
  const bitsAllocated = us(ds, T.bitsAllocated) ?? (pixelDataKind === 'double' ? 64 : pixelDataKind === 'float' ? 32 : 0);
  const bitsStored = us(ds, T.bitsStored) ?? bitsAllocated;
  const { shared, frames } = readFrames(ds, numberOfFrames);
  const aspect = dsValues(ds, T.aspectRatio);
  const spacingBetween = dsFirst(ds, T.spacingBetweenSlices);
  const seriesNumber = isValue(ds, T.seriesNumber, 'SeriesNumber');
  const instanceNumber = isValue(ds, T.instanceNumber, 'InstanceNumber');
  return {
    transferSyntaxUid,
    sopClassUid: str(ds, T.sopClass),
    sopInstanceUid: str(ds, T.sopInstance),
    modality: str(ds, T.modality),
    studyInstanceUid: str(ds, T.studyUid),
    seriesInstanceUid: str(ds, T.seriesUid),
    frameOfReferenceUid: str(ds, T.forUid),
    studyDescription: str(ds, T.studyDescription),
    seriesDescription: str(ds, T.seriesDescription),
    ...(seriesNumber !== undefined ? { seriesNumber } : {}),
    ...(instanceNumber !== undefined ? { instanceNumber } : {}),
    imageType: strValues(ds, T.imageType),
    rows: us(ds, T.rows) ?? 0,
    columns: us(ds, T.columns) ?? 0,
    numberOfFrames,
    samplesPerPixel: us(ds, T.samplesPerPixel) ?? 1,
    planarConfiguration: us(ds, T.planar) === 1 ? 1 : 0,
    photometric: str(ds, T.photometric).toUpperCase() || 'MONOCHROME2',
    bitsAllocated,
    bitsStored,
    highBit: us(ds, T.highBit) ?? bitsStored - 1,
    pixelRepresentation: us(ds, T.pixelRepresentation) === 1 ? 1 : 0,
    shared,
    frames,
    ...(spacingBetween !== undefined ? { spacingBetweenSlicesMm: spacingBetween } : {}),
    ...(aspect && aspect.length >= 2 ? { pixelAspectRatio: [aspect[0] as number, aspect[1] as number] as const } : {}),
    pixelDataKind,
    encapsulated: pixelEl?.encapsulatedPixelData === true,
    hasModalityLut: ds.elements[T.modalityLut] !== undefined,
  };
}

export const TAGS = T;
