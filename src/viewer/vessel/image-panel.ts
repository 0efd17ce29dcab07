/**
 * A Cornerstone StackViewport showing images computed by the worker pool (float32 HU, true mm spacing) so
 * window/level, zoom, pan, length and probe work as in MPR.
 *
 * Two update paths. A new geometry (first image, other size, spacing, origin or axes) builds a Cornerstone
 * image and sets it on the viewport (new vtkImageData and actor). The same geometry again — every frame of a
 * CPR rotation, every cursor move of the cross-section — writes the pixels into the shown image in place:
 * the cached Cornerstone image's scalar array (what the probe tool and getImageData() read) and the actor's
 * vtkImageData scalars, marked modified so vtk.js re-uploads only the texture; camera, W/L and actor stay.
 *
 * Two renderers. 'gpu' is Cornerstone's vtk.js path. 'cpu' (the vessel view's CPR and cross-section) is
 * Cornerstone's CPU path for this viewport only: the pixels go through a window/level table into a 2D canvas,
 * with no WebGL render and no read-back of a WebGL canvas into the on-screen one. Without a GPU (SwiftShader
 * WebGL, software compositing) a CPR rotation frame costs ~20 ms this way against ~37 ms through vtk.js
 * (measured 23 Nov 2026, Cas 2 LAD, 1280×1400 page). The CPU path draws a table lookup of integer values,
 * so the panel keeps int16 HU (rounded, clamped to −1024…3071) besides the float frame.
 */
import { cache, Enums, getShouldUseCPURendering, imageLoader, setUseCPURendering, utilities, type RenderingEngine, type Types } from '@cornerstonejs/core';
import { annotation } from '@cornerstonejs/tools';
import { invalidateCpuImage, keepOnCpuPath, markImageDataModified } from '../cornerstone-adapter.ts';
import { uniqueToken } from '../unique-token.ts';

export interface PanelImage {
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
  /** mm between columns, between rows */
  readonly colSpacingMm: number;
  readonly rowSpacingMm: number;
  /** LPS of pixel (0, 0) and the unit row (increasing column) and column (increasing row) directions */
  readonly originLps: readonly [number, number, number];
  readonly rowDir: readonly [number, number, number];
  readonly colDir: readonly [number, number, number];
  readonly frameOfReferenceUID: string;
}

export interface ImagePanel {
  readonly viewportId: string;
  readonly element: HTMLDivElement;
  viewport(): Types.IStackViewport;
  /** Shows the image; resolves once it is set on the viewport (drawn at the next animation frame). */
  show(img: PanelImage): Promise<void>;
  /** Resolves when the viewport has drawn (its next IMAGE_RENDERED), or after 250 ms if nothing is drawn (hidden panel). */
  drawn(): Promise<void>;
  hasImage(): boolean;
  /** World (image geometry) → canvas pixels. */
  toCanvas(world: readonly [number, number, number]): [number, number];
  toWorld(x: number, y: number): [number, number, number];
  destroy(): void;
}

/** How the last show() went: 'image' = new Cornerstone image and actor, 'pixels' = in-place pixel update. */
export type ShowPath = 'image' | 'pixels';

/** Everything but the pixels: equal keys mean the shown image's vtkImageData can take the new pixels. */
export function geometryKey(img: PanelImage): string {
  return [img.width, img.height, img.colSpacingMm, img.rowSpacingMm, ...img.originLps, ...img.rowDir, ...img.colDir, img.frameOfReferenceUID].join(',');
}

/** Metadata the StackViewport reads besides the plane and pixel modules (createAndCacheLocalImage adds those). */
function addDisplayMetadata(imageId: string, voi: { lower: number; upper: number }): void {
  const add = (type: string, metadata: unknown) => utilities.genericMetadataProvider.add(imageId, { type, metadata });
  add('generalSeriesModule', { modality: 'CT' });
  add('modalityLutModule', { rescaleSlope: 1, rescaleIntercept: 0 });
  add('voiLutModule', { windowCenter: [(voi.lower + voi.upper) / 2], windowWidth: [voi.upper - voi.lower] });
}

/** The vtkImageData scalars the viewport's actor draws (undefined before the first image). */
function actorScalars(v: Types.IStackViewport): { getData(): ArrayLike<number> & { set(a: ArrayLike<number>): void }; modified(): void } | undefined {
  const id = v.getImageData() as (Types.IImageData & { imageData?: { getPointData(): { getScalars(): unknown } } }) | undefined;
  return id?.imageData?.getPointData().getScalars() as ReturnType<typeof actorScalars>;
}

