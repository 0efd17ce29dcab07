/**
 * A Cornerstone StackViewport showing images computed by the worker pool (float32 HU, true mm spacing) so
 * window/level, zoom, pan, length and probe work as in MPR. Each new image replaces the previous one in the
 * cache; camera and window/level are kept across updates.
 */
import { cache, Enums, imageLoader, utilities, type RenderingEngine, type Types } from '@cornerstonejs/core';

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
  /** Shows the image; resolves once it is set on the viewport. */
  show(img: PanelImage): Promise<void>;
  hasImage(): boolean;
  /** World (image geometry) → canvas pixels. */
  toCanvas(world: readonly [number, number, number]): [number, number];
  toWorld(x: number, y: number): [number, number, number];
  destroy(): void;
}

let panelCounter = 0;

/** Metadata the StackViewport reads besides the plane and pixel modules (createAndCacheLocalImage adds those). */
function addDisplayMetadata(imageId: string, voi: { lower: number; upper: number }): void {
  const add = (type: string, metadata: unknown) => utilities.genericMetadataProvider.add(imageId, { type, metadata });
  add('generalSeriesModule', { modality: 'CT' });
  add('modalityLutModule', { rescaleSlope: 1, rescaleIntercept: 0 });
  add('voiLutModule', { windowCenter: [(voi.lower + voi.upper) / 2], windowWidth: [voi.upper - voi.lower] });
}

export function createImagePanel(engine: RenderingEngine, viewportId: string, element: HTMLDivElement, voi: { lower: number; upper: number }): ImagePanel {
  engine.enableElement({ viewportId, type: Enums.ViewportType.STACK, element, defaultOptions: { background: [0, 0, 0] as Types.Point3 } });
  const panelNo = ++panelCounter;
  // two image ids used in turn (A shown while B is built): the cache and the metadata do not grow
  let slot = 0;
  let current: string | undefined;
  let lastDims = '';
  let voiRange = voi;
  const vp = () => engine.getViewport(viewportId) as Types.IStackViewport;
  return {
    viewportId,
    element,
    viewport: vp,
    async show(img) {
      slot = 1 - slot;
      const imageId = `coroimg:${viewportId}-${panelNo}-${slot}`;
      if (cache.getImageLoadObject(imageId)) cache.removeImageLoadObject(imageId, { force: true });
      addDisplayMetadata(imageId, voiRange);
      const d = img.rowDir, c = img.colDir;
      imageLoader.createAndCacheLocalImage(imageId, {
        scalarData: img.data,
        dimensions: [img.width, img.height],
        spacing: [img.colSpacingMm, img.rowSpacingMm],
        origin: [img.originLps[0], img.originLps[1], img.originLps[2]],
        direction: [d[0], d[1], d[2], c[0], c[1], c[2], d[1] * c[2] - d[2] * c[1], d[2] * c[0] - d[0] * c[2], d[0] * c[1] - d[1] * c[0]] as Types.Mat3,
        frameOfReferenceUID: img.frameOfReferenceUID,
      });
      const v = vp();
      const dims = `${img.width}x${img.height}x${img.colSpacingMm}x${img.rowSpacingMm}`;
      const keep = current !== undefined && dims === lastDims;
      const camera = keep ? v.getCamera() : undefined;
      if (current) voiRange = v.getProperties().voiRange ?? voiRange;
      await v.setStack([imageId], 0);
      if (camera) v.setCamera({ parallelScale: camera.parallelScale, focalPoint: camera.focalPoint, position: camera.position });
      else v.resetCamera();
      // Measured on Cornerstone 5.14 / SwiftShader (pixel read-back): these local float images come out with
      // an inverted grey scale when `invert` is false (214 HU at W2000/L0 drawn 100/255 instead of 155, −535 HU
      // drawn 192 instead of 63); `invert: true` gives the expected values. Set on every image so a new actor
      // gets it too.
      v.setProperties({ voiRange, invert: true });
      v.render();
      current = imageId;
      lastDims = dims;
    },
    hasImage: () => current !== undefined,
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
      engine.disableElement(viewportId);
    },
  };
}
