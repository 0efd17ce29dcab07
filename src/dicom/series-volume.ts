/** Decode a stackable series and build its Volume (pure: codecs injected). */
import type { SeriesGroup } from './series-types.ts';
import type { CodecRegistry } from './codecs.ts';
import type { BuildVolumeOptions, BuiltVolume } from '../volume/build.ts';
import { DicomError } from './errors.ts';

export interface SeriesVolumeOptions extends BuildVolumeOptions {
  readonly onProgress?: (done: number, total: number) => void;
}

/** @throws DicomError `not-a-volume` (no stack), decode errors of any slice, build errors */
export async function decodeSeriesVolume(series: SeriesGroup, codecs: CodecRegistry, opts: SeriesVolumeOptions = {}): Promise<BuiltVolume> {
  void series;
  void codecs;
  void opts;
  throw new DicomError('internal', {}, 'decodeSeriesVolume: not implemented yet');
}
