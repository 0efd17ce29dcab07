// Writing a volume then reading it back with dicom-parser and the codec decoders gives back exactly its HU,
// for every transfer syntax and pixel storage the writer offers.
import { describe, expect, it } from 'vitest';
import { encodeVolumeAsDicom, type WriteSeriesOptions } from '../../../sample-data/dicom/write-series';
import { fakeVolume, readSlice } from './helpers';

const cases: [string, WriteSeriesOptions, string][] = [
  ['explicit LE, unsigned + intercept −1024 (Cas 1)', { transferSyntax: 'explicit-le', storage: { signed: false, rescaleInterceptHu: -1024 } }, '1.2.840.10008.1.2.1'],
  ['explicit LE, signed', { transferSyntax: 'explicit-le' }, '1.2.840.10008.1.2.1'],
  ['implicit LE, signed', { transferSyntax: 'implicit-le' }, '1.2.840.10008.1.2'],
  ['JPEG-LS lossless, signed (Cas 2)', { transferSyntax: 'jpeg-ls' }, '1.2.840.10008.1.2.4.80'],
  ['JPEG-LS lossless, unsigned + intercept', { transferSyntax: 'jpeg-ls', storage: { signed: false, rescaleInterceptHu: -1024 } }, '1.2.840.10008.1.2.4.80'],
  ['HTJ2K lossless, signed (Cas 3)', { transferSyntax: 'htj2k' }, '1.2.840.10008.1.2.4.201'],
  ['HTJ2K lossless, unsigned + intercept', { transferSyntax: 'htj2k', storage: { signed: false, rescaleInterceptHu: -1024 } }, '1.2.840.10008.1.2.4.201'],
  ['JPEG 2000 lossless, signed', { transferSyntax: 'j2k' }, '1.2.840.10008.1.2.4.90'],
];

describe('DICOM series writer round trip (voxel index i + j·nx + k·nx·ny, slice k = files[k])', () => {
  const vol = fakeVolume();
  const [nx, ny, nz] = vol.dimensions;

  it.each(cases)('%s decodes to the exact HU', async (_name, opts, tsUid) => {
    const series = await encodeVolumeAsDicom(vol, opts);
    expect(series.images).toHaveLength(nz);
    expect(series.clampedVoxels).toBe(0);
    for (let k = 0; k < nz; k++) {
      const s = await readSlice(series.images[k]!.bytes);
      expect(s.transferSyntaxUid).toBe(tsUid);
      expect([s.columns, s.rows]).toEqual([nx, ny]);
      const expected = Array.from(vol.voxels.subarray(k * nx * ny, (k + 1) * nx * ny));
      expect(Array.from(s.hu)).toEqual(expected);
    }
  });

  it('stores Cas 1 style unsigned data in 12 bits when it fits, 16 otherwise', async () => {
    const small = await encodeVolumeAsDicom(vol, { storage: { signed: false, rescaleInterceptHu: -1024 } });
    expect(small.storage.bitsStored).toBe(12);
    const hot = fakeVolume([8, 8, 2]);
    (hot.voxels as Int16Array)[5] = 3500; // 3500 + 1024 > 4095
    const big = await encodeVolumeAsDicom(hot, { storage: { signed: false, rescaleInterceptHu: -1024 } });
    expect(big.storage.bitsStored).toBe(16);
    const s = await readSlice(big.images[0]!.bytes);
    expect(s.hu[5]).toBe(3500);
  });

  it('clamps HU below what unsigned storage can hold, or refuses when asked', async () => {
    const cold = fakeVolume([8, 8, 2]);
    (cold.voxels as Int16Array)[3] = -2048;
    const opts: WriteSeriesOptions = { storage: { signed: false, rescaleInterceptHu: -1024 } };
    const clamped = await encodeVolumeAsDicom(cold, opts);
    expect(clamped.clampedVoxels).toBe(1);
    expect((await readSlice(clamped.images[0]!.bytes)).hu[3]).toBe(-1024);
    await expect(encodeVolumeAsDicom(cold, { ...opts, clamp: false })).rejects.toThrow(/HU -2048 at slice 0/);
  });

  it('puts one even-length fragment per frame after an empty basic offset table', async () => {
    const series = await encodeVolumeAsDicom(vol, { transferSyntax: 'htj2k' });
    const s = await readSlice(series.images[0]!.bytes);
    const pixel = s.ds.elements.x7fe00010!;
    expect(pixel.basicOffsetTable).toEqual([]);
    expect(pixel.fragments).toHaveLength(1);
    expect(pixel.fragments![0]!.length % 2).toBe(0);
  });
});
