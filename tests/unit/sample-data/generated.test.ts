// The generated training studies (sample-data/out/, made by `npm run sample-data` when missing) are laid out as
// the course sends them: index.json, a patient folder per case with a DICOMDIR referencing every image, the
// transfer syntax and pixel storage of each case, truth.json beside the study, a zip of the folder without it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import dicomParser from 'dicom-parser';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureStudies, studiesRoot, type StudyIndexEntry } from '../../helpers/studies';
import { checkFileId } from '../../../sample-data/dicom/dicomdir';
import { readSlice } from './helpers';

const EXPECTED: Record<string, { ts: string; signed: boolean; intercept: number }> = {
  cas1: { ts: '1.2.840.10008.1.2.1', signed: false, intercept: -1024 },
  cas2: { ts: '1.2.840.10008.1.2.4.80', signed: true, intercept: 0 },
  cas3: { ts: '1.2.840.10008.1.2.4.201', signed: true, intercept: 0 },
};

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

describe('generated training studies', () => {
  let studies: StudyIndexEntry[] = [];
  beforeAll(() => {
    studies = ensureStudies();
  });

  it('index.json lists Cas 1–3 with folder, zip and truth paths', () => {
    expect(studies.map((s) => [s.id, s.name, s.folder, s.zip, s.truth])).toEqual([
      ['cas1', 'Cas 1', 'cas1', 'cas1.zip', 'cas1/truth.json'],
      ['cas2', 'Cas 2', 'cas2', 'cas2.zip', 'cas2/truth.json'],
      ['cas3', 'Cas 3', 'cas3', 'cas3.zip', 'cas3/truth.json'],
    ]);
    for (const s of studies) {
      expect(s.description.length).toBeGreaterThan(10);
      expect(s.imageCount).toBeGreaterThanOrEqual(240);
    }
  });

  it.each(['cas1', 'cas2', 'cas3'])('%s: the DICOMDIR references exactly the image files, in the case\'s syntax', async (id) => {
    const s = studies.find((x) => x.id === id)!;
    const folder = join(studiesRoot, s.folder);
    const dir = dicomParser.parseDicom(new Uint8Array(readFileSync(join(folder, 'DICOMDIR'))));
    expect(dir.string('x00020002')).toBe('1.2.840.10008.1.3.10');
    const records = dir.elements.x00041220!.items!.map((it) => it.dataSet!);
    expect(records.slice(0, 3).map((r) => r.string('x00041430'))).toEqual(['PATIENT', 'STUDY', 'SERIES']);
    const images = records.filter((r) => r.string('x00041430') === 'IMAGE');
    expect(images).toHaveLength(s.imageCount);
    const referenced = images.map((r) => {
      const id = r.string('x00041500')!.split('\\');
      checkFileId(id);
      expect(r.string('x00041512')).toBe(EXPECTED[s.id]!.ts);
      return join(folder, ...id);
    });
    const onDisk = listFiles(join(folder, 'DICOM'));
    expect([...referenced].sort()).toEqual(onDisk.sort());
    expect(existsSync(join(studiesRoot, s.truth))).toBe(true);

    // first, middle and last file decode to plausible CT values with the case's storage
    for (const path of [referenced[0]!, referenced[Math.floor(referenced.length / 2)]!, referenced.at(-1)!]) {
      const slice = await readSlice(new Uint8Array(readFileSync(path)));
      expect(slice.transferSyntaxUid).toBe(EXPECTED[s.id]!.ts);
      expect(slice.ds.uint16('x00280103')).toBe(EXPECTED[s.id]!.signed ? 1 : 0);
      expect(slice.ds.floatString('x00281052')).toBe(EXPECTED[s.id]!.intercept);
      expect([slice.rows, slice.columns]).toEqual([512, 512]);
      let min = Infinity;
      let max = -Infinity;
      for (const v of slice.hu) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      expect(min).toBeLessThan(-500); // air or lung in every axial slice of a thorax
      expect(max).toBeGreaterThan(200); // contrast-filled blood or bone
    }
  });

  it.each(['cas1', 'cas2', 'cas3'])('%s.zip holds DICOMDIR + DICOM/ and not the truth', (id) => {
    const s = studies.find((x) => x.id === id)!;
    const names: string[] = [];
    unzipSync(new Uint8Array(readFileSync(join(studiesRoot, s.zip))), {
      filter: (f) => {
        names.push(f.name);
        return f.name === 'DICOMDIR';
      },
    });
    const folder = join(studiesRoot, s.folder);
    const expected = listFiles(folder)
      .map((p) => relative(folder, p).split('\\').join('/'))
      .filter((p) => p !== 'truth.json');
    expect(names[0]).toBe('DICOMDIR');
    expect(names.sort()).toEqual(expected.sort());
  });
});
