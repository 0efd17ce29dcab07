// Class review intake: keys and readings dropped together, any order; malformed, duplicated and other-study
// readings refused with the file named; SR readings read like the JSON they were exported from.
import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { exportSr } from '../../../src/report/sr.ts';
import { classReview, type ReviewFile } from '../../../src/review/intake.ts';
import { keyWithCentrelines, learnerExport } from '../../../src/review/learner-export.ts';
import { mergePanel } from '../../../src/review/panel.ts';
import { caseAnswerOf, parseLabel, readReading } from '../../../src/review/reading.ts';
import { A, B, C, E1, E2, E3, OTHER_UID, bytesOf, work } from './fixtures.ts';

const srOf = (w: typeof C, pseudonym?: string) =>
  exportSr({ studyInstanceUid: w.studyInstanceUid, vessels: w.vessels, label: caseAnswerOf(w).label, caseName: 'Cas 9', ...(pseudonym ? { pseudonym } : {}) });

const files: ReviewFile[] = [
  { name: 'key-e1.json', bytes: bytesOf(E1) },
  { name: 'key-e2.json', bytes: bytesOf(E2) },
  { name: 'key-e3.json', bytes: bytesOf(E3) },
  { name: 'a.json', bytes: bytesOf(A) },
  { name: 'b.json', bytes: bytesOf(B) },
  { name: 'c.dcm', bytes: srOf(C, 'cleo') },
  { name: 'z-copy-of-a.json', bytes: bytesOf(A) },
  { name: 'd-c-again.json', bytes: bytesOf({ ...C, pseudonym: 'Cleo' }) },
  { name: 'other.json', bytes: bytesOf(work([], { uid: OTHER_UID, caseName: 'Cas 8' })) },
  { name: 'broken.json', bytes: new TextEncoder().encode('{"schema": "coroscanner-work", ') },
  { name: 'random.dcm', bytes: new Uint8Array(300).fill(7) },
];

describe('classReview', () => {
  const r = classReview(files);
  it('one case from the three keys and three readings', () => {
    expect(r.cases).toHaveLength(1);
    expect(r.keyFiles).toBe(3);
    expect(r.cases[0]!.learners.map((l) => l.file)).toEqual(['a.json', 'b.json', 'c.dcm']);
    expect(r.cases[0]!.learners.map((l) => Math.round(l.concordance))).toEqual([90, 40, 80]);
  });
  it('refusals name the file and the reason', () => {
    expect(r.refused.map((x) => [x.file, x.code])).toEqual([
      ['broken.json', 'malformed'], ['d-c-again.json', 'duplicate'], ['other.json', 'other-study'], ['random.dcm', 'malformed'], ['z-copy-of-a.json', 'duplicate'],
    ]);
    expect(r.refused.find((x) => x.file === 'd-c-again.json')!.params.first).toBe('c.dcm');
    expect(r.refused.find((x) => x.file === 'z-copy-of-a.json')!.params.first).toBe('a.json');
    expect(r.refused.find((x) => x.file === 'other.json')!.params.study).toBe('Cas 8');
    expect(r.refused.find((x) => x.file === 'broken.json')!.cause?.code).toBe('work-not-json');
  });
  it('does not depend on the drop order', () => {
    const shuffled = classReview([...files].reverse());
    expect(shuffled.refused).toEqual(r.refused);
    expect(shuffled.cases[0]!.learners.map((l) => [l.file, l.concordance, l.comparison])).toEqual(r.cases[0]!.learners.map((l) => [l.file, l.concordance, l.comparison]));
  });
  it('no key: every reading is refused as another study', () => {
    const none = classReview(files.filter((f) => !f.name.startsWith('key')));
    expect(none.cases).toHaveLength(0);
    expect(none.refused.filter((x) => x.code === 'other-study').map((x) => x.file)).toEqual(['a.json', 'b.json', 'c.dcm', 'd-c-again.json', 'other.json']);
  });
});

