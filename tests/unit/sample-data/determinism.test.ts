// Same volume and options → same bytes; UIDs are valid, unique and derived from the case.
import { describe, expect, it } from 'vitest';
import { seriesUids, uidFor } from '../../../sample-data/dicom/uids';
import { encodeVolumeAsDicom } from '../../../sample-data/dicom/write-series';
import { fakeVolume } from './helpers';
import dicomParser from 'dicom-parser';

const UID = /^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/;

describe('UIDs and determinism', () => {
  it('derive valid 2.25 UIDs of at most 64 characters, stable across runs', () => {
    const u = seriesUids('CORO-01');
    const all = [u.studyInstanceUid, u.seriesInstanceUid, u.frameOfReferenceUid, ...Array.from({ length: 300 }, (_, k) => u.sopInstanceUid(k))];
    for (const uid of all) {
      expect(uid).toMatch(UID);
      expect(uid.startsWith('2.25.')).toBe(true);
      expect(uid.length).toBeLessThanOrEqual(64);
    }
    expect(new Set(all).size).toBe(all.length);
    expect(seriesUids('CORO-01').sopInstanceUid(17)).toBe(u.sopInstanceUid(17));
    expect(seriesUids('CORO-02').studyInstanceUid).not.toBe(u.studyInstanceUid);
    expect(uidFor('x')).toBe(uidFor('x'));
  });

  it('write the same bytes twice for every syntax', async () => {
    const vol = fakeVolume([16, 16, 3]);
    for (const ts of ['explicit-le', 'jpeg-ls', 'htj2k'] as const) {
      const a = await encodeVolumeAsDicom(vol, { transferSyntax: ts });
      const b = await encodeVolumeAsDicom(vol, { transferSyntax: ts });
      expect(a.images.map((f) => f.path)).toEqual(b.images.map((f) => f.path));
      a.images.forEach((f, k) => expect(Buffer.compare(f.bytes, b.images[k]!.bytes)).toBe(0));
      expect(Buffer.compare(a.dicomdir!.bytes, b.dicomdir!.bytes)).toBe(0);
    }
  });

  it('shuffled file names are a seeded permutation: names out of slice order, instance numbers intact', async () => {
    const vol = fakeVolume([8, 8, 12]);
    const plain = await encodeVolumeAsDicom(vol, { fileNames: 'flat' });
    const shuffled = await encodeVolumeAsDicom(vol, { fileNames: 'flat', shuffleSeed: 3 });
    const again = await encodeVolumeAsDicom(vol, { fileNames: 'flat', shuffleSeed: 3 });
    const names = shuffled.images.map((f) => f.path);
    expect(names).toEqual(again.images.map((f) => f.path));
    expect(names).not.toEqual(plain.images.map((f) => f.path));
    expect([...names].sort()).toEqual(plain.images.map((f) => f.path).sort());
    const inst = (b: Uint8Array): string | undefined => dicomParser.parseDicom(b, { untilTag: 'x7fe00010' }).string('x00200013');
    shuffled.images.forEach((f, k) => expect(inst(f.bytes)).toBe(inst(plain.images[k]!.bytes)));
    const bySop = await encodeVolumeAsDicom(vol, { fileNames: 'sop-uid' });
    bySop.images.forEach((f, k) => expect(f.path).toBe(`${plain.uids.sopInstanceUid(k)}.dcm`));
  });
});
