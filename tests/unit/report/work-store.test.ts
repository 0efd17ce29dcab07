// Saved work in a key-value store (a Map stands for IndexedDB): hostile imports never lose saved work; an oversized
// import file is refused from its size before it is read.
import { describe, expect, it } from 'vitest';
import { exportWork, newWork, type SavedWork } from '../../../src/report/saved-work.ts';
import { WorkError } from '../../../src/report/work-errors.ts';
import { MAX_WORK_BYTES } from '../../../src/report/saved-work.ts';
import { importIntoStore, loadPreviousWork, loadWork, readImportFile, saveWork, type KeyValueStore } from '../../../src/report/work-store.ts';

const UID = '1.2.840.1';
function mapStore(): KeyValueStore & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return { map, get: async (k) => map.get(k), set: async (k, v) => void map.set(k, v), del: async (k) => void map.delete(k) };
}
const work = (freeText: string): SavedWork => ({
  ...newWork(UID, { now: new Date(0) }),
  vessels: [{ name: 'RCA', waypointsLps: [[0, 0, 0], [1, 1, 1]], segmentBoundaries: [], lesions: [{ segment: 2, diameterStenosisPct: 40 }], edits: [] }],
  report: { overrides: { freeText } },
});

describe('work store', () => {
  it('saves and reloads by StudyInstanceUID', async () => {
    const s = mapStore();
    expect(await loadWork(s, UID)).toBeNull();
    await saveWork(s, work('a'));
    expect(await loadWork(s, UID)).toEqual(work('a'));
  });
  it('hostile or wrong imports leave the saved work untouched', async () => {
    const s = mapStore();
    await saveWork(s, work('mine'));
    const before = new Map(s.map);
    const bad = [
      'not json',
      JSON.stringify({ ...JSON.parse(exportWork(work('x'))), version: 99 }),
      exportWork({ ...work('x'), studyInstanceUid: '1.2.9' }),
      new Uint8Array(50 * 1024 * 1024),
      exportWork(work('x')).replace('"answerKey"', '"onload": "alert(1)", "answerKey"'),
    ];
    for (const b of bad) await expect(importIntoStore(s, b, UID)).rejects.toBeInstanceOf(WorkError);
    expect(s.map).toEqual(before);
    expect((await loadWork(s, UID))?.report.overrides?.freeText).toBe('mine');
  });
  it('a good import keeps the replaced work as the previous version', async () => {
    const s = mapStore();
    await saveWork(s, work('mine'));
    await importIntoStore(s, exportWork(work('<script>x</script>')), UID);
    expect((await loadWork(s, UID))?.report.overrides?.freeText).toBe('<script>x</script>');
    expect((await loadPreviousWork(s, UID))?.report.overrides?.freeText).toBe('mine');
  });
  it('a file over the limit is refused from its size, before it is read', async () => {
    let reads = 0;
    const file = (size: number) => ({ size, arrayBuffer: async () => { reads++; return new ArrayBuffer(Math.min(size, 16)); } });
    const huge = readImportFile(file(50 * 1024 * 1024));
    await expect(huge).rejects.toBeInstanceOf(WorkError);
    await expect(huge).rejects.toMatchObject({ code: 'work-too-large', params: { bytes: 50 * 1024 * 1024, maxBytes: MAX_WORK_BYTES } });
    await expect(readImportFile(file(Number.NaN))).rejects.toBeInstanceOf(WorkError);
    expect(reads).toBe(0);
    expect((await readImportFile(file(MAX_WORK_BYTES))).byteLength).toBe(16);
    expect(reads).toBe(1);
    // the browser's File (Node 20 has one): the size check needs no read
    const real = await readImportFile(new File(['{"a":1}'], 'w.json'));
    expect(new TextDecoder().decode(real)).toBe('{"a":1}');
    await expect(readImportFile(new File(['0123456789'], 'w.json'), 9)).rejects.toMatchObject({ code: 'work-too-large' });
  });
});
