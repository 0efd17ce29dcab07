/**
 * The viewer context: MPR views, optional 3D, overlays and the opened series. Everything mutable lives
 * in the object returned by createViewer (no module state); the UI talks to it through methods and the
 * typed events.
 */
import { Enums, eventTarget, utilities, type Types } from '@cornerstonejs/core';
import { Enums as ToolEnums } from '@cornerstonejs/tools';
import { format, type Lang } from '../i18n/index.ts';
import { rb } from '../i18n/robustness.ts';
import type { AppEvents } from './events.ts';
import { createMpr, DEFAULT_LEFT_TOOL, MPR_VIEW_IDS, type LeftTool, type Mpr, type MprViewId } from './mpr.ts';
import { createOverlay, sampleHu, showHu, updateOverlay, type OverlayElements } from './overlays.ts';
import { createView3d, type View3d } from './view3d.ts';
import { DECODE_STALL_MS, stallWatchdog, type DecodeWorkers } from './decode-watch.ts';
import { createVolumeSession, type VolumeSession } from './volume-session.ts';
import { createStreamedVolumeSession, type SliceStream } from './stream-session.ts';
import { WL_PRESETS, type SlabBlend, type WindowLevel } from './window-level.ts';

export interface ViewerElements {
  readonly views: Readonly<Record<MprViewId, HTMLDivElement>>;
  readonly view3d: HTMLDivElement;
}

export interface ViewerState {
  lang: Lang;
  seriesDescription: string;
  slabMm: number;
  blend: SlabBlend;
  leftTool: LeftTool;
  loading: boolean;
  framesLoaded: number;
  framesTotal: number;
  firstImageMs: number | undefined;
  fullVolumeMs: number | undefined;
  session: VolumeSession | undefined;
  /** Milestones of the last open, ms since the click (files read, headers parsed, volume created…). */
  phases: Record<string, number>;
}

export interface OpenRequest {
  /** Slice bytes sorted along the normal. */
  readonly slices: readonly Uint8Array[];
  /** Instead of `slices`: a series still arriving, decoded into the volume as its slices come. */
  readonly stream?: SliceStream;
  readonly seriesKey: string;
  readonly description: string;
  /** performance.now() of the user's click (for the first-image / full-volume times). */
  readonly t0: number;
  /** Milestones before the viewer (reading, ingest), ms since t0. */
  readonly phases?: Record<string, number>;
}

export interface Viewer {
  readonly state: Readonly<ViewerState>;
  readonly mpr: Mpr;
  readonly view3d: View3d;
  open(req: OpenRequest): Promise<void>;
  close(): void;
  setLanguage(lang: Lang): void;
  setWindowLevel(wl: WindowLevel): void;
  setSlab(mm: number, blend: SlabBlend): void;
  setLeftTool(tool: LeftTool): void;
  setCrosshair(lps: Types.Point3): void;
  /** R: cameras fitted (the 3D view back to the front view), crosshairs centred, the opening W/L. */
  resetView(): void;
  toggle3d(on: boolean): Promise<void>;
  huAt(lps: Types.Point3): number | undefined;
  refreshOverlays(): void;
  destroy(): void;
}

/** Frees the open series and forgets its load figures; the 3D view goes off. */
function closeSeries(state: ViewerState, view3d: View3d, events: AppEvents): void {
  view3d.disable();
  state.session?.release();
  state.session = undefined;
  state.loading = false;
  state.firstImageMs = state.fullVolumeMs = undefined;
  state.framesLoaded = state.framesTotal = 0;
  state.phases = {};
  events.emit('closed', {});
}

