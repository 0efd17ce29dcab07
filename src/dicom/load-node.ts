/** Node: path → Volume of the CT series (used by the CLI `measure` and tests). */
import type { Volume } from '../volume/volume.ts';
import type { IngestResult, SeriesGroup } from './series-types.ts';
import type { SeriesProblem } from './types.ts';
import type { CodecRegistry } from './codecs.ts';
import { DicomError } from './errors.ts';

export interface LoadVolumeOptions {
  /** SeriesInstanceUID (or series key) to load; required when several series qualify. */
  readonly seriesUid?: string;
  /** Codec registry (default: createNodeCodecs()). */
  readonly codecs?: CodecRegistry;
  /** Progress messages (e.g. to stderr). */
  readonly onProgress?: (message: string) => void;
}

export interface LoadedVolume {
  readonly volume: Volume;
  readonly series: SeriesGroup;
  readonly ingest: IngestResult;
  /** Problems of the series plus what the volume builder did (e.g. resampled). */
  readonly warnings: readonly SeriesProblem[];
}

/**
 * Collect, ingest, pick the CT series, decode and build an Int16 HU volume.
 * @throws DicomError `no-images`, `no-volume-series`, `several-series` (params.candidates: ask for --series),
 *         `series-not-found`, `not-a-volume`, `volume-sheared`, …
 */
export async function loadVolume(path: string, opts: LoadVolumeOptions = {}): Promise<LoadedVolume> {
  void path;
  void opts;
  throw new DicomError('internal', {}, 'loadVolume: not implemented yet');
}
