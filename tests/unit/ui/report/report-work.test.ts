// The report's saved work (src/ui/report/report-work.ts) without a browser: an in-memory key-value store, the
// app events, a real study session and a fake vessel view. A study whose work was saved comes back once its
// volume is in the workers (vessels, name, reference and the reader's grade), the view is asked to measure and
// show them; edits in the session are saved once after a burst; closing forgets the study and saves nothing more.
import { studyByUid } from '../../../../src/report/study-header.ts';
import { describe, expect, it } from 'vitest';
import { saveWork, loadWork, type KeyValueStore } from '../../../../src/report/work-store.ts';
import { createStudySession } from '../../../../src/study/session.ts';
import { gradeKey, workFromState, emptyReportState } from '../../../../src/study/work-model.ts';
import { createReportWork } from '../../../../src/ui/report/report-work.ts';
import { AppEvents } from '../../../../src/viewer/events.ts';

const UID = '1.2.826.0.1.3680043.8.498.13';

function memoryStore(): KeyValueStore & { writes: number } {
  const m = new Map<string, unknown>();
  const s = {
    writes: 0,
    get: async (k: string) => m.get(k),
    set: async (k: string, v: unknown) => { s.writes++; m.set(k, v); },
    del: async (k: string) => { m.delete(k); },
  };
  return s;
}

/** A saved work with one LAD (three points, a user reference) and a grade of segment 7. */
async function savedStudy(store: KeyValueStore): Promise<void> {
  const s = createStudySession();
  s.open('S', Promise.resolve());
  const v = s.vessels.add('S', [0, 0, 0]);
  s.vessels.setPoints(v.id, [[0, 0, 0], [0, 5, 20], [0, 10, 60]]);
  s.vessels.rename(v.id, 'LAD');
  s.vessels.setReference(v.id, [4, 30]);
  const state = { ...emptyReportState(), grades: { [gradeKey('LAD', 7)]: 70 }, freeText: 'note' };
  await saveWork(store, workFromState(UID, s.snapshots(), state, null));
}

function harness(store: KeyValueStore) {
  const session = createStudySession();
  const events = new AppEvents();
  const calls: string[] = [];
  const messages: string[] = [];
  const work = createReportWork({
    session, events, store, lang: () => 'en',
    view: { measureStudy: () => calls.push('measure'), select: (id) => calls.push(`select ${id}`), setCursor: () => {}, onChange: () => () => {} },
    studyInfo: () => ({ studyInstanceUid: UID, source: studyByUid(UID), technique: {} }),
    message: (t, kind) => messages.push(`${kind}: ${t('en')}`),
    saved: (w) => calls.push(w ? `saved ${w.vessels.length}` : 'cleared'),
    render: () => calls.push('render'),
  });
  return { session, events, work, calls, messages };
}

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('report saved work', () => {
  it('restores a saved study once its volume is in the workers, then saves a burst of edits once', async () => {
    const store = memoryStore();
    await savedStudy(store);
    const h = harness(store);
    h.events.emit('firstImage', { ms: 1 });
    let volumeIn!: () => void;
    h.session.open('S', new Promise<void>((r) => { volumeIn = r; }));
    await wait(10);
    expect(h.session.vessels.list('S')).toEqual([]); // nothing before the volume is in
    volumeIn();
    await wait(10);
    const [v] = h.session.vessels.list('S');
    expect(v?.name).toBe('LAD');
    expect(v?.pointsLps).toEqual([[0, 0, 0], [0, 5, 20], [0, 10, 60]]);
    expect(v?.referenceSMm).toEqual([4, 30]);
    expect(h.session.report.grades[gradeKey('LAD', 7)]).toBe(70);
    expect(h.session.report.freeText).toBe('note');
    expect(h.calls).toEqual(['measure', `select ${v!.id}`, 'render']);
    expect(h.messages).toEqual(['info: Work restored (1 vessel(s)).']);
    expect(h.work.current()?.work.vessels[0]?.name).toBe('LAD');

    // three edits in a burst: one save after the quiet delay, with the edit in it
    h.calls.length = 0;
    h.session.report.freeText = 'a';
    h.session.reportEdited();
    h.session.report.freeText = 'ab';
    h.session.reportEdited();
    h.session.vessels.setReference(v!.id, [5, 31]);
    await wait(600);
    expect(h.calls.filter((c) => c.startsWith('saved'))).toEqual(['saved 1']);
    const back = await loadWork(store, UID);
    expect(back?.report.overrides?.freeText).toBe('ab');
    expect(back?.vessels[0]?.referenceSMm).toEqual([5, 31]);
  });

  it('closing the study forgets it: the session closes and later edits are not saved', async () => {
    const store = memoryStore();
    const h = harness(store);
    h.events.emit('firstImage', { ms: 1 });
    h.session.open('S', Promise.resolve());
    await wait(10);
    expect(h.work.info?.studyInstanceUid).toBe(UID);
    h.events.emit('closed', {});
    expect(h.session.studyKey).toBeUndefined();
    expect(h.work.info).toBeUndefined();
    expect(h.calls).toContain('cleared');
    h.session.reportEdited();
    await wait(600);
    expect(store.writes).toBe(0);
  });
});
