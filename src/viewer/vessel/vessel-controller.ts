/**
 * The vessel workflow behind the UI, as a thin controller over injected parts: the study session (vessels and
 * their measurements), the vessel worker (traces as cancellable jobs, src/study/trace-jobs.ts), the compute
 * pool (CPR and cross-section images, panel-jobs.ts), the CPR and cross-section panels, the trace interaction
 * on the MPR views and the centrelines in 3D. vessel-runtime.ts builds the real parts; tests give fakes. The
 * UI (src/ui/vessel) renders from `state` and `display()` after each `onChange`.
 */
import type { VesselName } from '../../report/segments.ts';
import type { ComputePool } from '../../compute/pool.ts';
import type { CprResult, CrossSectionsResult } from '../../kernels/views.ts';
import type { StudySession } from '../../study/session.ts';
import { createTraceJobs, type TraceJobs, type TraceOutcome } from '../../study/trace-jobs.ts';
import { detectTree, type TreeDetectOutcome } from '../../study/tree-detect.ts';
import type { PackedTree, TreeProgressStage } from '../../tree/worker-api.ts';
import { createVesselMeasures, type VesselDisplay, type VesselMeasures } from '../../study/vessel-measures.ts';
import type { VesselRecord, VesselStore } from '../../study/vessel-store.ts';
import { normaliseDeg, type CprMode } from '../../study/vessel-view.ts';
import type { WorkerFailure } from '../../vessel/worker-api.ts';
import type { Lps, Volume } from '../../volume/volume.ts';
import type { Centreline3d } from './centreline-3d.ts';
import type { ImagePanel } from './image-panel.ts';
import type { MprTrace, MprTraceCallbacks } from './mpr-trace.ts';
import { createPanelJobs, lpsToSectionImage, sectionImageToLps } from './panel-jobs.ts';
import { createTraceInput, type TraceInput } from './trace-input.ts';
import type { VesselWorkerClient } from './vessel-worker-client.ts';

export type { VesselDisplay } from '../../study/vessel-measures.ts';

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
  /**
   * Finds the coronary tree of the open study (src/study/tree-detect.ts): its vessels are added as proposed
   * vessels and measured; the first one is selected. `signal` cancels the search.
   */
  findTree(onProgress: (stage: TreeProgressStage, fraction: number) => void, signal: AbortSignal): Promise<TreeDetectOutcome>;
  setTracing(on: boolean): void;
  setMode(mode: CprMode): void;
  setAngle(deg: number): void;
  setCursor(index: number, moveMpr?: boolean): void;
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
  /** the open study's session: the vessels and their measurements live there */
  readonly session: StudySession;
  readonly worker: VesselWorkerClient;
  readonly pool: ComputePool;
  readonly cpr: ImagePanel;
  readonly section: ImagePanel;
  /** the trace interaction on the MPR views, calling back the controller */
  readonly createTrace: (cb: MprTraceCallbacks) => MprTrace;
  readonly lines3d: Pick<Centreline3d, 'setLines' | 'shown'>;
  /** moves the MPR crosshair to the cursor */
  readonly moveCrosshair: (lps: Lps) => void;
  /** error text for a failed trace (code from the vessel worker) */
  readonly failureText: (f: WorkerFailure) => string;
  /** runs `fn` before the next frame is drawn (requestAnimationFrame in the page) */
  readonly nextFrame: (fn: () => void) => void;
  /** names this controller's pool jobs (a newer job of the same key replaces a queued one) */
  readonly jobKey: string;
  /** the tree search in a worker (src/viewer/vessel/tree-worker-client.ts); absent: no detection */
  readonly searchTree?: (volume: Volume, onProgress: (stage: TreeProgressStage, fraction: number) => void, signal: AbortSignal) => Promise<PackedTree>;
  /** a vessel's name in the reader's words (written beside its centreline on the MPR views) */
  readonly vesselLabel?: (name: VesselName) => string;
  /** starts the tree worker ahead of the click (called once a study's volume is in the workers) */
  readonly prewarmTree?: () => void;
}

