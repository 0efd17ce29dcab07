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
  status(): { state: View3dStatus; heartFound?: boolean; quality?: 'fast' | 'full'; images: number; firstImageMs?: number; camera?: Camera3d };
  /** turns the camera (as a drag of dx, dy pixels would) and renders */
  turn(dxPx: number, dyPx: number): void;
  /** back to the front view at zoom 1 */
  resetCamera(): void;
  destroy(): void;
}

/** `text` gives a message in the current language (the status line carries data-i18n for later changes). */
export function createView3d(element: HTMLDivElement, text: (key: MessageKey) => string): View3d {
  let worker: Worker | undefined;
  let api: Comlink.Remote<View3dWorkerShell> | undefined;
  let canvas: HTMLCanvasElement | undefined;
  let note: HTMLDivElement | undefined;
  const say = (key: MessageKey | undefined) => {
    if (!note) return;
    note.hidden = !key;
    if (key) { note.dataset.i18n = key; note.textContent = text(key); }
  };
  let state: View3dStatus = 'off';
  let scene: View3dScene | undefined;
  let camera: Camera3d | undefined;
  let shown: { camera: Camera3d; w: number; h: number } | undefined;
  let quality: 'fast' | 'full' | undefined;
  let images = 0;
  let firstImageMs: number | undefined;
  let generation = 0;
  let inFlight = false;
  let pending: 'fast' | 'full' | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<() => void>();
  const changed = () => { for (const fn of listeners) fn(); };
  const cleanups: (() => void)[] = [];

  const size = () => ({ w: Math.max(16, Math.round(element.clientWidth)), h: Math.max(16, Math.round(element.clientHeight)) });
  const request = (q: 'fast' | 'full') => {
    if (!api || !camera || state !== 'ready') return;
    pending = q; // the latest wins: a coarse image while moving, the full one once at rest
    if (!inFlight) void pump();
  };
  const pump = async () => {
    while (pending && api && camera) {
      const q = pending;
      pending = undefined;
      inFlight = true;
      const gen = generation;
      const { w, h } = size();
      const scale = q === 'fast' ? FAST_SCALE : 1;
      const rw = Math.max(8, Math.round(w * scale)), rh = Math.max(8, Math.round(h * scale));
      const cam = camera;
      try {
        const img = await api.render({ camera: cam, widthPx: rw, heightPx: rh, mode: 'vr', stepMm: q === 'fast' ? FAST_STEP_MM : FULL_STEP_MM });
        if (gen !== generation || !canvas) continue;
        paint(canvas, img.rgba, rw, rh, w, h);
        shown = { camera: cam, w, h };
        quality = q;
        images++;
        element.dataset.quality = q;
        changed();
      } catch (e) {
        if (gen === generation) fail(e);
      } finally {
        inFlight = false;
      }
    }
  };
  const fail = (e: unknown) => {
    state = 'failed';
    element.dataset.state = state;
    say('view3dFailed');
    console.warn('3D view:', e);
  };
  const startWorker = () => {
    if (worker) return;
    worker = new Worker(new URL('../../workers/view3d.worker.ts', import.meta.url), { type: 'module', name: 'view3d' });
    api = Comlink.wrap<View3dWorkerShell>(worker);
  };
  const build = async (volumeId: string) => {
    const gen = ++generation;
    const t0 = performance.now();
    state = 'building';
    element.dataset.state = state;
    shown = undefined;
    say('view3dPreparing');
    startWorker();
    const volume = cache.getVolume(volumeId) as Types.IImageVolume | undefined;
    if (!volume || !api) return fail(new Error(`volume ${volumeId} not in the cache`));
    try {
      await api.begin({ dimensions: [...volume.dimensions], spacingMm: [...volume.spacing], originLps: [...volume.origin], directions: directionsOf(volume) });
      for await (const chunk of sliceChunks(volume, SLICES_PER_TASK)) {
        if (gen !== generation) return;
        await api.addSlices(chunk.k0, chunk.count, Comlink.transfer(chunk.hu, [chunk.hu.buffer]));
      }
      const s = await api.finish();
      if (gen !== generation) return;
      scene = s;
      camera = { azimuthDeg: 0, elevationDeg: 0, zoom: 1, centreLps: s.centreLps, fovMm: s.fovMm };
      state = 'ready';
      element.dataset.state = state;
      element.dataset.heart = String(s.heartFound);
      say(s.heartFound ? undefined : 'view3dWholeVolume');
      const first = new Promise<void>((resolve) => {
        const off = onChange(() => { off(); resolve(); });
      });
      request('full');
      await first;
      if (gen === generation) firstImageMs = performance.now() - t0;
    } catch (e) {
      if (gen === generation) fail(e);
    }
  };
  const onChange = (fn: () => void) => { listeners.add(fn); return () => listeners.delete(fn); };
  const interact = (next: Camera3d) => {
    camera = next;
    request('fast');
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => request('full'), IDLE_MS);
  };
  const attach = () => {
    canvas = document.createElement('canvas');
    canvas.dataset.testid = 'view3d-canvas';
    Object.assign(canvas.style, { position: 'absolute', left: '0', top: '0', width: '100%', height: '100%', cursor: 'grab', touchAction: 'none' });
    if (getComputedStyle(element).position === 'static') element.style.position = 'relative';
    note = document.createElement('div');
    note.dataset.testid = 'view3d-note';
    Object.assign(note.style, { position: 'absolute', left: '0.5em', bottom: '0.5em', color: '#ddd', font: '12px sans-serif', pointerEvents: 'none', zIndex: '6' });
    note.hidden = true;
    element.append(canvas, note);
    let drag: { x: number; y: number } | undefined;
    const down = (e: PointerEvent) => { if (e.button !== 0) return; drag = { x: e.clientX, y: e.clientY }; canvas!.setPointerCapture(e.pointerId); };
    const move = (e: PointerEvent) => {
      if (!drag || !camera) return;
      const next = dragCamera(camera, e.clientX - drag.x, e.clientY - drag.y, size().w);
      drag = { x: e.clientX, y: e.clientY };
      interact(next);
    };
    const up = () => { drag = undefined; };
    const wheel = (e: WheelEvent) => {
      if (!camera) return;
      e.preventDefault();
      interact({ ...camera, zoom: Math.max(0.3, Math.min(8, camera.zoom * Math.exp(-e.deltaY / 500))) });
    };
    canvas.addEventListener('pointerdown', down);
    canvas.addEventListener('pointermove', move);
    canvas.addEventListener('pointerup', up);
    canvas.addEventListener('wheel', wheel, { passive: false });
    const resize = new ResizeObserver(() => request('full'));
    resize.observe(element);
    cleanups.push(() => resize.disconnect());
  };

  const view: View3d = {
    get enabled() { return state !== 'off'; },
    element,
    async enable(volumeId, loaded = true) {
      if (state !== 'off') return;
      attach();
      state = 'building';
      element.dataset.state = state;
      if (loaded) await build(volumeId);
    },
    disable() {
      if (state === 'off') return;
      generation++;
      clearTimeout(idleTimer);
      for (const c of cleanups.splice(0)) c();
      canvas?.remove();
      note?.remove();
      canvas = note = undefined;
      state = 'off';
      shown = undefined;
      pending = undefined;
      delete element.dataset.state;
      delete element.dataset.quality;
      changed();
    },
    async setVolume(volumeId) {
      if (state !== 'off') await build(volumeId);
    },
    project(lps) {
      if (!shown) return undefined;
      return projectLps(shown.camera, shown.w, shown.h, lps);
    },
    onChange,
    status: () => ({ state, heartFound: scene?.heartFound, quality, images, firstImageMs, camera }),
    turn(dx, dy) { if (camera) interact(dragCamera(camera, dx, dy, size().w)); },
    resetCamera() { if (camera) interact({ ...camera, azimuthDeg: 0, elevationDeg: 0, zoom: 1 }); },
    destroy() {
      view.disable();
      worker?.terminate();
      worker = undefined;
      api = undefined;
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