/** Probe and length annotations on this frame of reference read the pixels again at the next render. */
function invalidateAnnotations(frameOfReferenceUID: string): void {
  for (const a of annotation.state.getAllAnnotations()) if (a.metadata?.FrameOfReferenceUID === frameOfReferenceUID) a.invalidated = true;
}

/** HU range a CPU-rendered panel stores: int16, and a fixed table range so in-place frames never fall outside it */
const CPU_MIN_HU = -1024, CPU_MAX_HU = 3071;

/**
 * A StackViewport on Cornerstone's CPU path while the rest of the page stays on WebGL. Cornerstone only has a
 * global switch (read when the viewport is built) and asks the viewport class, not the instance, which
 * pipeline it uses: the switch is on while this viewport is built, and the instance answers 'custom'.
 */
function enableCpuStack(engine: RenderingEngine, viewportId: string, element: HTMLDivElement): void {
  const wasCpu = getShouldUseCPURendering();
  setUseCPURendering(true, false);
  try {
    engine.enableElement({ viewportId, type: Enums.ViewportType.STACK, element, defaultOptions: { background: [0, 0, 0] as Types.Point3 } });
  } finally {
    setUseCPURendering(wasCpu, false);
  }
  keepOnCpuPath(engine.getViewport(viewportId), viewportId);
}

/** Float HU → the CPU panel's int16 (rounded, clamped to its table range). */
export function toCpuPixels(src: Float32Array, dst: Int16Array): void {
  for (let i = 0; i < src.length; i++) {
    const v = Math.round(src[i]!);
    dst[i] = v < CPU_MIN_HU ? CPU_MIN_HU : v > CPU_MAX_HU ? CPU_MAX_HU : v;
  }
}

export type PanelRenderer = 'gpu' | 'cpu';

/** What a panel keeps between frames. */
interface PanelState {
  readonly cpu: boolean;
  readonly viewportId: string;
  readonly panelNo: string;
  readonly vp: () => Types.IStackViewport;
  /** two image ids used in turn when the geometry changes (the old one is removed once the new one is set) */
  slot: number;
  current: string | undefined;
  /** the shown image's own pixel buffer (its Cornerstone scalar data) and geometry */
  pixels: Float32Array | undefined;
  cpuPixels: Int16Array | undefined;
  shownKey: string;
  lastPath: ShowPath | undefined;
  voiRange: { lower: number; upper: number };
}

/** A new Cornerstone image for `img` (new geometry), shown in place of the previous one. */
async function showImage(s: PanelState, img: PanelImage, key: string): Promise<void> {
  const v = s.vp();
  s.slot = 1 - s.slot;
  const imageId = `coroimg:${s.viewportId}-${s.panelNo}-${s.slot}`;
  if (cache.getImageLoadObject(imageId)) cache.removeImageLoadObject(imageId, { force: true });
  if (s.current) s.voiRange = v.getProperties().voiRange ?? s.voiRange;
  addDisplayMetadata(imageId, s.voiRange);
  const d = img.rowDir, c = img.colDir;
  // a buffer of our own: the caller's array may be reused or transferred, later frames are written into this one
  // (the CPU path keeps only its int16 copy: a float one would be written every frame and never read)
  const own = s.cpu ? undefined : new Float32Array(img.data);
  const ownCpu = s.cpu ? new Int16Array(img.data.length) : undefined;
  if (ownCpu) toCpuPixels(img.data, ownCpu);
  const csImage = imageLoader.createAndCacheLocalImage(imageId, {
    scalarData: ownCpu ?? own!,
    dimensions: [img.width, img.height],
    spacing: [img.colSpacingMm, img.rowSpacingMm],
    origin: [img.originLps[0], img.originLps[1], img.originLps[2]],
    direction: [d[0], d[1], d[2], c[0], c[1], c[2], d[1] * c[2] - d[2] * c[1], d[2] * c[0] - d[0] * c[2], d[0] * c[1] - d[1] * c[0]] as Types.Mat3,
    frameOfReferenceUID: img.frameOfReferenceUID,
  });
  // Root cause of the former inverted grey scale: createAndCacheLocalImage gives the image window width 0 /
  // centre 0, which Cornerstone turns into the range {lower 0, upper −1}; the stack viewport builds its linear
  // transfer function on that reversed range (white at −1, black at 0) and a later setVOI only rescales
  // those nodes, so the ramp stayed reversed. The image's own window, set before setStack, builds it the
  // right way round.
  const w = csImage as unknown as { windowCenter: number; windowWidth: number };
  w.windowCenter = (s.voiRange.lower + s.voiRange.upper) / 2;
  w.windowWidth = s.voiRange.upper - s.voiRange.lower;
  if (ownCpu) Object.assign(csImage, { minPixelValue: CPU_MIN_HU, maxPixelValue: CPU_MAX_HU });
  const sameSize = s.current !== undefined && s.shownKey.split(',').slice(0, 4).join(',') === key.split(',').slice(0, 4).join(',');
  const camera = sameSize ? v.getCamera() : undefined;
  await v.setStack([imageId], 0);
  if (camera) v.setCamera({ parallelScale: camera.parallelScale, focalPoint: camera.focalPoint, position: camera.position });
  else v.resetCamera();
  v.setProperties({ voiRange: s.voiRange, invert: false });
  const old = s.current;
  s.current = imageId;
  s.pixels = own;
  s.cpuPixels = ownCpu ? ((csImage as unknown as { voxelManager?: { getScalarData(): Int16Array } }).voxelManager?.getScalarData() ?? ownCpu) : undefined;
  s.shownKey = key;
  if (old && old !== imageId && cache.getImageLoadObject(old)) cache.removeImageLoadObject(old, { force: true });
  s.lastPath = 'image';
}

