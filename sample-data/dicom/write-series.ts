// Write any Volume as a CT DICOM series: in memory (encodeVolumeAsDicom) or into a folder (writeVolumeAsDicomSeries).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Volume } from '../../src/volume/volume';
import { el, type DataSet } from './dataset';
import { createFrameEncoder, isEncapsulatedSyntax, TRANSFER_SYNTAX, type FrameEncoder, type TransferSyntaxName } from './codecs';
import { DEFAULT_CT_HEADER, seriesElements, sliceElements, type CtSeriesHeader, type PixelStorage } from './ct-header';
import { encodeDicomdir, type DicomdirImage } from './dicomdir';
import { encodePart10 } from './part10';
import { SOP_CLASS, seriesUids, type SeriesUids } from './uids';
import { mulberry32 } from '../phantom/rng';

export type FileNameScheme =
  /** DICOM/PAT00001/ST000001/SE000001/IM000001 (PS3.10 File IDs, no extension) — the default */
  | 'dicomdir'
  /** IM000001.dcm in the folder itself */
  | 'flat'
  /** <SOPInstanceUID>.dcm in the folder itself */
  | 'sop-uid'
  /** your own: relative path of the file holding the image numbered `fileNumber` (1-based) */
  | ((fileNumber: number, sopInstanceUid: string) => string);

export interface WriteSeriesOptions {
  transferSyntax?: TransferSyntaxName; // default 'explicit-le'
  /** default signed 16-bit, intercept 0; unsigned needs an intercept that makes every HU − intercept ≥ 0 */
  storage?: { signed: boolean; rescaleInterceptHu: number; bitsStored?: number };
  /** HU that cannot be stored are clamped (true, the default) or refused with an error (false) */
  clamp?: boolean;
  header?: Partial<CtSeriesHeader>;
  /** seed of every UID; default header.caseId */
  uidSeed?: string;
  fileNames?: FileNameScheme;
  /** give file numbers in a seeded random order instead of anatomical order (number = seed) */
  shuffleSeed?: number;
  /** write a DICOMDIR at the folder root; default: true for the 'dicomdir' scheme, false otherwise */
  dicomdir?: boolean;
  /** InstanceNumber 1 = most cranial slice ('head-first', default) or slice k = 0 ('volume') */
  instanceOrder?: 'head-first' | 'volume';
  /** reuse a WASM encoder between series (it must match transferSyntax) */
  encoder?: FrameEncoder | null;
  onProgress?: (done: number, total: number) => void;
}

export interface EncodedFile {
  /** relative to the series folder, '/'-separated */
  path: string;
  bytes: Uint8Array;
}

export interface EncodedSeries {
  /** the image files in volume slice order (files[k] holds slice k), then the DICOMDIR if any */
  images: EncodedFile[];
  dicomdir: EncodedFile | null;
  uids: SeriesUids;
  transferSyntaxUid: string;
  storage: PixelStorage;
  /** voxels whose HU could not be stored and were clamped */
  clampedVoxels: number;
}


function filePath(scheme: FileNameScheme, n: number, sop: string): string {
  if (typeof scheme === 'function') return scheme(n, sop);
  const im = `IM${String(n).padStart(6, '0')}`;
  if (scheme === 'flat') return `${im}.dcm`;
  if (scheme === 'sop-uid') return `${sop}.dcm`;
  return `DICOM/PAT00001/ST000001/SE000001/${im}`;
}

function resolveStorage(vol: Volume, opts: WriteSeriesOptions): PixelStorage {
  const s = opts.storage ?? { signed: true, rescaleInterceptHu: 0 };
  if (s.bitsStored !== undefined) return { ...s, bitsStored: s.bitsStored };
  if (s.signed) return { ...s, bitsStored: 16 };
  // unsigned: 12 bits when every stored value fits (as most CT scanners), else 16
  let max = -Infinity;
  for (let i = 0; i < vol.voxels.length; i++) if (vol.voxels[i]! > max) max = vol.voxels[i]!;
  return { ...s, bitsStored: max - s.rescaleInterceptHu <= 4095 ? 12 : 16 };
}

/** Stored sample bytes (little endian) of slice k; counts clamped voxels. */
function sliceSamples(vol: Volume, k: number, storage: PixelStorage, clamp: boolean, counter: { clamped: number }): Uint8Array {
  const n = vol.dimensions[0] * vol.dimensions[1];
  const hu = vol.voxels.subarray(k * n, (k + 1) * n);
  const lo = storage.signed ? -(2 ** (storage.bitsStored - 1)) : 0;
  const hi = storage.signed ? 2 ** (storage.bitsStored - 1) - 1 : 2 ** storage.bitsStored - 1;
  const out = storage.signed ? new Int16Array(n) : new Uint16Array(n);
  const b = storage.rescaleInterceptHu;
  for (let i = 0; i < n; i++) {
    let v = hu[i]! - b;
    if (v < lo || v > hi) {
      if (!clamp) throw new Error(`HU ${hu[i]} at slice ${k} cannot be stored with intercept ${b} in ${storage.bitsStored} ${storage.signed ? 'signed' : 'unsigned'} bits`);
      v = v < lo ? lo : hi;
      counter.clamped++;
    }
    out[i] = v;
  }
  return new Uint8Array(out.buffer);
}

