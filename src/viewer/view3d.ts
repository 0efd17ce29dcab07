/**
 * The optional 3D view (off by default): a coronary volume rendering drawn by a worker on the CPU
 * (src/render3d) into a 2D canvas. The page only hands the decoded slices over, a few per task, and paints the
 * images that come back: under software GL a WebGL volume rendering held the main thread for tens of seconds.
 * Drag turns the heart (a coarse image while the mouse moves, the full one when it rests), the wheel zooms,
 * R (the viewer's reset) brings the front view back; double-click is the layout's (maximise).
 */
import { cache, type Types } from '@cornerstonejs/core';
import * as Comlink from 'comlink';
import type { Vec3 } from '../volume/volume.ts';
import { dragCamera, projectLps, type Camera3d } from '../render3d/camera.ts';
import type { View3dScene } from '../render3d/worker-api.ts';
import type { View3dWorkerShell } from '../../workers/view3d.worker.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { RenderMode } from '../render3d/raycast.ts';
import { modeChooser, relabelChooser } from './view3d-mode.ts';

/** Slices handed to the worker per main-thread task (16 × 512² int16 = 8 MB, a few ms to copy). */
const SLICES_PER_TASK = 16;
/** While the heart turns: images at this fraction of the view's size with steps this long (mm). */
const FAST_SCALE = 0.35, FAST_STEP_MM = 1.5;
const FULL_STEP_MM = 0.75;
/** The full image follows this long after the last move (ms). */
const IDLE_MS = 250;

export type View3dStatus = 'off' | 'building' | 'ready' | 'failed';

export interface View3d {
  readonly enabled: boolean;
  readonly element: HTMLDivElement;
  /** switches the view on; it builds at once when the volume is loaded (`loaded`), else at setVolume */
  enable(volumeId: string, loaded?: boolean): Promise<void>;
  disable(): void;
  /** Re-binds to a new (fully loaded) volume if enabled. */
  setVolume(volumeId: string): Promise<void>;
  /** CSS pixels in the element of an LPS point on the image shown, or undefined when no image is shown */
  project(lps: Vec3): [number, number] | undefined;
  /** called after each image painted and when the view goes off; returns the unsubscribe */
  onChange(fn: () => void): () => void;
  status(): { state: View3dStatus; heartFound?: boolean; quality?: 'fast' | 'full'; images: number; firstImageMs?: number; camera?: Camera3d; mode: RenderMode };
  /** volume rendering of the lumen surfaces, or a maximum intensity projection of the isolated heart */
  setMode(mode: RenderMode): void;
  /** the view's words again in the current language */
  relabel(): void;
  /** turns the camera (as a drag of dx, dy pixels would) and renders */
  turn(dxPx: number, dyPx: number): void;
  /** back to the front view at zoom 1 */
  resetCamera(): void;
  destroy(): void;
}

/** The view's state, shared by its parts: the render requests, the volume build and the canvas surface. */
interface View3dContext {
  readonly element: HTMLDivElement;
  readonly text: (key: MessageKey) => string;
  worker: Worker | undefined;
  api: Comlink.Remote<View3dWorkerShell> | undefined;
  canvas: HTMLCanvasElement | undefined;
  note: HTMLDivElement | undefined;
  modeSelect: HTMLSelectElement | undefined;
  mode: RenderMode;
  state: View3dStatus;
  scene: View3dScene | undefined;
  camera: Camera3d | undefined;
  shown: { camera: Camera3d; w: number; h: number } | undefined;
  quality: 'fast' | 'full' | undefined;
  images: number;
  firstImageMs: number | undefined;
  /** bumped by each build and by disable: an answer of an older generation is dropped */
  generation: number;
  inFlight: boolean;
  pending: 'fast' | 'full' | undefined;
  idleTimer: ReturnType<typeof setTimeout> | undefined;
  readonly listeners: Set<() => void>;
  readonly cleanups: (() => void)[];
}

const changed = (c: View3dContext): void => { for (const fn of c.listeners) fn(); };
const onChange = (c: View3dContext, fn: () => void): (() => void) => { c.listeners.add(fn); return () => c.listeners.delete(fn); };
const viewSize = (c: View3dContext) => ({ w: Math.max(16, Math.round(c.element.clientWidth)), h: Math.max(16, Math.round(c.element.clientHeight)) });