describe('readings', () => {
  it('an SR gives the same answers as its JSON, with the case and pseudonym', () => {
    const sr = readReading('c.dcm', srOf(C, 'cleo'));
    const js = readReading('c.json', bytesOf(C));
    expect(sr.format).toBe('sr');
    expect(sr.answer).toEqual(js.answer);
    expect(sr.work.pseudonym).toBe('cleo');
    expect(sr.work.caseName).toBe('Cas 9');
  });
  it('parses labels and refuses nonsense', () => {
    expect(parseLabel('CAD-RADS 4A/P2/HRP')).toEqual({ category: '4A', plaqueBurden: 'P2', modifiers: ['HRP'] });
    expect(parseLabel('CAD-RADS 0')).toEqual({ category: '0', plaqueBurden: null, modifiers: [] });
    expect(parseLabel('CAD-RADS 7')).toBeNull();
    expect(parseLabel('CAD-RADS 2/X')).toBeNull();
  });
});

describe('learner export', () => {
  it('the SR carries the case and pseudonym and no patient or reader identity', () => {
    const bytes = srOf(C, 'cleo');
    const { DicomMessage, DicomMetaDictionary } = dcmjs.data;
    const ds = DicomMetaDictionary.naturalizeDataset(DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer).dict) as Record<string, unknown>;
    for (const k of ['PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex', 'ReferringPhysicianName', 'AccessionNumber']) {
      expect(ds[k] ?? '', k).toSatisfy((v: unknown) => v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.values(v).every((x) => !x)));
    }
    const text = new TextDecoder('latin1').decode(bytes);
    expect(text).toContain('Cas 9');
    expect(text).toContain('cleo');
  });
  it('learnerExport names the case, keeps a chosen pseudonym and drops the author', () => {
    const w = learnerExport({ ...C, author: 'Dr Jean Dupont', pseudonym: 'old' }, { caseName: ' Cas 9 ', pseudonym: '  ' });
    expect([w.caseName, w.pseudonym, w.author]).toEqual(['Cas 9', undefined, undefined]);
    expect(JSON.stringify(w)).not.toContain('Dupont');
    expect(learnerExport(C, { pseudonym: 'cleo' }).pseudonym).toBe('cleo');
  });
  it('a key saved with its centrelines places lesions at their MLD arc length', () => {
    // a quarter circle of radius 40 mm in the x-y plane, a point every 0.1 mm of arc: the waypoint chord would
    // put the lesion elsewhere
    const stepMm = 0.1;
    const n = Math.round((Math.PI / 2) * 40 / stepMm);
    const pointsLps = Array.from({ length: n + 1 }, (_, i) => [40 * Math.cos((i * stepMm) / 40), 40 * Math.sin((i * stepMm) / 40), 0] as [number, number, number]);
    const lad = E1.vessels.find((v) => v.name === 'LAD')!;
    const key = keyWithCentrelines(work([{ ...lad, lesions: [{ segment: 6, diameterStenosisPct: 75, positionMm: 31.4159 }] }], { key: true }), new Map([['LAD', { pointsLps, stepMm }]]));
    const saved = key.vessels[0]!.centrelineLps!;
    expect(saved.length).toBe(Math.floor(n / 5) + 1 + (n % 5 ? 1 : 0));
    const p = mergePanel([readReading('k.json', bytesOf(key)).work]).lesions[0]!.positionLps!;
    // 31.4159 mm of arc = 45°
    expect(Math.hypot(p[0] - 40 * Math.SQRT1_2, p[1] - 40 * Math.SQRT1_2, p[2])).toBeLessThan(0.02);
  });
  it('the JSON keeps caseName and pseudonym through export/import', () => {
    const w = readReading('x.json', bytesOf({ ...C, caseName: 'Cas 9', pseudonym: 'cleo' })).work;
    expect([w.caseName, w.pseudonym, w.author]).toEqual(['Cas 9', 'cleo', undefined]);
  });
});