/** What the controller's parts share. */
interface Ctx {
  readonly deps: ControllerDeps;
  readonly state: VesselViewState;
  readonly store: VesselStore;
  readonly measures: VesselMeasures;
  readonly jobs: TraceJobs;
  readonly panels: { requestCpr(): void; requestSection(): void };
  readonly input: TraceInput;
  readonly emit: (k: ChangeKind) => void;
  readonly listeners: Set<(k: ChangeKind) => void>;
  /** names of the jobs waiting for the next frame */
  readonly frames: Set<string>;
  /** the open study's volume (the tree search's input) */
  readonly volume: { current: Volume | undefined };
  selDisplay(): VesselDisplay | undefined;
  sectionCount(d: VesselDisplay): number;
}

const initialState = (): VesselViewState => ({
  tracing: false, studyKey: undefined, mode: 'straightened', angleDeg: 0, cursorIndex: 0, lastCprMs: undefined, cprFrames: 0,
  lastCpr: undefined, lastSection: undefined, sectionIndex: undefined, lastTraceMs: undefined,
});

export function createVesselController(deps: ControllerDeps): VesselController {
  const { session } = deps;
  const store = session.vessels;
  const state = initialState();
  const listeners = new Set<(k: ChangeKind) => void>();
  const measures = createVesselMeasures(session, (id) => deps.worker.forget(id));
  const selDisplay = () => (store.selectedId ? measures.get(store.selectedId) : undefined);
  const sectionCount = (d: VesselDisplay) => (d.analysis ? d.analysis.profile.length : (d.centrelineLps?.length ?? 0) / 3);
  const arcAt = (d: VesselDisplay, q: number) => d.analysis?.profile[q]?.sMm ?? q * 0.25;
  const show3d = () => deps.lines3d.setLines((state.studyKey ? store.list(state.studyKey) : []).filter((v) => v.visible).flatMap((v) => {
    const c = measures.get(v.id)?.centrelineLps;
    return c ? [{ flatLps: c, selected: v.id === store.selectedId }] : [];
  }));
  const emit = (k: ChangeKind) => {
    if (k === 'vessels' || k === 'analysis') show3d();
    for (const fn of listeners) fn(k);
  };
  let clickT0: number | undefined;
  const panels = createPanelJobs({
    key: deps.jobKey, pool: deps.pool, cpr: deps.cpr, section: deps.section, state,
    centreline: () => {
      const d = selDisplay();
      return d?.centrelineLps ? { flatLps: d.centrelineLps, arcAt: (q) => arcAt(d, q), sections: sectionCount(d) } : undefined;
    },
    takeClickT0: () => { const t = clickT0; clickT0 = undefined; return t; },
    emit,
  });
  const jobs = createTraceJobs({
    session, measures, worker: deps.worker, failureText: deps.failureText,
    onCentreline: (id) => {
      const flat = measures.get(id)?.centrelineLps;
      if (flat) state.cursorIndex = Math.min(state.cursorIndex, flat.length / 3 - 1);
      input.redraw();
      if (store.selectedId === id) { panels.requestCpr(); panels.requestSection(); }
    },
  });
  const input: TraceInput = createTraceInput({
    deps, state, store, measures,
    trace: (id) => void runTrace(ctx, id),
    secondClick: () => { clickT0 = performance.now(); },
    remove: (id) => remove(ctx, id),
    cursorLps: () => cursorLps(ctx),
    emit,
  });
  const ctx: Ctx = { deps, state, store, measures, jobs, panels, input, emit, listeners, frames: new Set(), selDisplay, sectionCount, volume: { current: undefined } };
  // the study closed (another opens and streams in): nothing of this one stays on screen or searchable
  const offClosed = session.events.on('closed', () => closeStudy(ctx));
  const api = controllerApi(ctx);
  return { ...api, destroy() { offClosed(); api.destroy(); } };
}