/** Same geometry: new pixels into the shown image and its vtkImageData; false when the actor is not there. */
function writePixels(s: PanelState, img: PanelImage): boolean {
  const v = s.vp();
  if (s.cpu) {
    if (!s.cpuPixels || s.cpuPixels.length !== img.data.length) return false;
    toCpuPixels(img.data, s.cpuPixels);
    invalidateCpuImage(v);
    invalidateAnnotations(img.frameOfReferenceUID);
    s.lastPath = 'pixels';
    return true;
  }
  const scalars = actorScalars(v);
  if (!scalars || !s.pixels || scalars.getData().length !== img.data.length) return false;
  s.pixels.set(img.data);
  scalars.getData().set(img.data);
  scalars.modified();
  markImageDataModified(v);
  invalidateAnnotations(img.frameOfReferenceUID);
  s.lastPath = 'pixels';
  return true;
}

export function createImagePanel(engine: RenderingEngine, viewportId: string, element: HTMLDivElement, voi: { lower: number; upper: number }, renderer: PanelRenderer = 'gpu'): ImagePanel & { lastPath(): ShowPath | undefined; renderer: PanelRenderer } {
  const cpu = renderer === 'cpu';
  if (cpu) enableCpuStack(engine, viewportId, element);
  else engine.enableElement({ viewportId, type: Enums.ViewportType.STACK, element, defaultOptions: { background: [0, 0, 0] as Types.Point3 } });
  const vp = () => engine.getViewport(viewportId) as Types.IStackViewport;
  const s: PanelState = {
    cpu, viewportId, panelNo: uniqueToken(), vp, slot: 0, current: undefined, pixels: undefined, cpuPixels: undefined, shownKey: '', lastPath: undefined, voiRange: voi,
  };
  return {
    viewportId,
    element,
    renderer,
    viewport: vp,
    async show(img) {
      if (img.data.length !== img.width * img.height) throw new Error(`image panel ${viewportId}: ${img.data.length} pixels for ${img.width} × ${img.height}`);
      const key = geometryKey(img);
      if (!(s.current && key === s.shownKey && writePixels(s, img))) await showImage(s, img, key);
      vp().render();
    },
    drawn: () => new Promise<void>((done) => {
      const finish = () => { clearTimeout(timer); element.removeEventListener(Enums.Events.IMAGE_RENDERED, finish); done(); };
      const timer = setTimeout(finish, 250);
      element.addEventListener(Enums.Events.IMAGE_RENDERED, finish);
    }),
    hasImage: () => s.current !== undefined,
    lastPath: () => s.lastPath,
    toCanvas(world) {
      const p = vp().worldToCanvas([world[0], world[1], world[2]]);
      return [p[0], p[1]];
    },
    toWorld(x, y) {
      const w = vp().canvasToWorld([x, y]);
      return [w[0], w[1], w[2]];
    },
    destroy() {
      for (const id of [0, 1].map((k) => `coroimg:${viewportId}-${s.panelNo}-${k}`)) if (cache.getImageLoadObject(id)) cache.removeImageLoadObject(id, { force: true });
      s.current = undefined;
      s.pixels = undefined;
      engine.disableElement(viewportId);
    },
  };
}
