// Headers carry the anonymisation markers and geometry tags of a real anonymised CCTA (PHANTOM.md §4).
// Geometry convention: IPP of slice k = originLps + k·spacing[2]·directions[2]; IOP = directions[0]\directions[1];
// PixelSpacing = row spacing (along j) \ column spacing (along i).
import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { encodeVolumeAsDicom } from '../../../sample-data/dicom/write-series';
import { fakeVolume, numbers } from './helpers';

const parse = (b: Uint8Array): dicomParser.DataSet => dicomParser.parseDicom(b, { untilTag: 'x7fe00010' });

describe('CT headers', () => {
  it('carry the anonymisation markers and the CCTA acquisition tags', async () => {
    const vol = fakeVolume([12, 10, 3]);
    const series = await encodeVolumeAsDicom(vol, {
      header: { caseId: 'CORO-02', studyDescription: 'CORO-02 Coroscanner', cardiac: { heartRateBpm: 62, triggerTimeMs: 726, nominalPercentage: 75 } },
    });
    const ds = parse(series.images[1]!.bytes);
    expect(ds.string('x00080016')).toBe('1.2.840.10008.5.1.4.1.1.2');
    expect(ds.string('x00020002')).toBe('1.2.840.10008.5.1.4.1.1.2');
    expect(ds.string('x00020003')).toBe(ds.string('x00080018'));
    expect(ds.string('x00020012')).toMatch(/^2\.25\.\d+$/);
    expect(ds.string('x00080060')).toBe('CT');
    expect(ds.string('x00080008')).toBe('ORIGINAL\\PRIMARY\\AXIAL');
    expect(ds.string('x00100010')).toBe('CORO-02^Anonyme');
    expect(ds.string('x00100020')).toBe('CORO-02');
    expect(ds.string('x00120062')).toBe('YES');
    const codes = ds.elements.x00120064!.items!.map((it) => it.dataSet!.string('x00080100'));
    expect(codes).toEqual(['113100', '113105']);
    for (const date of ['x00080020', 'x00100030', 'x00080023']) {
      expect(ds.elements[date]).toBeDefined();
      expect(ds.elements[date]!.length).toBe(0);
    }
    expect(ds.string('x00081030')).toBe('CORO-02 Coroscanner');
    expect(ds.string('x0008103e')).toMatch(/CorCTA/);
    expect(ds.string('x00185100')).toBe('HFS');
    expect(ds.string('x00281054')).toBe('HU');
    expect(numbers(ds, 'x00281050')).toEqual([200, 300]);
    expect(numbers(ds, 'x00281051')).toEqual([800, 1500]);
    expect(ds.double('x00189345')).toBeGreaterThan(0);
    expect(ds.floatString('x00181060')).toBe(726);
    expect(ds.intString('x00181088')).toBe(62);
    expect(ds.float('x00209241')).toBe(75);
    for (const tag of ['x00180060', 'x00181210', 'x00080070', 'x00081090', 'x00180010', 'x00181100', 'x00200052']) {
      expect(ds.string(tag), tag).toBeTruthy();
    }
  });

  it('write per-slice geometry for an axial stack, PixelSpacing in row\\column order', async () => {
    const vol = fakeVolume([12, 10, 4], { spacingMm: [0.38, 0.44, 0.5], originLps: [-97.3, -120.1, -55.25] });
    const series = await encodeVolumeAsDicom(vol);
    expect(numbers(parse(series.images[0]!.bytes), 'x00280030')).toEqual([0.44, 0.38]);
    const instances = series.images.map((f, k) => {
      const ds = parse(f.bytes);
      expect(numbers(ds, 'x00200032')).toEqual([-97.3, -120.1, -55.25 + 0.5 * k].map((v) => Number(v.toPrecision(10))));
      expect(numbers(ds, 'x00200037')).toEqual([1, 0, 0, 0, 1, 0]);
      expect(ds.floatString('x00180088')).toBe(0.5);
      expect(ds.floatString('x00180050')).toBeCloseTo(0.6);
      expect([ds.uint16('x00280010'), ds.uint16('x00280011')]).toEqual([10, 12]);
      return ds.intString('x00200013')!;
    });
    // instance 1 is the most cranial slice (highest z), as scanners number an axial CCTA
    expect(instances).toEqual([4, 3, 2, 1]);
  });

  it('write an oblique stack: IOP from the volume axes, IPP along the slice axis', async () => {
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    // row axis in the axial plane rotated by 0.3 rad, column axis tilted out of it, slice axis = their cross product
    const a: [number, number, number] = [c, s, 0];
    const b: [number, number, number] = [-s * c, c * c, s];
    const n = Math.hypot(...b);
    const bn: [number, number, number] = [b[0] / n, b[1] / n, b[2] / n];
    const kAxis: [number, number, number] = [a[1] * bn[2] - a[2] * bn[1], a[2] * bn[0] - a[0] * bn[2], a[0] * bn[1] - a[1] * bn[0]];
    const vol = fakeVolume([8, 8, 3], { directions: [a, bn, kAxis], originLps: [10, 20, 30], spacingMm: [0.5, 0.5, 0.7] });
    const series = await encodeVolumeAsDicom(vol, { fileNames: 'flat' });
    series.images.forEach((f, k) => {
      const ds = parse(f.bytes);
      const iop = numbers(ds, 'x00200037');
      [...a, ...bn].forEach((v, i) => expect(iop[i]).toBeCloseTo(v, 8));
      const ipp = numbers(ds, 'x00200032');
      [0, 1, 2].forEach((d) => expect(ipp[d]).toBeCloseTo([10, 20, 30][d]! + k * 0.7 * kAxis[d]!, 6));
    });
    expect(series.images.map((f) => f.path)).toEqual(['IM000003.dcm', 'IM000002.dcm', 'IM000001.dcm']);
  });
});