/** Forgets the open study: no vessel listed or drawn, no CPR or section, no volume to search until setVolume. */
function closeStudy(ctx: Ctx): void {
  const { state } = ctx;
  if (state.tracing) ctx.input.setTracing(false);
  state.studyKey = undefined;
  ctx.volume.current = undefined;
  ctx.store.select(undefined);
  Object.assign(state, { cursorIndex: 0, lastCpr: undefined, lastSection: undefined, sectionIndex: undefined });
  ctx.input.redraw();
  ctx.emit('vessels');
  ctx.emit('analysis');
}

/** Traces a vessel; when done, its measurements are shown with the cursor on its first lesion. */
async function runTrace(ctx: Ctx, id: string, centrelineLps?: Float64Array): Promise<TraceOutcome> {
  const pending = ctx.jobs.run(id, centrelineLps);
  ctx.emit('vessels');
  const out = await pending;
  if (out.kind === 'failed') ctx.emit('vessels');
  if (out.kind !== 'done') return out;
  ctx.state.lastTraceMs = { ...out.traced.timingsMs, totalMs: out.totalMs };
  ctx.emit('vessels');
  ctx.emit('analysis');
  ctx.input.redraw();
  const a = ctx.measures.get(id)?.analysis;
  if (a && ctx.store.selectedId === id) setCursor(ctx, a.lesions[0]?.mlaIndex ?? Math.floor(a.profile.length / 2), false);
  return out;
}

async function findTree(ctx: Ctx, onProgress: (stage: TreeProgressStage, fraction: number) => void, signal: AbortSignal): Promise<TreeDetectOutcome> {
  const searchTree = ctx.deps.searchTree;
  if (!searchTree) throw new Error('this viewer has no tree worker');
  const out = await detectTree({
    session: ctx.deps.session, onProgress, trace: (id, centrelineLps) => runTrace(ctx, id, centrelineLps),
    search: (progress, s) => {
      const v = ctx.volume.current;
      if (!v) throw new Error('no volume to search: open a study first');
      return searchTree(v, progress, s);
    },
  }, signal);
  // the reader lands on the found vessel with the worst stenosis, the cursor on its lesion
  ctx.deps.prewarmTree?.(); // for the next click
  if (out.kind === 'done' && out.added.length) {
    const worst = (id: string) => ctx.measures.get(id)?.analysis?.maxDiameterStenosisPct ?? -1;
    select(ctx, out.added.reduce((a, b) => (worst(b) > worst(a) ? b : a)));
  }
  ctx.emit('vessels');
  return out;
}

function cursorLps(ctx: Ctx): Lps | undefined {
  const c = ctx.selDisplay()?.centrelineLps;
  if (!c || !c.length) return undefined;
  const q = Math.max(0, Math.min(c.length / 3 - 1, ctx.state.cursorIndex));
  return [c[q * 3]!, c[q * 3 + 1]!, c[q * 3 + 2]!];
}

/** runs `fn` once before the next frame however often it is asked for meanwhile */
function oncePerFrame(ctx: Ctx, name: string, fn: () => void): void {
  if (ctx.frames.has(name)) return;
  ctx.frames.add(name);
  ctx.deps.nextFrame(() => { ctx.frames.delete(name); fn(); });
}

function setCursor(ctx: Ctx, index: number, moveMpr = true): void {
  const d = ctx.selDisplay();
  if (!d) return;
  ctx.state.cursorIndex = Math.max(0, Math.min(ctx.sectionCount(d) - 1, Math.round(index)));
  ctx.emit('cursor');
  ctx.panels.requestSection();
  ctx.input.redraw();
  if (moveMpr) oncePerFrame(ctx, 'crosshair', () => { const p = cursorLps(ctx); if (p) ctx.deps.moveCrosshair(p); });
}

function remove(ctx: Ctx, id: string): void {
  const key = ctx.store.get(id)?.studyKey;
  ctx.store.remove(id); // the trace is cancelled, the measurements and the worker's copy dropped
  if (key) ctx.measures.refreshSegments(key);
  if (!ctx.store.selectedId) { ctx.state.lastCpr = undefined; ctx.state.lastSection = undefined; }
  ctx.input.redraw();
  ctx.emit('vessels');
  ctx.emit('analysis');
}