export function createViewer(elements: ViewerElements, events: AppEvents, lang: Lang, decoders?: DecodeWorkers): Viewer {
  decoders?.onLost((reason) => events.emit('workerLost', { kind: 'decode', reason }));
  const mpr = createMpr(elements.views);
  const view3d: View3d = createView3d(elements.view3d, (key) => format(state.lang, key));
  const overlays = Object.fromEntries(MPR_VIEW_IDS.map((id) => [id, createOverlay(elements.views[id].parentElement!, id, () => format(state.lang, id))])) as Record<MprViewId, OverlayElements>;
  const state: ViewerState = {
    lang, seriesDescription: '', slabMm: 0, blend: 'mip', leftTool: DEFAULT_LEFT_TOOL, loading: false,
    framesLoaded: 0, framesTotal: 0, firstImageMs: undefined, fullVolumeMs: undefined, session: undefined, phases: {},
  };
  const huAt = (lps: Types.Point3) => (state.session ? sampleHu(state.session.volume, lps) : undefined);
  const refreshOverlays = () => {
    if (!state.session) return;
    for (const id of MPR_VIEW_IDS) updateOverlay(overlays[id], mpr.viewport(id), state);
  };
  const onCamera = onceAFrame(() => {
    refreshOverlays();
    const c = mpr.getCrosshairCenter();
    if (c && state.session) events.emit('crosshair', { lps: [c[0], c[1], c[2]], hu: huAt(c) });
  });
  const lastHu = new Map<MprViewId, number | undefined>();
  const cleanups = listenToViews(elements, mpr, onCamera, {
    huAt: (id, hu) => { lastHu.set(id, hu); showHu(overlays[id], hu, state.lang); },
    volumeId: () => state.session?.volumeId,
    sample: huAt,
  });

  const close = () => closeSeries(state, view3d, events);

  return {
    state,
    mpr,
    view3d,
    open: (req) => openSeries(req, { elements, events, decoders, mpr, view3d, state, close, refreshOverlays }),
    close,
    setLanguage(l) {
      state.lang = l;
      refreshOverlays();
      view3d.relabel();
      for (const [id, hu] of lastHu) showHu(overlays[id], hu, l);
    },
    setWindowLevel: (wl) => mpr.setWindowLevel(wl),
    setSlab(mm, blend) {
      state.slabMm = mm;
      state.blend = blend;
      if (state.session) mpr.setSlab(mm, blend);
      refreshOverlays();
    },
    setLeftTool(tool) {
      state.leftTool = tool;
      mpr.setLeftTool(tool);
    },
    setCrosshair: (lps) => mpr.setCrosshairCenter(lps),
    resetView() {
      if (!state.session) return;
      mpr.resetView(WL_PRESETS.cta);
      view3d.resetCamera();
    },
    async toggle3d(on) {
      if (!on) view3d.disable();
      // while the volume streams in, the view waits for the end of the load (open() re-binds it then)
      else if (state.session) await view3d.enable(state.session.volumeId, !state.loading);
    },
    huAt,
    refreshOverlays,
    destroy() {
      close();
      for (const c of cleanups) c();
      view3d.destroy();
      mpr.destroy();
    },
  };
}

/** `run` at the next animation frame, once however many calls come before it (camera events come in bursts). */
function onceAFrame(run: () => void): () => void {
  let frame = 0;
  return () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      run();
    });
  };
}

interface ViewCallbacks {
  /** the HU under the mouse in view `id` (undefined outside the volume) */
  huAt(id: MprViewId, hu: number | undefined): void;
  volumeId(): string | undefined;
  sample(lps: Types.Point3): number | undefined;
}

/** The views' own events: camera and VOI changes, the HU under the mouse, focus on hover, slice scrolling by
 *  keys. Returns the removals. */
function listenToViews(elements: ViewerElements, mpr: Mpr, onCamera: () => void, cb: ViewCallbacks): (() => void)[] {
  const cleanups: (() => void)[] = [];
  const listen = (target: EventTarget, type: string, fn: (e: Event) => void) => {
    target.addEventListener(type, fn);
    cleanups.push(() => target.removeEventListener(type, fn));
  };
  for (const id of MPR_VIEW_IDS) {
    const el = elements.views[id];
    el.tabIndex = 0;
    listen(el, Enums.Events.CAMERA_MODIFIED, onCamera);
    listen(el, Enums.Events.VOI_MODIFIED, onCamera);
    listen(el, 'mousemove', (e) => {
      if (!cb.volumeId()) return;
      const rect = el.getBoundingClientRect();
      const me = e as MouseEvent;
      const world = mpr.viewport(id).canvasToWorld([me.clientX - rect.left, me.clientY - rect.top]);
      cb.huAt(id, cb.sample(world));
    });
    listen(el, 'mouseenter', () => el.focus({ preventScroll: true }));
    listen(el, 'keydown', (e) => {
      const ke = e as KeyboardEvent;
      const delta = { ArrowUp: -1, ArrowDown: 1, ArrowLeft: -1, ArrowRight: 1, PageUp: -10, PageDown: 10 }[ke.key];
      const volumeId = cb.volumeId();
      if (delta === undefined || !volumeId) return;
      ke.preventDefault();
      utilities.scroll(mpr.viewport(id) as unknown as Types.IViewport, { delta, volumeId });
    });
  }
  listen(eventTarget, ToolEnums.Events.CROSSHAIR_TOOL_CENTER_CHANGED, onCamera);
  return cleanups;
}

