/**
 * The vessel workflow behind the UI: tracing on the MPR views, the vessel worker (centreline, lumen,
 * lesions), the compute pool (CPR and cross-section images, keyed so stale jobs are cancelled), the CPR and
 * cross-section Cornerstone viewports and the linked cursor. The UI (src/ui/vessel) renders from `state`
 * and `display()` after each `onChange`.
 */
import * as Comlink from 'comlink';
import { RenderingEngine, type Types } from '@cornerstonejs/core';
import { createComputePool, type ComputePool } from '../../compute/pool.ts';
import type { CprResult, CrossSectionsResult } from '../../kernels/views.ts';
import type { VesselAnalysis } from '../../vessel/analyse.ts';
import { fromTransferable } from '../../vessel/analysis-transfer.ts';
import type { Volume } from '../../volume/volume.ts';
import type { Mpr, MprViewId } from '../mpr.ts';
import { sectionFrameOf } from '../../vessel/contour.ts';
import { applyContourEdits, emptyEdits, plaqueAreasDelta, sectionPlaqueAreas, type ContourEdits } from './edits.ts';
import { createImagePanel, type ImagePanel } from './image-panel.ts';
import { createCentreline3d, type Centreline3d } from './centreline-3d.ts';
import { createPanelJobs, lpsToSectionImage, sectionImageToLps } from './panel-jobs.ts';
import { refreshSegmentProposals } from '../../study/segments.ts';

import { createMprTrace, type MprTrace } from './mpr-trace.ts';
import { insertWaypoint, type VesselRecord, type VesselStore } from '../../study/vessel-store.ts';
import type { StudySession } from '../../study/session.ts';
import { nearestIndex, normaliseDeg, type CprMode } from '../../study/vessel-view.ts';
import type { Lps } from '../../volume/volume.ts';
import type { TracedVessel, VesselWorkerApi, WorkerFailure } from '../../vessel/worker-api.ts';

export interface VesselDisplay {
  centrelineLps: Float32Array | undefined;
  /** the measurements shown and reported: the worker's analysis with the user's contour edits measured in */
  analysis: VesselAnalysis | undefined;
  /** the worker's analysis (no edits) */
  base: VesselAnalysis | undefined;
  traced: TracedVessel | undefined;
  /** user-edited lumen and outer wall contours by section index */
  edits: ContourEdits;
}

export interface VesselViewState {
  tracing: boolean;
  studyKey: string | undefined;
  mode: CprMode;
  angleDeg: number;
  cursorIndex: number;
  /** ms from the second click to the first CPR shown (provisional or final), last trace */
  lastCprMs: number | undefined;
  cprFrames: number;
  lastCpr: CprResult | undefined;
  lastSection: CrossSectionsResult | undefined;
  sectionIndex: number | undefined;
  /** CPR kernel: the WASM compute pool (default) or the TS reference in the vessel worker (bench comparison) */
  cprKernel: 'wasm' | 'ts';
  /** worker stage times of the last trace (ms) and the total from request to result */
  lastTraceMs: Record<string, number> | undefined;
}

export type ChangeKind = 'vessels' | 'analysis' | 'cursor' | 'cpr' | 'section' | 'contour';

export interface VesselController {
  readonly state: VesselViewState;
  readonly store: VesselStore;
  readonly cpr: ImagePanel;
  readonly section: ImagePanel;
  display(id: string): VesselDisplay | undefined;
  selected(): VesselRecord | undefined;
  setVolume(studyKey: string, volume: Volume): Promise<void>;
  /** measures the open study's traced vessels again with the volume already in the worker (no second copy) */
  measureStudy(): void;
  setTracing(on: boolean): void;
  setMode(mode: CprMode): void;
  setAngle(deg: number): void;
  setCursor(index: number, moveMpr?: boolean): void;
  setCprKernel(kernel: 'wasm' | 'ts'): void;
  select(id: string): void;
  remove(id: string): void;
  setReference(id: string, refSMm: [number, number] | undefined): Promise<void>;
  /** replaces the lumen (or outer wall) contour of a section of the selected vessel: the measurements follow */
  editContour(section: number, radii: Float32Array, which?: 'lumen' | 'outer'): void;
  cursorLps(): Lps | undefined;
  /** the selected vessel's segment borders were moved (the UI re-renders) */
  segmentsChanged(): void;
  /** true while the centrelines are drawn in the 3D view */
  centreline3dShown(): boolean;
  /** LPS → cross-section image space (mm from pixel (0, 0) along its columns and rows) and back */
  sectionToImage(lps: Lps): [number, number, number];
  sectionToLps(world: readonly [number, number, number]): Lps;
  onChange(fn: (kind: ChangeKind) => void): () => void;
  destroy(): void;
}