/** The status line: a message in the current language (data-i18n for later language changes), or hidden. */
function say(c: View3dContext, key: MessageKey | undefined): void {
  if (!c.note) return;
  c.note.hidden = !key;
  if (key) { c.note.dataset.i18n = key; c.note.textContent = c.text(key); }
}

function fail(c: View3dContext, e: unknown): void {
  c.state = 'failed';
  c.element.dataset.state = c.state;
  say(c, 'view3dFailed');
  console.warn('3D view:', e);
}

/** Asks for an image; the latest wins: a coarse image while moving, the full one once at rest. */
function request(c: View3dContext, q: 'fast' | 'full'): void {
  if (!c.api || !c.camera || c.state !== 'ready') return;
  c.pending = q;
  if (!c.inFlight) void renderPending(c);
}

/** Renders the pending requests one at a time and paints each answer of the current generation. */
async function renderPending(c: View3dContext): Promise<void> {
  while (c.pending && c.api && c.camera) {
    const q = c.pending;
    c.pending = undefined;
    c.inFlight = true;
    const gen = c.generation;
    const { w, h } = viewSize(c);
    const scale = q === 'fast' ? FAST_SCALE : 1;
    const rw = Math.max(8, Math.round(w * scale)), rh = Math.max(8, Math.round(h * scale));
    const cam = c.camera;
    try {
      const img = await c.api.render({ camera: cam, widthPx: rw, heightPx: rh, mode: c.mode, stepMm: q === 'fast' ? FAST_STEP_MM : FULL_STEP_MM });
      if (gen !== c.generation || !c.canvas) continue;
      paint(c.canvas, img.rgba, rw, rh, w, h);
      c.shown = { camera: cam, w, h };
      c.quality = q;
      c.images++;
      c.element.dataset.quality = q;
      changed(c);
    } catch (e) {
      if (gen === c.generation) fail(c, e);
    } finally {
      c.inFlight = false;
    }
  }
}

/** A new camera from the user: a coarse image now, the full one once the mouse rests. */
function interact(c: View3dContext, next: Camera3d): void {
  c.camera = next;
  request(c, 'fast');
  clearTimeout(c.idleTimer);
  c.idleTimer = setTimeout(() => request(c, 'full'), IDLE_MS);
}

/** Hands the cached volume's slices to the worker, a few per task, then shows the first full image. */
async function build(c: View3dContext, volumeId: string): Promise<void> {
  const gen = ++c.generation;
  const t0 = performance.now();
  c.state = 'building';
  c.element.dataset.state = c.state;
  c.shown = undefined;
  say(c, 'view3dPreparing');
  if (!c.worker) {
    c.worker = new Worker(new URL('../../workers/view3d.worker.ts', import.meta.url), { type: 'module', name: 'view3d' });
    c.api = Comlink.wrap<View3dWorkerShell>(c.worker);
  }
  const volume = cache.getVolume(volumeId) as Types.IImageVolume | undefined;
  const api = c.api;
  if (!volume || !api) return fail(c, new Error(`volume ${volumeId} not in the cache`));
  try {
    await api.begin({ dimensions: [...volume.dimensions], spacingMm: [...volume.spacing], originLps: [...volume.origin], directions: directionsOf(volume) });
    for await (const chunk of sliceChunks(volume, SLICES_PER_TASK)) {
      if (gen !== c.generation) return;
      await api.addSlices(chunk.k0, chunk.count, Comlink.transfer(chunk.hu, [chunk.hu.buffer]));
    }
    const s = await api.finish();
    if (gen !== c.generation) return;
    c.scene = s;
    c.camera = { azimuthDeg: 0, elevationDeg: 0, zoom: 1, centreLps: s.centreLps, fovMm: s.fovMm };
    c.state = 'ready';
    c.element.dataset.state = c.state;
    c.element.dataset.heart = String(s.heartFound);
    say(c, s.heartFound ? undefined : 'view3dWholeVolume');
    const first = new Promise<void>((resolve) => {
      const off = onChange(c, () => { off(); resolve(); });
    });
    request(c, 'full');
    await first;
    if (gen === c.generation) c.firstImageMs = performance.now() - t0;
  } catch (e) {
    if (gen === c.generation) fail(c, e);
  }
}

