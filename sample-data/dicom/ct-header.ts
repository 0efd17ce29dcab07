// The header of one CT slice, as an anonymised cardiac CT scanner export carries it (PHANTOM.md §4).
import type { Volume } from '../../src/volume/volume';
import { el, type DataSet } from './dataset';
import { SOP_CLASS, type SeriesUids } from './uids';

/** Descriptive header of a CCTA series (what the scanner and the anonymiser leave). */
export interface CtSeriesHeader {
  /** 'CORO-01': PatientID, PatientName 'CORO-01^Anonyme', seed of the UIDs */
  caseId: string;
  studyDescription: string;
  seriesDescription: string;
  seriesNumber: number;
  manufacturer: string;
  manufacturerModelName: string;
  kvp: number;
  convolutionKernel: string;
  contrastBolusAgent: string;
  sliceThicknessMm: number;
  ctdiVolMGy: number;
  tubeCurrentMa: number;
  /** Written as TriggerTime / HeartRate / NominalPercentageOfCardiacPhase when present. */
  cardiac?: { heartRateBpm: number; triggerTimeMs: number; nominalPercentage: number };
  imageComments?: string;
  /** [center, width, explanation]; default CTA 200/800 and calcium 300/1500 */
  windows: readonly (readonly [number, number, string])[];
}

export const DEFAULT_CT_HEADER: CtSeriesHeader = {
  caseId: 'CORO-00',
  studyDescription: 'CORO-00 Coroscanner',
  seriesDescription: 'Coro CorCTA 0.6 B26f BestDiast 75 %',
  seriesNumber: 3,
  manufacturer: 'SIEMENS',
  manufacturerModelName: 'SOMATOM Definition Flash',
  kvp: 100,
  convolutionKernel: 'B26f',
  contrastBolusAgent: 'Iomeron 400',
  sliceThicknessMm: 0.6,
  ctdiVolMGy: 8.5,
  tubeCurrentMa: 320,
  windows: [
    [200, 800, 'CTA'],
    [300, 1500, 'CALCIUM'],
  ],
};

/** How HU are stored: HU = stored · 1 + rescaleInterceptHu. */
export interface PixelStorage {
  signed: boolean;
  rescaleInterceptHu: number;
  bitsStored: number;
}

const DEID_CODES: readonly (readonly [string, string])[] = [
  ['113100', 'Basic Application Confidentiality Profile'],
  ['113105', 'Clean Descriptors Option'],
];

function anonymisation(h: CtSeriesHeader): DataSet {
  return [
    el(0x00080020, 'DA', ''), // StudyDate (Z)
    el(0x00080023, 'DA', ''), // ContentDate
    el(0x00080030, 'TM', ''), // StudyTime
    el(0x00080033, 'TM', ''), // ContentTime
    el(0x00080050, 'SH', ''), // AccessionNumber
    el(0x00080080, 'LO', ''), // InstitutionName
    el(0x00080090, 'PN', ''), // ReferringPhysicianName
    el(0x00100010, 'PN', `${h.caseId}^Anonyme`),
    el(0x00100020, 'LO', h.caseId),
    el(0x00100030, 'DA', ''), // PatientBirthDate
    el(0x00100040, 'CS', ''), // PatientSex
    el(0x00120062, 'CS', 'YES'), // PatientIdentityRemoved
    el(0x00120063, 'LO', 'DICOM PS3.15 E.1 Basic Profile, Clean Descriptors Option'),
    el(
      0x00120064,
      'SQ',
      DEID_CODES.map(([code, meaning]) => [
        el(0x00080100, 'SH', code),
        el(0x00080102, 'SH', 'DCM'),
        el(0x00080104, 'LO', meaning),
      ]),
    ),
    el(0x00200010, 'SH', ''), // StudyID
  ];
}