/** Encode a volume as a CT series (Part-10 bytes), slice k → files[k]. */
export async function encodeVolumeAsDicom(vol: Volume, opts: WriteSeriesOptions = {}): Promise<EncodedSeries> {
  const [nx, ny, nz] = vol.dimensions;
  if (vol.voxels.length !== nx * ny * nz) throw new Error(`volume has ${vol.voxels.length} voxels, expected ${nx}×${ny}×${nz}`);
  const tsName = opts.transferSyntax ?? 'explicit-le';
  const tsUid = TRANSFER_SYNTAX[tsName];
  const header: CtSeriesHeader = { ...DEFAULT_CT_HEADER, ...opts.header };
  const uids = seriesUids(opts.uidSeed ?? header.caseId);
  const storage = resolveStorage(vol, opts);
  const scheme = opts.fileNames ?? 'dicomdir';
  const encoder = isEncapsulatedSyntax(tsName) ? (opts.encoder ?? (await createFrameEncoder(tsName))) : null;
  const common = seriesElements(vol, header, uids, storage);
  const cranialLast = vol.directions[2][2] >= 0; // +k towards the head: slice nz−1 is the most cranial
  const instanceOf = (k: number): number =>
    opts.instanceOrder === 'volume' || !cranialLast ? k + 1 : nz - k;
  const fileNumberOf = fileNumbering(nz, instanceOf, opts.shuffleSeed);
  const counter = { clamped: 0 };
  const images: EncodedFile[] = [];
  for (let k = 0; k < nz; k++) {
    const sop = uids.sopInstanceUid(k);
    const samples = sliceSamples(vol, k, storage, opts.clamp ?? true, counter);
    const pixel = encoder
      ? el(0x7fe00010, 'OB', { fragments: [encoder({ columns: nx, rows: ny, bitsStored: storage.bitsStored, signed: storage.signed, samples })] })
      : el(0x7fe00010, 'OW', samples);
    const ds: DataSet = [...common, ...sliceElements(vol, k, instanceOf(k), sop), pixel];
    const meta = { mediaStorageSopClassUid: SOP_CLASS.ctImage, mediaStorageSopInstanceUid: sop, transferSyntaxUid: tsUid };
    images.push({ path: filePath(scheme, fileNumberOf(k), sop), bytes: encodePart10(meta, ds, samples.length + 4096) });
    opts.onProgress?.(k + 1, nz);
  }
  const wantDicomdir = opts.dicomdir ?? scheme === 'dicomdir';
  const dicomdir = wantDicomdir ? { path: 'DICOMDIR', bytes: dicomdirFor(header, uids, images, instanceOf, tsUid) } : null;
  return { images, dicomdir, uids, transferSyntaxUid: tsUid, storage, clampedVoxels: counter.clamped };
}

/** slice k → file number (1-based): the instance number, or a seeded permutation of it. */
function fileNumbering(nz: number, instanceOf: (k: number) => number, shuffleSeed: number | undefined): (k: number) => number {
  if (shuffleSeed === undefined) return instanceOf;
  const numbers = Array.from({ length: nz }, (_, i) => i + 1);
  const rand = mulberry32(shuffleSeed);
  for (let i = nz - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [numbers[i], numbers[j]] = [numbers[j]!, numbers[i]!];
  }
  return (k) => numbers[k]!;
}

function dicomdirFor(
  h: CtSeriesHeader,
  uids: SeriesUids,
  images: readonly EncodedFile[],
  instanceOf: (k: number) => number,
  tsUid: string,
): Uint8Array {
  const records: DicomdirImage[] = images.map((f, k) => ({
    fileId: f.path.split('/'),
    sopClassUid: SOP_CLASS.ctImage,
    sopInstanceUid: uids.sopInstanceUid(k),
    transferSyntaxUid: tsUid,
    instanceNumber: instanceOf(k),
  }));
  records.sort((a, b) => a.instanceNumber - b.instanceNumber);
  return encodeDicomdir(
    [
      {
        patientId: h.caseId,
        patientName: `${h.caseId}^Anonyme`,
        studies: [
          {
            studyInstanceUid: uids.studyInstanceUid,
            studyId: '',
            studyDescription: h.studyDescription,
            series: [
              { seriesInstanceUid: uids.seriesInstanceUid, seriesNumber: h.seriesNumber, modality: 'CT', seriesDescription: h.seriesDescription, images: records },
            ],
          },
        ],
      },
    ],
    h.caseId.replace(/[^A-Z0-9_]/g, '_').slice(0, 16),
  );
}

export interface WrittenSeries extends Omit<EncodedSeries, 'images' | 'dicomdir'> {
  /** absolute paths, files[k] holds slice k */
  files: string[];
  dicomdirPath: string | null;
  totalBytes: number;
}

/** Encode a volume and write it into `folder` (created when missing). */
export async function writeVolumeAsDicomSeries(vol: Volume, folder: string, opts: WriteSeriesOptions = {}): Promise<WrittenSeries> {
  const { images, dicomdir, ...rest } = await encodeVolumeAsDicom(vol, opts);
  const all = dicomdir ? [...images, dicomdir] : images;
  const dirs = new Set(all.map((f) => dirname(join(folder, f.path))));
  for (const d of dirs) await mkdir(d, { recursive: true });
  await Promise.all(all.map((f) => writeFile(join(folder, f.path), f.bytes)));
  return {
    ...rest,
    files: images.map((f) => join(folder, f.path)),
    dicomdirPath: dicomdir ? join(folder, dicomdir.path) : null,
    totalBytes: all.reduce((n, f) => n + f.bytes.length, 0),
  };
}