/** The canvas and the status line in the element; drag turns the heart, the wheel zooms, a resize redraws. */
function attach(c: View3dContext): void {
  const canvas = document.createElement('canvas');
  canvas.dataset.testid = 'view3d-canvas';
  Object.assign(canvas.style, { position: 'absolute', left: '0', top: '0', width: '100%', height: '100%', cursor: 'grab', touchAction: 'none' });
  if (getComputedStyle(c.element).position === 'static') c.element.style.position = 'relative';
  const note = document.createElement('div');
  note.dataset.testid = 'view3d-note';
  Object.assign(note.style, { position: 'absolute', left: '0.5em', bottom: '0.5em', color: '#ddd', font: '12px sans-serif', pointerEvents: 'none', zIndex: '6' });
  note.hidden = true;
  const modeSelect = modeChooser(c.text, c.mode, (m) => setMode(c, m));
  c.element.append(canvas, note, modeSelect);
  c.modeSelect = modeSelect;
  c.canvas = canvas;
  c.note = note;
  let drag: { x: number; y: number } | undefined;
  const down = (e: PointerEvent) => { if (e.button !== 0) return; drag = { x: e.clientX, y: e.clientY }; canvas.setPointerCapture(e.pointerId); };
  const move = (e: PointerEvent) => {
    if (!drag || !c.camera) return;
    const next = dragCamera(c.camera, e.clientX - drag.x, e.clientY - drag.y, viewSize(c).w);
    drag = { x: e.clientX, y: e.clientY };
    interact(c, next);
  };
  const up = () => { drag = undefined; };
  const wheel = (e: WheelEvent) => {
    if (!c.camera) return;
    e.preventDefault();
    interact(c, { ...c.camera, zoom: Math.max(0.3, Math.min(8, c.camera.zoom * Math.exp(-e.deltaY / 500))) });
  };
  canvas.addEventListener('pointerdown', down);
  canvas.addEventListener('pointermove', move);
  canvas.addEventListener('pointerup', up);
  canvas.addEventListener('wheel', wheel, { passive: false });
  const resize = new ResizeObserver(() => request(c, 'full'));
  resize.observe(c.element);
  c.cleanups.push(() => resize.disconnect());
}

/** Renders in `mode` (the chooser shows it). */
function setMode(c: View3dContext, mode: RenderMode): void {
  if (mode === c.mode) return;
  c.mode = mode;
  c.element.dataset.mode = mode;
  if (c.modeSelect) c.modeSelect.value = mode;
  request(c, 'full');
}

/** Off again: the canvas and its listeners go, answers still on the way are dropped. */
function detach(c: View3dContext): void {
  c.generation++;
  clearTimeout(c.idleTimer);
  for (const f of c.cleanups.splice(0)) f();
  c.canvas?.remove();
  c.note?.remove();
  c.modeSelect?.remove();
  c.canvas = c.note = c.modeSelect = undefined;
  c.state = 'off';
  c.shown = undefined;
  c.pending = undefined;
  delete c.element.dataset.state;
  delete c.element.dataset.quality;
  changed(c);
}

