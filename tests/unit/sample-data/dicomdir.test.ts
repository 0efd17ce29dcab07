// The DICOMDIR parses, its offsets point at the records they name, and it references every image file.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFileId } from '../../../sample-data/dicom/dicomdir';
import { writeVolumeAsDicomSeries } from '../../../sample-data/dicom/write-series';
import { fakeVolume } from './helpers';

interface Rec {
  type: string;
  next: number;
  lower: number;
  item: dicomParser.DataSet;
}

/** Directory records keyed by the file offset of their item tag (offsets count from the first byte of the file). */
function recordsByOffset(dir: dicomParser.DataSet): Map<number, Rec> {
  const map = new Map<number, Rec>();
  for (const item of dir.elements.x00041220!.items!) {
    const ds = item.dataSet!;
    map.set(item.dataOffset - 8, { type: ds.string('x00041430')!, next: ds.uint32('x00041400')!, lower: ds.uint32('x00041420')!, item: ds });
  }
  return map;
}

function siblings(map: Map<number, Rec>, first: number): Rec[] {
  const out: Rec[] = [];
  for (let o = first; o !== 0; ) {
    const r = map.get(o);
    if (!r) throw new Error(`offset ${o} points at no directory record`);
    out.push(r);
    o = r.next;
  }
  return out;
}

describe('DICOMDIR (PS3.3 F, PS3.10)', () => {
  const root = mkdtempSync(join(tmpdir(), 'coro-dicomdir-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ['anatomical file order', undefined],
    ['shuffled file names', 7],
  ])('links PATIENT → STUDY → SERIES → IMAGE and references every image (%s)', async (_n, shuffleSeed) => {
    const vol = fakeVolume([16, 12, 9]);
    const folder = join(root, `s${shuffleSeed ?? 0}`);
    const written = await writeVolumeAsDicomSeries(vol, folder, { transferSyntax: 'jpeg-ls', shuffleSeed, header: { caseId: 'CORO-09' } });
    expect(written.dicomdirPath).toBe(join(folder, 'DICOMDIR'));
    const bytes = new Uint8Array(readFileSync(written.dicomdirPath!));
    const dir = dicomParser.parseDicom(bytes);
    expect(dir.string('x00020002')).toBe('1.2.840.10008.1.3.10');
    expect(dir.string('x00020010')).toBe('1.2.840.10008.1.2.1');
    expect(dir.uint32('x00020000')).toBeGreaterThan(0);
    const map = recordsByOffset(dir);
    const roots = siblings(map, dir.uint32('x00041200')!);
    expect(roots.map((r) => r.type)).toEqual(['PATIENT']);
    expect(map.get(dir.uint32('x00041202')!)).toBe(roots[0]);
    expect(roots[0]!.item.string('x00100020')).toBe('CORO-09');
    const studies = siblings(map, roots[0]!.lower);
    expect(studies.map((r) => r.type)).toEqual(['STUDY']);
    expect(studies[0]!.item.string('x0020000d')).toBe(written.uids.studyInstanceUid);
    const series = siblings(map, studies[0]!.lower);
    expect(series.map((r) => r.type)).toEqual(['SERIES']);
    expect(series[0]!.item.string('x0020000e')).toBe(written.uids.seriesInstanceUid);
    const images = siblings(map, series[0]!.lower);
    expect(images).toHaveLength(vol.dimensions[2]);
    expect(map.size).toBe(3 + images.length);

    const referenced = new Set<string>();
    for (const im of images) {
      expect(im.type).toBe('IMAGE');
      expect(im.lower).toBe(0);
      const fileId = im.item.string('x00041500')!.split('\\');
      expect(() => checkFileId(fileId)).not.toThrow();
      const path = join(folder, ...fileId);
      expect(existsSync(path)).toBe(true);
      const file = dicomParser.parseDicom(new Uint8Array(readFileSync(path)), { untilTag: 'x7fe00010' });
      expect(file.string('x00080018')).toBe(im.item.string('x00041511'));
      expect(file.string('x00080016')).toBe(im.item.string('x00041510'));
      expect(file.string('x00020010')).toBe(im.item.string('x00041512'));
      expect(file.string('x00200013')).toBe(im.item.string('x00200013'));
      referenced.add(path);
    }
    expect([...referenced].sort()).toEqual([...written.files].sort());
  });

  it('refuses File IDs that PS3.10 forbids', () => {
    expect(() => checkFileId(['DICOM', 'im000001'])).toThrow(/IM|A–Z/);
    expect(() => checkFileId(['DICOM', 'IM0000001'])).toThrow(/8 characters/);
    expect(() => checkFileId(['DICOM', 'IM-1'])).toThrow();
    expect(() => checkFileId(['DICOM', 'PAT00001', 'ST000001', 'SE000001', 'IM000001'])).not.toThrow();
  });
});