export interface ControllerDeps {
  readonly mpr: Mpr;
  readonly mprElements: Readonly<Record<MprViewId, HTMLDivElement>>;
  readonly cprElement: HTMLDivElement;
  readonly sectionElement: HTMLDivElement;
  /** error text for a failed trace (code from the vessel worker) */
  readonly failureText: (f: WorkerFailure) => string;
  /** the open study's session: the vessels and their measurements live there */
  readonly session: StudySession;
}

const isFailure = (x: TracedVessel | WorkerFailure): x is WorkerFailure => 'code' in x;

let controllerCounter = 0;

export function createVesselController(deps: ControllerDeps): VesselController {
  const n = ++controllerCounter;
  const session = deps.session;
  const store = session.vessels;
  const displays = new Map<string, VesselDisplay>();
  const listeners = new Set<(k: ChangeKind) => void>();
  const emit = (k: ChangeKind) => {
    if (k === 'vessels' || k === 'analysis') show3d();
    for (const fn of listeners) fn(k);
  };
  const state: VesselViewState = {
    tracing: false, studyKey: undefined, mode: 'straightened', angleDeg: 0, cursorIndex: 0, lastCprMs: undefined, cprFrames: 0,
    lastCpr: undefined, lastSection: undefined, sectionIndex: undefined, lastTraceMs: undefined, cprKernel: 'wasm',
  };
  const pool: ComputePool = createComputePool();
  const rawWorker = new Worker(new URL('../../../workers/vessel.worker.ts', import.meta.url), { type: 'module', name: 'vessel' });
  const worker = Comlink.wrap<VesselWorkerApi>(rawWorker);
  const engine = new RenderingEngine(`coro-vessel-engine-${n}`);
  // CPU-drawn panels: a frame is a table lookup into a 2D canvas, no WebGL render and read-back (image-panel.ts)
  const cpr = createImagePanel(engine, 'vessel-cpr', deps.cprElement, { lower: -200, upper: 600 }, 'cpu');
  const section = createImagePanel(engine, 'vessel-section', deps.sectionElement, { lower: -200, upper: 600 }, 'cpu');
  // the visible centrelines in the 3D view (when it is on)
  const lines3d: Centreline3d = createCentreline3d(deps.mpr.engine);
  const show3d = () => {
    const key = state.studyKey;
    lines3d.setLines((key ? store.list(key) : []).filter((v) => v.visible).flatMap((v) => {
      const c = displays.get(v.id)?.centrelineLps;
      return c ? [{ flatLps: c, selected: v.id === store.selectedId }] : [];
    }));
  };
  let volumeReady: Promise<void> = Promise.resolve();
  let traceToken = 0;
  let clickT0: number | undefined;

  const disp = (id: string): VesselDisplay => {
    let d = displays.get(id);
    if (!d) displays.set(id, (d = { centrelineLps: undefined, analysis: undefined, base: undefined, traced: undefined, edits: emptyEdits() }));
    return d;
  };
  // a vessel gone from the store (deleted, or replaced by a restore) leaves the views and the worker
  const offStore = store.events.on('changed', (e) => {
    if (store.get(e.id) || !displays.has(e.id)) return;
    displays.delete(e.id);
    void worker.forget(e.id);
  });
  const selected = () => (store.selectedId ? store.get(store.selectedId) : undefined);
  const selDisplay = () => (store.selectedId ? displays.get(store.selectedId) : undefined);
  const sectionCount = (d: VesselDisplay) => (d.analysis ? d.analysis.profile.length : (d.centrelineLps?.length ?? 0) / 3);
  const arcAt = (d: VesselDisplay, q: number) => d.analysis?.profile[q]?.sMm ?? q * 0.25;

  const jobs = createPanelJobs({
    key: `vessel-${n}`, pool, cprReference: (o) => worker.cprReference(o), cpr, section, state,
    centreline: () => {
      const d = selDisplay();
      return d?.centrelineLps ? { flatLps: d.centrelineLps, arcAt: (q) => arcAt(d, q), sections: sectionCount(d) } : undefined;
    },
    takeClickT0: () => { const t = clickT0; clickT0 = undefined; return t; },
    emit,
  });
  const requestCpr = () => jobs.requestCpr();
  const requestSection = () => jobs.requestSection();

  // --- tracing ---------------------------------------------------------------------------------------
  const runTrace = async (v: VesselRecord) => {
    if (v.pointsLps.length < 2) return;
    const token = ++traceToken;
    store.setStatus(v.id, 'analysing');
    const d = disp(v.id);
    d.edits = emptyEdits();
    emit('vessels');
    await volumeReady;
    const onCentreline = Comlink.proxy((flat: Float32Array) => {
      if (token !== traceToken) return;
      d.centrelineLps = flat;
      d.analysis = undefined;
      d.base = undefined;
      session.setAnalysis(v.id, undefined);
      state.cursorIndex = Math.min(state.cursorIndex, flat.length / 3 - 1);
      trace.redraw();
      if (store.selectedId === v.id) { requestCpr(); requestSection(); }
    });
    const tReq = performance.now();
    const out = await worker.trace({ id: v.id, pointsLps: v.pointsLps, referenceSMm: v.referenceSMm }, onCentreline);
    if (token !== traceToken && v.status !== 'analysing') return;
    if (isFailure(out)) {
      store.setStatus(v.id, 'failed', deps.failureText(out));
      emit('vessels');
      return;
    }
    state.lastTraceMs = { ...out.timingsMs, totalMs: performance.now() - tReq };
    applyTraced(v, out);
    const a = d.analysis!;
    const l = a.lesions[0];
    setCursor(l ? l.mlaIndex : Math.floor(a.profile.length / 2), false);
  };
  const applyTraced = (v: VesselRecord, t: TracedVessel) => {
    const d = disp(v.id);
    d.traced = t;
    d.base = fromTransferable(t.analysis);
    d.analysis = applyContourEdits(d.base, t, d.edits, v.referenceSMm);
    session.setAnalysis(v.id, d.analysis);
    const pts = d.analysis.centreline.pointsLps;
    const flat = new Float32Array(pts.length * 3);
    pts.forEach((p, q) => flat.set(p, q * 3));
    d.centrelineLps = flat;
    store.setStatus(v.id, 'ready');
    refreshSegments(v.studyKey);
    emit('vessels');
    emit('analysis');
    trace.redraw();
  };

  const trace: MprTrace = createMprTrace(deps.mpr, deps.mprElements, {
    startsNewVessel: () => startsNewVessel(),
    click(lps) {
      if (!state.studyKey) return;
      const v = selected();
      if (!v || startsNewVessel()) {
        newVesselNext = false;
        store.add(state.studyKey, lps);
        emit('vessels');
        trace.redraw();
        return;
      }
      store.setPoints(v.id, v.pointsLps.length < 2 ? [...v.pointsLps, lps] : insertWaypoint(v.pointsLps, lps));
      if (v.pointsLps.length === 2) clickT0 = performance.now();
      trace.redraw();
      void runTrace(v);
    },
    moved(id, index, lps) {
      const v = store.get(id);
      if (!v) return;
      store.setPoints(v.id, v.pointsLps.map((p, i) => (i === index ? lps : p)));
      trace.redraw();
      void runTrace(v);
    },
    cancel() {
      const v = selected();
      if (v && v.pointsLps.length < 2) remove(v.id);
      setTracing(false);
    },
    vessels: () => {
      if (!state.studyKey) return [];
      return store.list(state.studyKey).filter((v) => v.visible).map((v) => ({
        id: v.id, selected: v.id === store.selectedId, pointsLps: v.pointsLps, centrelineLps: displays.get(v.id)?.centrelineLps,
      }));
    },
    cursorLps: () => cursorLps(),
  });
  let newVesselNext = false;
  function startsNewVessel(): boolean {
    const v = selected();
    return !v || v.studyKey !== state.studyKey || (v.pointsLps.length >= 2 && newVesselNext);
  }
  /** measures every traced vessel of the open study again with the volume the worker already holds */
  function measureStudy(): void {
    const key = state.studyKey;
    if (!key) return;
    for (const v of store.list(key)) if (v.pointsLps.length >= 2) void runTrace(v);
    emit('vessels');
  }

  function cursorLps(): Lps | undefined {
    const d = selDisplay();
    const c = d?.centrelineLps;
    if (!c || !c.length) return undefined;
    const q = Math.max(0, Math.min(c.length / 3 - 1, state.cursorIndex));
    return [c[q * 3]!, c[q * 3 + 1]!, c[q * 3 + 2]!];
  }
  let mprFrame = 0;
  function setCursor(index: number, moveMpr = true) {
    const d = selDisplay();
    if (!d) return;
    const count = sectionCount(d);
    state.cursorIndex = Math.max(0, Math.min(count - 1, Math.round(index)));
    emit('cursor');
    requestSection();
    trace.redraw();
    if (moveMpr && !mprFrame) {
      mprFrame = requestAnimationFrame(() => {
        mprFrame = 0;
        const p = cursorLps();
        if (p) deps.mpr.setCrosshairCenter([p[0], p[1], p[2]] as Types.Point3);
      });
    }
  }
  /** A 2×2 CPR so the pool starts its worker and loads the volume before the first trace needs it (the
   *  pool retires idle workers after 30 s: entering trace mode warms it again). */
  let warmAtLps: readonly [number, number, number] | undefined;
  let warmCount = 0;
  function warmPool() {
    const o = warmAtLps;
    if (!o) return;
    const centrelineLps = Float32Array.of(o[0], o[1], o[2], o[0], o[1], o[2] + 1);
    void pool.cpr({ centrelineLps, mode: 'straightened', rows: 2, cols: 2, pixelMm: 1, angleRad: 0 }, { key: `vessel-warm-${++warmCount}` }).catch(() => {});
  }
  function setTracing(on: boolean) {
    if (on) warmPool();
    state.tracing = on;
    newVesselNext = on;
    trace.setActive(on);
    emit('vessels');
  }
  /** re-proposes the SCCT segments of a study's vessels (a vessel traced, named or deleted moves the landmarks) */
  function refreshSegments(studyKey: string) {
    refreshSegmentProposals(store, store.list(studyKey).map((r) => {
      const d = r.status === 'ready' ? displays.get(r.id) : undefined;
      return { record: r, pointsLps: d?.analysis?.centreline.pointsLps, imageBranchesMm: d?.base?.branchesMm };
    }));
  }
  function remove(id: string) {
    const key = store.get(id)?.studyKey;
    store.remove(id); // the store listener drops its display and the worker's copy
    if (key) refreshSegments(key);
    if (!store.selectedId) { state.lastCpr = undefined; state.lastSection = undefined; }
    trace.redraw();
    emit('vessels');
    emit('analysis');
  }

  // --- contour edits: the measurements follow (the chart and table re-render once per frame) ---------------
  let analysisFrame = 0;
  function editContour(q: number, radii: Float32Array, which: 'lumen' | 'outer' = 'lumen') {
    const v = selected();
    const d = selDisplay();
    const t = d?.traced;
    if (!v || !d || !t || !d.base || q < 0 || q >= d.base.profile.length) return;
    (which === 'lumen' ? d.edits.lumen : d.edits.outer).set(q, radii);
    const R = t.rays;
    const img = state.lastSection;
    if (img && state.sectionIndex === q) {
      // plaque change of this section on the displayed image: edited contours against the worker's
      const frame = sectionFrameOf(d.base, t, q);
      const lumen0 = t.radiiMm.subarray(q * R, (q + 1) * R), outer0 = t.outerMm.subarray(q * R, (q + 1) * R);
      const xs = { data: img.data, size: img.size, pixelMm: img.pixelMm, centreLps: img.centreLps, axisULps: img.axisULps, axisVLps: img.axisVLps };
      const after = sectionPlaqueAreas(xs, frame, d.edits.lumen.get(q) ?? lumen0, d.edits.outer.get(q) ?? outer0);
      d.edits.plaqueDelta.set(q, plaqueAreasDelta(after, sectionPlaqueAreas(xs, frame, lumen0, outer0)));
    }
    d.analysis = applyContourEdits(d.base, t, d.edits, v.referenceSMm);
    session.setAnalysis(v.id, d.analysis);
    emit('contour');
    if (!analysisFrame) analysisFrame = requestAnimationFrame(() => { analysisFrame = 0; emit('analysis'); });
  }

  return {
    state,
    store,
    cpr,
    section,
    display: (id) => displays.get(id),
    selected,
    async setVolume(studyKey, volume) {
      state.studyKey = studyKey;
      store.select(store.list(studyKey)[0]?.id);
      warmAtLps = volume.originLps;
      volumeReady = (async () => {
        await pool.setVolume(volume);
        warmPool();
        await worker.setVolume(volume);
      })();
      session.open(studyKey, volumeReady);
      await volumeReady;
      // vessels kept from an earlier visit of this study: measure them again in this worker
      measureStudy();
    },
    measureStudy,
    setTracing,
    setMode(mode) {
      state.mode = mode;
      requestCpr();
      emit('cpr');
    },
    setAngle(deg) {
      state.angleDeg = normaliseDeg(deg);
      requestCpr();
      emit('cpr');
    },
    setCursor,
    setCprKernel(kernel) {
      state.cprKernel = kernel;
      requestCpr();
    },
    select(id) {
      store.select(id);
      const key = store.get(id)?.studyKey;
      if (key) refreshSegments(key); // after a rename
      state.cursorIndex = 0;
      const d = displays.get(id);
      if (d?.analysis) state.cursorIndex = d.analysis.lesions[0]?.mlaIndex ?? Math.floor(d.analysis.profile.length / 2);
      requestCpr();
      requestSection();
      trace.redraw();
      emit('vessels');
      emit('analysis');
    },
    remove,
    async setReference(id, refSMm) {
      const v = store.get(id);
      if (!v) return;
      store.setReference(id, refSMm);
      const out = await worker.remeasure(id, refSMm);
      if (isFailure(out)) { store.setStatus(id, v.status, deps.failureText(out)); emit('vessels'); return; }
      applyTraced(v, out); // the edits are kept: same centreline, same sections
    },
    editContour,
    cursorLps,
    centreline3dShown: () => lines3d.shown(),
    segmentsChanged: () => emit('analysis'),
    sectionToImage: (p) => (state.lastSection ? lpsToSectionImage(state.lastSection, p) : [0, 0, 0]),
    sectionToLps: (w) => (state.lastSection ? sectionImageToLps(state.lastSection, w) : [0, 0, 0]),
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    destroy() {
      offStore();
      lines3d.destroy();
      trace.destroy();
      pool.dispose();
      worker[Comlink.releaseProxy]();
      rawWorker.terminate();
      cpr.destroy();
      section.destroy();
      engine.destroy();
    },
  };
}

export { nearestIndex };