/** Elements common to every slice of the series (no per-slice geometry, no pixels). */
export function seriesElements(
  vol: Volume,
  h: CtSeriesHeader,
  uids: SeriesUids,
  storage: PixelStorage,
): DataSet {
  const [nx, ny] = vol.dimensions;
  const [sx, sy, sz] = vol.spacingMm;
  const [dirI, dirJ] = vol.directions;
  const ds: DataSet = [
    el(0x00080005, 'CS', 'ISO_IR 100'),
    el(0x00080008, 'CS', ['ORIGINAL', 'PRIMARY', 'AXIAL']),
    el(0x00080016, 'UI', SOP_CLASS.ctImage),
    el(0x00080060, 'CS', 'CT'),
    el(0x00080070, 'LO', h.manufacturer),
    el(0x00081030, 'LO', h.studyDescription),
    el(0x0008103e, 'LO', h.seriesDescription),
    el(0x00081090, 'LO', h.manufacturerModelName),
    el(0x00180010, 'LO', h.contrastBolusAgent),
    el(0x00180015, 'CS', 'HEART'),
    el(0x00180050, 'DS', h.sliceThicknessMm),
    el(0x00180060, 'DS', h.kvp),
    el(0x00180088, 'DS', sz),
    el(0x00181100, 'DS', Math.max(nx * sx, ny * sy)),
    el(0x00181151, 'IS', Math.round(h.tubeCurrentMa)),
    el(0x00181210, 'SH', h.convolutionKernel),
    el(0x00185100, 'CS', 'HFS'),
    el(0x00189345, 'FD', h.ctdiVolMGy),
    el(0x0020000d, 'UI', uids.studyInstanceUid),
    el(0x0020000e, 'UI', uids.seriesInstanceUid),
    el(0x00200011, 'IS', h.seriesNumber),
    el(0x00200012, 'IS', 1),
    el(0x00200037, 'DS', [...dirI, ...dirJ].map(roundCosine)),
    el(0x00200052, 'UI', uids.frameOfReferenceUid),
    el(0x00201040, 'LO', ''),
    el(0x00280002, 'US', 1),
    el(0x00280004, 'CS', 'MONOCHROME2'),
    el(0x00280010, 'US', ny),
    el(0x00280011, 'US', nx),
    el(0x00280030, 'DS', [sy, sx]), // row spacing (between rows, along j) \ column spacing (along i)
    el(0x00280100, 'US', 16),
    el(0x00280101, 'US', storage.bitsStored),
    el(0x00280102, 'US', storage.bitsStored - 1),
    el(0x00280103, 'US', storage.signed ? 1 : 0),
    el(0x00281050, 'DS', h.windows.map((w) => w[0])),
    el(0x00281051, 'DS', h.windows.map((w) => w[1])),
    el(0x00281052, 'DS', storage.rescaleInterceptHu),
    el(0x00281053, 'DS', 1),
    el(0x00281054, 'LO', 'HU'),
    el(0x00281055, 'LO', h.windows.map((w) => w[2])),
    ...anonymisation(h),
  ];
  if (h.cardiac) {
    ds.push(
      el(0x00181060, 'DS', h.cardiac.triggerTimeMs),
      el(0x00181088, 'IS', Math.round(h.cardiac.heartRateBpm)),
      el(0x00209241, 'FL', h.cardiac.nominalPercentage),
    );
  }
  if (h.imageComments) ds.push(el(0x00204000, 'LT', h.imageComments));
  return ds;
}

/** Drops floating-point dust (1e-17 → 0, 0.30000000000000004 → 0.3) before a DS is written. */
function roundCosine(v: number): number {
  return Math.abs(v) < 1e-9 ? 0 : Number(v.toPrecision(10));
}

/** LPS position of the first voxel of slice k (ImagePositionPatient). */
export function slicePositionLps(vol: Volume, k: number): [number, number, number] {
  const o = vol.originLps;
  const d = vol.directions[2];
  const sz = vol.spacingMm[2];
  return [o[0] + k * sz * d[0], o[1] + k * sz * d[1], o[2] + k * sz * d[2]];
}

/** Elements that change from slice to slice. */
export function sliceElements(vol: Volume, k: number, instanceNumber: number, sopInstanceUid: string): DataSet {
  const ipp = slicePositionLps(vol, k);
  const [a, b] = vol.directions;
  const normal = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  const sliceLocation = ipp[0] * normal[0]! + ipp[1] * normal[1]! + ipp[2] * normal[2]!;
  return [
    el(0x00080018, 'UI', sopInstanceUid),
    el(0x00200013, 'IS', instanceNumber),
    el(0x00200032, 'DS', ipp.map(roundCosine)),
    el(0x00201041, 'DS', roundCosine(sliceLocation)),
  ];
}
