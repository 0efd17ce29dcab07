/**
 * A Cornerstone StackViewport showing images computed by the worker pool (float32 HU, true mm spacing) so
 * window/level, zoom, pan, length and probe work as in MPR.
 *
 * Two update paths. A new geometry (first image, other size, spacing, origin or axes) builds a Cornerstone
 * image and sets it on the viewport (new vtkImageData and actor). The same geometry again — every frame of a
 * CPR rotation, every cursor move of the cross-section — writes the pixels into the shown image in place:
 * the cached Cornerstone image's scalar array (what the probe tool and getImageData() read) and the actor's
 * vtkImageData scalars, marked modified so vtk.js re-uploads only the texture; camera, W/L and actor stay.
 */
import { cache, Enums, imageLoader, utilities, type RenderingEngine, type Types } from '@cornerstonejs/core';
import { annotation } from '@cornerstonejs/tools';

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
  hasImage(): boolean;
  /** World (image geometry) → canvas pixels. */
  toCanvas(world: readonly [number, number, number]): [number, number];
  toWorld(x: number, y: number): [number, number, number];
  destroy(): void;
}

/** How the last show() went: 'image' = new Cornerstone image and actor, 'pixels' = in-place pixel update. */
export type ShowPath = 'image' | 'pixels';

let panelCounter = 0;

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

export function createImagePanel(engine: RenderingEngine, viewportId: string, element: HTMLDivElement, voi: { lower: number; upper: number }): ImagePanel & { lastPath(): ShowPath | undefined } {
  engine.enableElement({ viewportId, type: Enums.ViewportType.STACK, element, defaultOptions: { background: [0, 0, 0] as Types.Point3 } });
  const panelNo = ++panelCounter;
  // two image ids used in turn when the geometry changes (the old one is removed once the new one is set)
  let slot = 0;
  let current: string | undefined;
  /** the shown image's own pixel buffer (its Cornerstone scalar data) and geometry */
  let pixels: Float32Array | undefined;
  let shownKey = '';
  let lastPath: ShowPath | undefined;
  let voiRange = voi;
  const vp = () => engine.getViewport(viewportId) as Types.IStackViewport;

  const showImage = async (img: PanelImage, key: string) => {
    const v = vp();
    slot = 1 - slot;
    const imageId = `coroimg:${viewportId}-${panelNo}-${slot}`;
    if (cache.getImageLoadObject(imageId)) cache.removeImageLoadObject(imageId, { force: true });
    if (current) voiRange = v.getProperties().voiRange ?? voiRange;
    addDisplayMetadata(imageId, voiRange);
    const d = img.rowDir, c = img.colDir;
    // a buffer of our own: the caller's array may be reused or transferred, later frames are written into this one
    const own = new Float32Array(img.data);
    const csImage = imageLoader.createAndCacheLocalImage(imageId, {
      scalarData: own,
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
    w.windowCenter = (voiRange.lower + voiRange.upper) / 2;
    w.windowWidth = voiRange.upper - voiRange.lower;
    const sameSize = current !== undefined && shownKey.split(',').slice(0, 4).join(',') === key.split(',').slice(0, 4).join(',');
    const camera = sameSize ? v.getCamera() : undefined;
    await v.setStack([imageId], 0);
    if (camera) v.setCamera({ parallelScale: camera.parallelScale, focalPoint: camera.focalPoint, position: camera.position });
    else v.resetCamera();
    v.setProperties({ voiRange, invert: false });
    const old = current;
    current = imageId;
    pixels = own;
    shownKey = key;
    if (old && old !== imageId && cache.getImageLoadObject(old)) cache.removeImageLoadObject(old, { force: true });
    lastPath = 'image';
  };

  /** Same geometry: new pixels into the shown image and its vtkImageData; false when the actor is not there. */
  const writePixels = (img: PanelImage): boolean => {
    const v = vp();
    const scalars = actorScalars(v);
    if (!scalars || !pixels || scalars.getData().length !== img.data.length) return false;
    pixels.set(img.data);
    scalars.getData().set(img.data);
    scalars.modified();
    (v.getImageData() as unknown as { imageData: { modified(): void } }).imageData.modified();
    invalidateAnnotations(img.frameOfReferenceUID);
    lastPath = 'pixels';
    return true;
  };

  return {
    viewportId,
    element,
    viewport: vp,
    async show(img) {
      if (img.data.length !== img.width * img.height) throw new Error(`image panel ${viewportId}: ${img.data.length} pixels for ${img.width} × ${img.height}`);
      const key = geometryKey(img);
      if (!(current && key === shownKey && writePixels(img))) await showImage(img, key);
      vp().render();
    },
    hasImage: () => current !== undefined,
    lastPath: () => lastPath,
    toCanvas(world) {
      const p = vp().worldToCanvas([world[0], world[1], world[2]]);
      return [p[0], p[1]];
    },
    toWorld(x, y) {
      const w = vp().canvasToWorld([x, y]);
      return [w[0], w[1], w[2]];
    },
    destroy() {
      for (const id of [0, 1].map((k) => `coroimg:${viewportId}-${panelNo}-${k}`)) if (cache.getImageLoadObject(id)) cache.removeImageLoadObject(id, { force: true });
      current = undefined;
      pixels = undefined;
      engine.disableElement(viewportId);
    },
  };
}