/** What opening a series works on: the viewer's parts and state. */
interface OpenContext {
  readonly elements: ViewerElements;
  readonly events: AppEvents;
  readonly decoders: DecodeWorkers | undefined;
  readonly mpr: Mpr;
  readonly view3d: View3d;
  readonly state: ViewerState;
  close(): void;
  refreshOverlays(): void;
}

/** Opens a series: the volume session, the views on it, the slices streamed in with progress, the first image
 *  and the full volume timed from the click. A newer open makes this one stop where it stands. */
async function openSeries(req: OpenRequest, v: OpenContext): Promise<void> {
  const { state, mpr, events } = v;
  v.close();
  state.seriesDescription = req.description;
  state.firstImageMs = state.fullVolumeMs = undefined;
  state.loading = true;
  state.phases = { ...req.phases };
  const mark = (name: string) => (state.phases[name] = performance.now() - req.t0);
  mark('viewerOpen');
  const session = req.stream ? await createStreamedVolumeSession(req.stream, req.seriesKey, mark) : await createVolumeSession(req.slices, req.seriesKey, mark);
  mark('volumeCreated');
  state.session = session;
  for (const d of session.dropped) events.emit('sliceRefused', { ...d, blank: false });
  state.framesTotal = session.imageIds.length;
  state.framesLoaded = 0;
  await mpr.setVolume(session.volumeId);
  mark('viewportsReady');
  mpr.setWindowLevel(WL_PRESETS.cta);
  mpr.setSlab(state.slabMm, state.blend);
  const axial = v.elements.views.axial;
  const feedback = loadingFeedback(req, v, mark);
  // a decoder that died or hangs leaves the load waiting: replace the decoders when nothing progresses
  // (a streamed series waiting for its next slices from the network is not a decoder's fault)
  const watchdog = stallWatchdog(DECODE_STALL_MS, () => {
    if (state.session === session && state.loading && !session.waitingForNetwork?.()) v.decoders?.replace((lang) => rb(lang, 'decodeStalled', { seconds: DECODE_STALL_MS / 1000 }));
  });
  await session.load((done, total) => {
    watchdog.tick();
    if (state.session === session) feedback.frameDecoded(done, total);
  }, (failed) => {
    if (state.session === session) events.emit('sliceRefused', { ...failed, blank: true });
  }).finally(() => watchdog.stop());
  if (state.session !== session) return;
  mark('allDecoded');
  await feedback.firstShown();
  await nextRender(axial, () => mpr.render());
  state.fullVolumeMs = performance.now() - req.t0;
  state.loading = false;
  v.refreshOverlays();
  await v.view3d.setVolume(session.volumeId);
  events.emit('volumeLoaded', { ms: state.fullVolumeMs, volumeId: session.volumeId });
}

/** While slices stream in: the frame count, progress events, the first image shown (and timed), the axial view
 *  refreshed now and then. */
function loadingFeedback(req: OpenRequest, v: OpenContext, mark: (phase: string) => void) {
  const { state, mpr, events } = v;
  let firstPending = true;
  let firstShown: Promise<void> = Promise.resolve();
  let lastRenderMs = 0;
  let lastProgressMs = 0;
  return {
    firstShown: () => firstShown,
    frameDecoded(done: number, total: number): void {
      state.framesLoaded = done;
      if (done === 1) mark('firstFrameDecoded');
      if (done === Math.ceil(total / 2)) mark('halfDecoded');
      const now = performance.now();
      // progress at most every 100 ms (each DOM change costs a composited frame, dear under software GL)
      if (done >= total || done === 1 || now - lastProgressMs >= 100) {
        lastProgressMs = now;
        events.emit('progress', { phase: done >= total ? 'done' : 'decoding', done, total });
      }
      // Software GL renders cost the main thread dearly: while streaming, refresh the axial view ~1/s.
      if (!firstPending && now - lastRenderMs > 1000) {
        lastRenderMs = now;
        mpr.engine.renderViewports(['axial']);
      }
      if (firstPending && done >= 1) {
        firstPending = false;
        lastRenderMs = performance.now();
        firstShown = nextRender(v.elements.views.axial, () => mpr.render()).then(() => {
          state.firstImageMs = performance.now() - req.t0;
          events.emit('firstImage', { ms: state.firstImageMs });
        });
      }
    },
  };
}

/** Resolves at the next IMAGE_RENDERED of `element` (after calling `render`), or after 2 s at most. */
function nextRender(element: HTMLElement, render: () => void): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, done);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, 2000);
    element.addEventListener(Enums.Events.IMAGE_RENDERED, done);
    render();
  });
}
