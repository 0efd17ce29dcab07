/**
 * Per-viewport text overlays: series description, slice index and position (mm), W/L, HU under the
 * cursor, slab, and orientation letters derived from the camera (FR: D/G, A/P, H/B; EN: R/L, A/P, S/I).
 */
import { utilities, type Types } from '@cornerstonejs/core';
import { format, type Lang } from '../i18n/index.ts';
import { decimal } from '../i18n/number.ts';
import { dominantAxis, edgeLetters } from './orientation.ts';
import { drawScaleBar, viewMmPerPx } from './scale-bar.ts';
import { voiToWl, type SlabBlend } from './window-level.ts';

export interface OverlayElements {
  readonly topLeft: HTMLElement;
  readonly topRight: HTMLElement;
  readonly bottomLeft: HTMLElement;
  readonly bottomRight: HTMLElement;
  readonly hu: HTMLElement;
  readonly top: HTMLElement;
  readonly bottom: HTMLElement;
  readonly left: HTMLElement;
  readonly right: HTMLElement;
  readonly scaleBar: HTMLElement;
  /** the view's name in the current language */
  readonly title: () => string;
}

/** Builds the overlay layer inside a viewport container. */
export function createOverlay(container: HTMLElement, viewId: string, title: () => string): OverlayElements {
  const layer = document.createElement('div');
  layer.className = 'overlay';
  const make = (cls: string): HTMLElement => {
    const el = document.createElement('div');
    el.className = cls;
    el.dataset.testid = `${viewId}-${cls.split(' ').pop()!.replace(/^ov-/, '')}`;
    layer.append(el);
    return el;
  };
  const o: OverlayElements = {
    topLeft: make('ov-top-left'),
    topRight: make('ov-top-right'),
    bottomLeft: make('ov-bottom-left'),
    bottomRight: make('ov-bottom-right'),
    hu: make('ov-hu'),
    top: make('ov-edge ov-top'),
    bottom: make('ov-edge ov-bottom'),
    left: make('ov-edge ov-left'),
    right: make('ov-edge ov-right'),
    scaleBar: make('ov-scale-bar'),
    title,
  };
  container.append(layer);
  return o;
}

/** Value of the voxel nearest to `lps` (HU for CT, the loader rescales), or undefined outside. */
export function sampleHu(volume: Types.IImageVolume, lps: Types.Point3): number | undefined {
  const ijk = utilities.transformWorldToIndex(volume.imageData, lps);
  const [ni, nj, nk] = volume.dimensions;
  const [i, j, k] = ijk.map(Math.round) as [number, number, number];
  if (i < 0 || j < 0 || k < 0 || i >= ni || j >= nj || k >= nk) return undefined;
  const v = volume.voxelManager?.getAtIJK(i, j, k) as number | undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export interface OverlayState {
  readonly lang: Lang;
  readonly seriesDescription: string;
  readonly slabMm: number;
  readonly blend: SlabBlend;
}

/** The view's name, then the series description as the file gives it (marked as text from the file). */
function setTitle(el: HTMLElement, title: string, description: string): void {
  let desc = el.querySelector<HTMLElement>('[data-from-file]');
  if (!desc || !el.firstChild) {
    desc = document.createElement('span');
    desc.dataset.fromFile = '';
    el.replaceChildren(document.createTextNode(''), desc);
  }
  el.firstChild!.nodeValue = `${title}\n`;
  desc.textContent = description;
}

const BLEND_KEY = { mip: 'blendMip', minip: 'blendMinip', mean: 'blendMean' } as const;

/** Refreshes the camera-dependent texts (slice, W/L, orientation letters). */
export function updateOverlay(o: OverlayElements, vp: Types.IVolumeViewport, s: OverlayState): void {
  const cam = vp.getCamera();
  setTitle(o.topLeft, o.title(), s.seriesDescription);
  if (cam.viewUp && cam.viewPlaneNormal && cam.focalPoint) {
    const letters = edgeLetters(cam.viewUp, cam.viewPlaneNormal, s.lang);
    o.top.textContent = letters.top;
    o.bottom.textContent = letters.bottom;
    o.left.textContent = letters.left;
    o.right.textContent = letters.right;
    const axis = dominantAxis(cam.viewPlaneNormal);
    const pos = cam.focalPoint[axis === 'x' ? 0 : axis === 'y' ? 1 : 2];
    let index = 0;
    let count = 0;
    try {
      const slice = utilities.getImageSliceDataForVolumeViewport(vp);
      index = (slice?.imageIndex ?? 0) + 1;
      count = slice?.numberOfSlices ?? 0;
    } catch {
      // volume not ready yet
    }
    o.bottomLeft.textContent = format(s.lang, 'overlaySlice', { index, count, axis, pos: decimal(pos, 1, s.lang) });
    drawScaleBar(o.scaleBar, viewMmPerPx(vp), vp.element.clientWidth, s.lang);
  }
  const range = vp.getProperties()?.voiRange;
  const wl = range ? voiToWl(range) : undefined;
  const slab = s.slabMm > 0 ? format(s.lang, 'slabOverlay', { mode: format(s.lang, BLEND_KEY[s.blend]), mm: s.slabMm }) : '';
  o.topRight.textContent = slab;
  o.bottomRight.textContent = wl ? format(s.lang, 'overlayWl', { ww: Math.round(wl.widthHu), wl: Math.round(wl.levelHu) }) : '';
}

export function showHu(o: OverlayElements, hu: number | undefined, lang: Lang): void {
  o.hu.textContent = hu === undefined ? format(lang, 'overlayHuNone') : format(lang, 'overlayHu', { hu: Math.round(hu) });
}
