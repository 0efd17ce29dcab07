// Saving work into a browser store that is full: a fake key-value store with a byte quota throws IndexedDB's
// QuotaExceededError (a DOMException, as idb-keyval's set rejects) once a write would pass it. The save fails with
// a clear FR/EN message and the work saved before stays readable, byte for byte.
import { describe, expect, it } from 'vitest';
import { exportWork, newWork, type SavedWork } from '../../../src/report/saved-work.ts';
import { isWorkError, workMessage } from '../../../src/report/work-errors.ts';
import { isQuotaExceeded, loadWork, saveWork, type KeyValueStore } from '../../../src/report/work-store.ts';

const UID = '1.2.840.77';
/** Values held as JSON text; a write that would bring the total over `quotaBytes` is refused whole. */
function quotaStore(quotaBytes: number): KeyValueStore & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  const size = (m: Map<string, unknown>) => [...m.values()].reduce<number>((n, v) => n + String(v).length, 0);
  return {
    map,
    get: async (k) => map.get(k),
    set: async (k, v) => {
      const next = new Map(map).set(k, v);
      if (size(next) > quotaBytes) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      map.set(k, v);
    },
    del: async (k) => void map.delete(k),
  };
}
const work = (freeText: string): SavedWork => ({ ...newWork(UID, { now: new Date(0) }), report: { overrides: { freeText } } });

describe('work store when the browser storage is full', () => {
  it('refuses the save with a clear message and keeps the saved work intact', async () => {
    const first = work('first reading');
    const store = quotaStore(exportWork(first).length + 100);
    await saveWork(store, first);
    const before = new Map(store.map);
    const bigger = work('x'.repeat(5000));
    const err = await saveWork(store, bigger).then(() => undefined, (e: unknown) => e);
    expect(isWorkError(err) && err.code).toBe('work-storage-full');
    if (!isWorkError(err)) return;
    expect(workMessage(err.code, err.params, 'fr')).toMatch(/Stockage du navigateur plein.*intacte.*exportez le travail/);
    expect(workMessage(err.code, err.params, 'en')).toMatch(/storage is full.*intact.*export the work/);
    expect(store.map).toEqual(before);
    expect(await loadWork(store, UID)).toEqual(first);
  });

  it('recognises the quota error forms browsers throw', () => {
    expect(isQuotaExceeded(new DOMException('q', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaExceeded({ name: 'Error', code: 22 })).toBe(true);
    expect(isQuotaExceeded(new DOMException('gone', 'InvalidStateError'))).toBe(false);
    expect(isQuotaExceeded(new Error('disk'))).toBe(false);
  });

  it('lets other store failures through unchanged', async () => {
    const store = quotaStore(1e9);
    store.set = async () => { throw new DOMException('closed', 'InvalidStateError'); };
    await expect(saveWork(store, work('a'))).rejects.toMatchObject({ name: 'InvalidStateError' });
  });
});