function select(ctx: Ctx, id: string): void {
  const { store, state } = ctx;
  store.select(id);
  const key = store.get(id)?.studyKey;
  if (key) ctx.measures.refreshSegments(key); // after a rename
  const a = ctx.measures.get(id)?.analysis;
  state.cursorIndex = a ? a.lesions[0]?.mlaIndex ?? Math.floor(a.profile.length / 2) : 0;
  ctx.panels.requestCpr();
  ctx.panels.requestSection();
  ctx.input.redraw();
  ctx.emit('vessels');
  ctx.emit('analysis');
}

/** Contour edits: the measurements follow (the chart and table re-render once per frame). */
function editContour(ctx: Ctx, q: number, radii: Float32Array, which: 'lumen' | 'outer' = 'lumen'): void {
  const v = ctx.store.selectedId ? ctx.store.get(ctx.store.selectedId) : undefined;
  const img = ctx.state.lastSection;
  if (!v || !ctx.measures.editContour(v, q, radii, which, img && ctx.state.sectionIndex === q ? img : undefined)) return;
  ctx.emit('contour');
  oncePerFrame(ctx, 'analysis', () => ctx.emit('analysis'));
}

function measureStudy(ctx: Ctx): void {
  const key = ctx.state.studyKey;
  if (!key) return;
  for (const v of ctx.store.list(key)) if (v.pointsLps.length >= 2) void runTrace(ctx, v.id);
  ctx.emit('vessels');
}

async function setVolume(ctx: Ctx, studyKey: string, volume: Volume): Promise<void> {
  const { deps, store } = ctx;
  ctx.state.studyKey = studyKey;
  ctx.volume.current = volume;
  store.select(store.list(studyKey)[0]?.id);
  ctx.input.warmAt(volume.originLps);
  const volumeReady = (async () => {
    await deps.pool.setVolume(volume);
    ctx.input.warmPool();
    await deps.worker.setVolume(volume);
  })();
  deps.session.open(studyKey, volumeReady);
  await volumeReady;
  // vessels kept from an earlier visit of this study: measure them again in this worker
  measureStudy(ctx);
  deps.prewarmTree?.();
}

function controllerApi(ctx: Ctx): VesselController {
  const { deps, state, store, measures, panels } = ctx;
  const cprChanged = () => { panels.requestCpr(); ctx.emit('cpr'); };
  return {
    state, store, cpr: deps.cpr, section: deps.section,
    display: (id) => measures.get(id),
    selected: () => (store.selectedId ? store.get(store.selectedId) : undefined),
    setVolume: (key, volume) => setVolume(ctx, key, volume),
    measureStudy: () => measureStudy(ctx),
    findTree: (onProgress, signal) => findTree(ctx, onProgress, signal),
    setTracing: (on) => ctx.input.setTracing(on),
    setMode(mode) { state.mode = mode; cprChanged(); },
    setAngle(deg) { state.angleDeg = normaliseDeg(deg); cprChanged(); },
    setCursor: (index, moveMpr) => setCursor(ctx, index, moveMpr),
    select: (id) => select(ctx, id),
    remove: (id) => remove(ctx, id),
    async setReference(id, refSMm) {
      const out = await ctx.jobs.setReference(id, refSMm);
      if (out.kind === 'failed') ctx.emit('vessels');
      if (out.kind !== 'done') return;
      ctx.emit('vessels');
      ctx.emit('analysis');
      ctx.input.redraw();
    },
    editContour: (q, radii, which) => editContour(ctx, q, radii, which),
    cursorLps: () => cursorLps(ctx),
    centreline3dShown: () => deps.lines3d.shown(),
    segmentsChanged: () => ctx.emit('analysis'),
    sectionToImage: (p) => (state.lastSection ? lpsToSectionImage(state.lastSection, p) : [0, 0, 0]),
    sectionToLps: (w) => (state.lastSection ? sectionImageToLps(state.lastSection, w) : [0, 0, 0]),
    onChange(fn) {
      ctx.listeners.add(fn);
      return () => ctx.listeners.delete(fn);
    },
    destroy() {
      ctx.jobs.dispose();
      measures.dispose();
      ctx.input.destroy();
    },
  };
}
