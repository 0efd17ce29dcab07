// The study session without DOM: the store's commands reach the report as typed events, the report reads the
// vessels and their measurements directly, and saving subscribes (one save after a burst of changes).
import { describe, expect, it, vi } from 'vitest';
import { subscribeAutosave } from '../../../src/study/autosave.ts';
import { createStudySession } from '../../../src/study/session.ts';
import type { VesselAnalysis } from '../../../src/vessel/analyse.ts';

const analysis = (lengthMm: number): VesselAnalysis => ({
  centreline: { pointsLps: [], stepMm: 0.25, lengthMm }, profile: [], lesions: [], maxDiameterStenosisPct: 0, warnings: [], branchesMm: [],
});

describe('study session', () => {
  it('emits the open study, its vessel changes and measurements; snapshots carry the measured length once ready', async () => {
    const s = createStudySession();
    const seen: string[] = [];
    s.events.on('study', (e) => seen.push(`study ${e.studyKey}`));
    s.events.on('vessels', (e) => seen.push(`vessels ${e.studyKey}`));
    s.events.on('analysis', (e) => seen.push(`analysis ${e.id}`));
    let done!: () => void;
    s.open('A', new Promise<void>((r) => { done = r; }));
    const v = s.vessels.add('A', [0, 0, 0]);
    s.vessels.add('B', [0, 0, 0]); // another study: no event for the open one
    s.vessels.setPoints(v.id, [[0, 0, 0], [0, 0, 9]]);
    s.vessels.rename(v.id, 'LAD');
    s.setAnalysis(v.id, analysis(42));
    expect(s.snapshots()[0]!.measured).toBeUndefined(); // still 'tracing'
    s.vessels.setStatus(v.id, 'ready');
    expect(s.snapshots()[0]!.measured?.lengthMm).toBe(42);
    expect(s.counts()).toEqual({ analysing: 0, unnamed: 0, proposed: 0, total: 1 });
    expect(seen).toEqual(['study A', 'vessels A', 'vessels A', 'vessels A', `analysis ${v.id}`, 'vessels A']);
    done();
    await expect(s.volumeReady()).resolves.toBeUndefined();
    s.vessels.remove(v.id);
    expect(s.analysis(v.id)).toBeUndefined();
  });

  it('saves once after a burst of changes, and not after the study is closed', () => {
    vi.useFakeTimers();
    try {
      const s = createStudySession();
      const save = vi.fn(async () => {});
      subscribeAutosave(s, save, 400);
      s.open('A', Promise.resolve());
      const v = s.vessels.add('A', [0, 0, 0]);
      s.vessels.setPoints(v.id, [[0, 0, 0], [1, 1, 1]]);
      s.report.grades['LAD:6'] = 70;
      s.reportEdited();
      vi.advanceTimersByTime(399);
      expect(save).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(save).toHaveBeenCalledTimes(1);
      s.vessels.rename(v.id, 'RCA');
      s.close();
      vi.advanceTimersByTime(1000);
      expect(save).toHaveBeenCalledTimes(1);
      expect(s.report.grades).toEqual({});
    } finally {
      vi.useRealTimers();
    }
  });
});
