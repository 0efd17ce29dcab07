// The vessel view's CPR job scheduling (src/viewer/vessel/panel-jobs.ts) with a fake compute pool and a fake
// panel whose frames are drawn when the test says so: during a rotation drag the kernels must run at the rate
// the page draws (one job computing, one image waiting, one being drawn), never one job per mouse move, and the
// last image shown must be the last angle asked for.
import { describe, expect, it } from 'vitest';
import { createPanelJobs, type PanelJobsState } from '../../../../src/viewer/vessel/panel-jobs.ts';
import type { ComputePool } from '../../../../src/compute/pool.ts';
import type { CprOptions, CprResult } from '../../../../src/kernels/views.ts';
import type { ImagePanel, PanelImage } from '../../../../src/viewer/vessel/image-panel.ts';

const tick = () => new Promise<void>((r) => setTimeout(r, 0));

function harness() {
  const jobs: { o: CprOptions; resolve: (r: CprResult) => void }[] = [];
  const run = (o: CprOptions) => new Promise<CprResult>((resolve) => jobs.push({ o, resolve }));
  const shown: number[] = [];
  const frames: (() => void)[] = [];
  const panel = {
    show: async (img: PanelImage) => { shown.push(img.data[0]!); },
    drawn: () => new Promise<void>((r) => frames.push(r)),
  } as unknown as ImagePanel;
  const state: PanelJobsState = { mode: 'straightened', angleDeg: 0, cursorIndex: 0, lastCpr: undefined, lastSection: undefined, sectionIndex: undefined, cprFrames: 0, lastCprMs: undefined };
  const pool = { cpr: (o: CprOptions) => run(o) } as unknown as ComputePool;
  const flat = new Float32Array([0, 0, 0, 0, 0, 10]);
  const j = createPanelJobs({
    key: 'test', pool, cpr: panel, section: panel, state,
    centreline: () => ({ flatLps: flat, arcAt: (q: number) => q * 10, sections: 2 }),
    takeClickT0: () => undefined, emit: () => {},
  });
  /** the result of a job: its angle (degrees) in the first pixel */
  const result = (o: CprOptions): CprResult => ({ data: new Float32Array([Math.round(((o.angleRad ?? 0) * 180) / Math.PI), 0]), width: 1, height: 2, colSpacingMm: 0.2, rowSpacingMm: 0.25 } as unknown as CprResult);
  return { j, jobs, shown, frames, state, result };
}

describe('CPR jobs during a rotation drag', () => {
  it('computes at the drawing rate: 60 moves while 5 frames are drawn start at most 5 + 2 jobs, and the last angle is shown', async () => {
    const h = harness();
    let started = 0;
    for (let move = 1; move <= 60; move++) {
      h.state.angleDeg = move;
      h.j.requestCpr();
      await tick();
      // the pool answers every job at once; the page draws a frame every 12 moves
      while (started < h.jobs.length) { const job = h.jobs[started++]!; job.resolve(h.result(job.o)); await tick(); }
      if (move % 12 === 0) { h.frames.shift()?.(); await tick(); }
    }
    expect(h.jobs.length).toBeLessThanOrEqual(5 + 2);
    // the drag ends: frames are drawn until nothing is left to compute or show
    for (let k = 0; k < 10; k++) {
      while (started < h.jobs.length) { const job = h.jobs[started++]!; job.resolve(h.result(job.o)); await tick(); }
      h.frames.shift()?.();
      await tick();
    }
    expect(h.shown.at(-1)).toBe(60);
    expect(h.state.cprFrames).toBe(h.shown.length);
  });

  it('a slow page never holds more than one computed image: no job starts while an image waits to be shown', async () => {
    const h = harness();
    h.state.angleDeg = 1;
    h.j.requestCpr();
    h.jobs[0]!.resolve(h.result(h.jobs[0]!.o)); // shown, waiting to be drawn
    await tick();
    h.state.angleDeg = 2;
    h.j.requestCpr();
    await tick();
    expect(h.jobs.length).toBe(2); // computing while frame 1 is drawn
    h.jobs[1]!.resolve(h.result(h.jobs[1]!.o)); // computed, waits for frame 1
    await tick();
    for (let a = 3; a < 20; a++) { h.state.angleDeg = a; h.j.requestCpr(); await tick(); }
    expect(h.jobs.length).toBe(2);
    h.frames.shift()!(); // frame 1 drawn: image 2 is shown, and the newest angle starts computing
    await tick();
    expect(h.shown).toEqual([1, 2]);
    expect(h.jobs.length).toBe(3);
    expect(Math.round(((h.jobs[2]!.o.angleRad ?? 0) * 180) / Math.PI)).toBe(19);
  });
});

describe('cross-section request after the vessel changed', () => {
  it('clamps a cursor index beyond the selected vessel to its last section (a 14.8 mm LM after a longer LAD)', async () => {
    const asked: number[][] = [];
    const pool = {
      crossSections: (o: { arcMm: number[] }) => { asked.push(o.arcMm); return new Promise(() => {}); },
    } as unknown as ComputePool;
    const panel = { show: async () => {}, drawn: async () => {} } as unknown as ImagePanel;
    // cursor left at section 60 (15 mm at 0.25 mm) by the previous vessel; the LM has 60 sections, 0 … 14.75 mm
    const state: PanelJobsState = { mode: 'straightened', angleDeg: 0, cursorIndex: 60, lastCpr: undefined, lastSection: undefined, sectionIndex: undefined, cprFrames: 0, lastCprMs: undefined };
    const j = createPanelJobs({
      key: 'lm', pool, cpr: panel, section: panel, state,
      centreline: () => ({ flatLps: new Float32Array([0, 0, 0, 0, 0, 14.75]), arcAt: (q: number) => q * 0.25, sections: 60 }),
      takeClickT0: () => undefined, emit: () => {},
    });
    j.requestSection();
    state.cursorIndex = -3;
    j.requestSection();
    await tick();
    expect(asked).toEqual([[14.75], [0]]);
  });
});
