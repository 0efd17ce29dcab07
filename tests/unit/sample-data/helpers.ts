// Test helpers: tiny volumes with known HU, and an independent reader (dicom-parser + codec decoders).
import { createRequire } from 'node:module';
import dicomParser from 'dicom-parser';
import type { Volume } from '../../../src/volume/volume';

/** A small volume whose HU cover lung, fat, blood and calcium (−1024…+2000), deterministic. */
export function fakeVolume(
  dims: [number, number, number] = [40, 32, 6],
  geometry: Partial<Pick<Volume, 'spacingMm' | 'originLps' | 'directions'>> = {},
): Volume {
  const [nx, ny, nz] = dims;
  const voxels = new Int16Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const idx = i + j * nx + k * nx * ny;
        voxels[idx] = -1024 + ((i * 37 + j * 101 + k * 13 + ((idx * 2654435761) >>> 24)) % 3024);
      }
  return {
    dimensions: dims,
    spacingMm: geometry.spacingMm ?? [0.39, 0.42, 0.5],
    originLps: geometry.originLps ?? [-100.2, -80.5, -60],
    directions: geometry.directions ?? [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ],
    voxels,
  };
}

const require = createRequire(import.meta.url);
type Decoder = {
  getEncodedBuffer(n: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  delete(): void;
};
type DecoderCtor = new () => Decoder;

async function decoderFor(tsUid: string): Promise<DecoderCtor | null> {
  const load = async (pkg: string, name: string): Promise<DecoderCtor> =>
    ((await (require(pkg) as () => Promise<Record<string, unknown>>)()) as Record<string, DecoderCtor>)[name]!;
  if (tsUid === '1.2.840.10008.1.2.4.80') return load('@cornerstonejs/codec-charls/wasmjs', 'JpegLSDecoder');
  if (tsUid === '1.2.840.10008.1.2.4.201') return load('@cornerstonejs/codec-openjph/wasmjs', 'HTJ2KDecoder');
  if (tsUid === '1.2.840.10008.1.2.4.90') return load('@cornerstonejs/codec-openjpeg/wasmjs', 'J2KDecoder');
  if (tsUid === '1.2.840.10008.1.2.1' || tsUid === '1.2.840.10008.1.2') return null;
  throw new Error(`test reader: no decoder for ${tsUid}`);
}

export interface ReadSlice {
  ds: dicomParser.DataSet;
  transferSyntaxUid: string;
  rows: number;
  columns: number;
  /** HU after rescale */
  hu: Float64Array;
}

/** Parse a Part-10 file and decode its single frame to HU, independently of the writer. */
export async function readSlice(bytes: Uint8Array): Promise<ReadSlice> {
  const ds = dicomParser.parseDicom(bytes);
  const ts = ds.string('x00020010')!;
  const rows = ds.uint16('x00280010')!;
  const columns = ds.uint16('x00280011')!;
  const signed = ds.uint16('x00280103') === 1;
  const slope = ds.floatString('x00281053') ?? 1;
  const intercept = ds.floatString('x00281052') ?? 0;
  const pixel = ds.elements.x7fe00010!;
  const ctor = await decoderFor(ts);
  let raw: Uint8Array;
  if (ctor) {
    const fragment = dicomParser.readEncapsulatedPixelDataFromFragments(ds, pixel, 0, pixel.fragments!.length);
    const dec = new ctor();
    dec.getEncodedBuffer(fragment.length).set(fragment);
    dec.decode();
    raw = dec.getDecodedBuffer().slice();
    dec.delete();
  } else {
    raw = bytes.slice(pixel.dataOffset, pixel.dataOffset + pixel.length);
  }
  const n = rows * columns;
  const samples = signed ? new Int16Array(raw.buffer, raw.byteOffset, n) : new Uint16Array(raw.buffer, raw.byteOffset, n);
  const hu = new Float64Array(n);
  for (let i = 0; i < n; i++) hu[i] = samples[i]! * slope + intercept;
  return { ds, transferSyntaxUid: ts, rows, columns, hu };
}

export function numbers(ds: dicomParser.DataSet, tag: string): number[] {
  return (ds.string(tag) ?? '').split('\\').map(Number);
}
