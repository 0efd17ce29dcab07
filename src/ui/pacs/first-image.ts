/**
 * The first image of a PACS study, drawn while the rest of the series downloads: the volume needs every
 * slice (geometry, sort), the learner does not need to stare at a bar meanwhile. The first instance that
 * arrives is decoded by dicom-image-loader (its workers hold the JPEG-LS / JPEG 2000 / HTJ2K codecs, so a
 * compressed frame is decoded where the volume's frames are) and drawn grey into a 2D canvas at the CT
 * angiography window (HU), or at the image's own window for other modalities.
 */
import { imageLoader, type Types } from '@cornerstonejs/core';
import { wadouri } from '@cornerstonejs/dicom-image-loader';
import { WL_PRESETS, wlToVoi, type VoiRange } from '../../viewer/window-level.ts';
import { el } from '../dom.ts';

export interface FirstImage {
  /** A figure: the canvas and a caption (the caller's text). */
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly caption: HTMLElement;
  /** Decodes and draws `bytes` (one Part 10 instance); false when it cannot be shown (colour, decode error). */
  show(bytes: Uint8Array): Promise<boolean>;
  clear(): void;
}

/** Stored values → grey RGBA through a linear modality rescale then a window (values outside clamp). */
export function greyRgba(pixels: ArrayLike<number>, slope: number, intercept: number, voi: VoiRange): Uint8ClampedArray {
  const out = new Uint8ClampedArray(pixels.length * 4);
  const width = Math.max(1e-6, voi.upper - voi.lower);
  for (let i = 0; i < pixels.length; i++) {
    const v = ((pixels[i]! * slope + intercept - voi.lower) / width) * 255;
    const o = i * 4;
    out[o] = out[o + 1] = out[o + 2] = v;
    out[o + 3] = 255;
  }
  return out;
}

/** The window to draw an image at: CTA for CT, else the file's window, else its value range. */
function voiOf(img: Types.IImage, modality: string): VoiRange {
  if (modality === 'CT') return wlToVoi(WL_PRESETS.cta);
  const wc = Array.isArray(img.windowCenter) ? img.windowCenter[0] : img.windowCenter;
  const ww = Array.isArray(img.windowWidth) ? img.windowWidth[0] : img.windowWidth;
  if (Number.isFinite(wc) && Number.isFinite(ww) && (ww as number) > 0) return wlToVoi({ widthHu: ww as number, levelHu: wc as number });
  return { lower: img.minPixelValue, upper: img.maxPixelValue };
}

export function createFirstImage(ready: Promise<unknown>): FirstImage {
  const canvas = el('canvas', { class: 'pacs-first-image', 'data-testid': 'pacs-first-image' });
  const root = el('figure', { class: 'pacs-first' });
  const caption = el('figcaption');
  root.append(canvas, caption);
  root.hidden = true;
  let generation = 0;
  return {
    root,
    canvas,
    caption,
    async show(bytes) {
      const mine = ++generation;
      await ready;
      // one file-manager entry for this instance, released once drawn (the volume registers its own)
      const imageId = wadouri.fileManager.add(new Blob([bytes as Uint8Array<ArrayBuffer>]));
      const url = imageId.slice('dicomfile:'.length);
      try {
        const img = (await imageLoader.loadImage(imageId)) as Types.IImage;
        if (mine !== generation || img.color) return false;
        const ds = wadouri.dataSetCacheManager.get(url);
        const modality = (ds?.string('x00080060') ?? '').trim().toUpperCase();
        // a pre-scaled image already holds modality values (HU for CT)
        const scaled = img.preScale?.scaled === true;
        const rgba = greyRgba(img.getPixelData(), scaled ? 1 : img.slope, scaled ? 0 : img.intercept, voiOf(img, modality));
        canvas.width = img.columns;
        canvas.height = img.rows;
        canvas.getContext('2d')!.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, img.columns, img.rows), 0, 0);
        root.hidden = false;
        canvas.dataset.shown = String(mine);
        canvas.dataset.sopUid = ds?.string('x00080018') ?? '';
        return true;
      } catch {
        return false;
      } finally {
        while (wadouri.dataSetCacheManager.isLoaded(url)) wadouri.dataSetCacheManager.unload(url);
        wadouri.fileManager.remove(Number(url));
      }
    },
    clear() {
      generation++;
      root.hidden = true;
      delete canvas.dataset.shown;
      delete canvas.dataset.sopUid;
    },
  };
}
