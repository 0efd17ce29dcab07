/** Decode a stackable series and build its Volume (pure: codecs injected). */
import type { SeriesGroup } from './series-types.ts';
import type { CodecRegistry } from './codecs.ts';
import { buildVolume, type BuildVolumeOptions, type BuiltVolume } from '../volume/build.ts';
import { DicomError } from './errors.ts';
import { decodeFrame, storedToHuInt16 } from './decode.ts';
import { frameOf } from './series.ts';

export interface SeriesVolumeOptions extends BuildVolumeOptions {
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Decode every slice to Int16 HU (rescale per frame) and build the volume.
 * @throws DicomError `not-a-volume` (not a stack, colour, varying IOP…), decode errors, build errors
 */
export async function decodeSeriesVolume(series: SeriesGroup, codecs: CodecRegistry, opts: SeriesVolumeOptions = {}): Promise<BuiltVolume> {
  const stack = series.stack;
  if (!stack) {
    const why = series.problems.find((p) => ['varying-orientation', 'varying-size', 'missing-geometry'].includes(p.code));
    throw new DicomError('not-a-volume', { series: series.seriesInstanceUid || series.key, reason: why?.code ?? 'not-stackable' });
  }
  const first = series.slices[0];
  if (first && first.image.header.samplesPerPixel !== 1) {
    throw new DicomError('not-a-volume', { series: series.seriesInstanceUid || series.key, reason: 'colour' });
  }
  const slicesHu: Int16Array[] = [];
  let done = 0;
  for (const s of series.slices) {
    const frame = await decodeFrame(s.image, s.frameIndex, codecs);
    slicesHu.push(storedToHuInt16(frame.stored, frameOf(s)));
    opts.onProgress?.(++done, series.slices.length);
  }
  return buildVolume(stack, slicesHu, opts);
}