/** `text` gives a message in the current language (the status line carries data-i18n for later changes). */
export function createView3d(element: HTMLDivElement, text: (key: MessageKey) => string): View3d {
  const c: View3dContext = {
    element, text, worker: undefined, api: undefined, canvas: undefined, note: undefined, modeSelect: undefined, mode: 'vr', state: 'off', scene: undefined,
    camera: undefined, shown: undefined, quality: undefined, images: 0, firstImageMs: undefined, generation: 0,
    inFlight: false, pending: undefined, idleTimer: undefined, listeners: new Set(), cleanups: [],
  };
  const view: View3d = {
    get enabled() { return c.state !== 'off'; },
    element,
    async enable(volumeId, loaded = true) {
      if (c.state !== 'off') return;
      attach(c);
      c.state = 'building';
      element.dataset.state = c.state;
      if (loaded) await build(c, volumeId);
    },
    disable() {
      if (c.state !== 'off') detach(c);
    },
    async setVolume(volumeId) {
      if (c.state !== 'off') await build(c, volumeId);
    },
    project(lps) {
      return c.shown ? projectLps(c.shown.camera, c.shown.w, c.shown.h, lps) : undefined;
    },
    onChange: (fn) => onChange(c, fn),
    status: () => ({ state: c.state, heartFound: c.scene?.heartFound, quality: c.quality, images: c.images, firstImageMs: c.firstImageMs, camera: c.camera, mode: c.mode }),
    setMode: (m) => setMode(c, m),
    relabel() {
      if (c.modeSelect) relabelChooser(c.modeSelect, c.text);
      if (c.note?.dataset.i18n) c.note.textContent = c.text(c.note.dataset.i18n as MessageKey);
    },
    turn(dx, dy) { if (c.camera) interact(c, dragCamera(c.camera, dx, dy, viewSize(c).w)); },
    resetCamera() { if (c.camera) interact(c, { ...c.camera, azimuthDeg: 0, elevationDeg: 0, zoom: 1 }); },
    destroy() {
      view.disable();
      c.worker?.terminate();
      c.worker = undefined;
      c.api = undefined;
    },
  };
  return view;
}

/** Paints an rgba image of rw × rh scaled to the canvas's w × h (smoothed when coarse). */
function paint(canvas: HTMLCanvasElement, rgba: Uint8ClampedArray, rw: number, rh: number, w: number, h: number): void {
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  const g = canvas.getContext('2d');
  if (!g) return;
  const data = new ImageData(new Uint8ClampedArray(rgba.buffer as ArrayBuffer, rgba.byteOffset, rgba.length), rw, rh);
  if (rw === w && rh === h) { g.putImageData(data, 0, 0); return; }
  const small = document.createElement('canvas');
  small.width = rw;
  small.height = rh;
  small.getContext('2d')!.putImageData(data, 0, 0);
  g.imageSmoothingEnabled = true;
  g.drawImage(small, 0, 0, w, h);
}

function directionsOf(v: Types.IImageVolume): [Vec3, Vec3, Vec3] {
  const d = v.direction;
  return [[d[0], d[1], d[2]], [d[3], d[4], d[5]], [d[6], d[7], d[8]]];
}

/** The volume's slices in chunks of `per` consecutive slices, each chunk a fresh array the caller may transfer; yields to the page between chunks. */
async function* sliceChunks(v: Types.IImageVolume, per: number): AsyncGenerator<{ k0: number; count: number; hu: Int16Array | Float32Array }> {
  const [nx, ny, nz] = v.dimensions;
  const n = nx * ny;
  const sliceOf = (k: number): ArrayLike<number> | undefined => {
    const img = cache.getImage(v.imageIds[k]!) as (Types.IImage & { voxelManager?: { getScalarData(): ArrayLike<number> } }) | undefined;
    const data = img?.voxelManager?.getScalarData();
    return data && data.length === n ? data : undefined;
  };
  let all: ArrayLike<number> & { subarray?: (a: number, b: number) => ArrayLike<number> } | undefined;
  for (let k0 = 0; k0 < nz; k0 += per) {
    const count = Math.min(per, nz - k0);
    const first = sliceOf(k0);
    const hu = first instanceof Float32Array ? new Float32Array(n * count) : new Int16Array(n * count);
    for (let s = 0; s < count; s++) {
      let data = sliceOf(k0 + s);
      if (!data) {
        all ??= (v.voxelManager as unknown as { getCompleteScalarDataArray(): ArrayLike<number> }).getCompleteScalarDataArray();
        data = all.subarray ? all.subarray((k0 + s) * n, (k0 + s + 1) * n) : Array.prototype.slice.call(all, (k0 + s) * n, (k0 + s + 1) * n) as number[];
      }
      hu.set(data as ArrayLike<number>, s * n);
    }
    yield { k0, count, hu };
    await new Promise((r) => setTimeout(r, 0));
  }
}
