/** Node: path → Volume of the CT series (used by the CLI `measure` and tests). */
import type { Volume } from '../volume/volume.ts';
import type { IngestResult, SeriesGroup } from './series-types.ts';
import type { SeriesProblem } from './types.ts';
import type { CodecRegistry } from './codecs.ts';
import { DicomError } from './errors.ts';
import { collectInputs } from './source-node.ts';
import { ingestFiles } from './ingest.ts';
import { createNodeCodecs } from './codecs-node.ts';
import { decodeSeriesVolume } from './series-volume.ts';
import type { BuildVolumeOptions } from '../volume/build.ts';

export interface LoadVolumeOptions extends BuildVolumeOptions {
  /** SeriesInstanceUID (or series key) to load; required when several series qualify. */
  readonly seriesUid?: string;
  /** Codec registry (default: createNodeCodecs()). */
  readonly codecs?: CodecRegistry;
  /** Progress messages (e.g. to stderr). */
  readonly onProgress?: (message: string) => void;
  /** Refuse a series whose modality is not CT (`not-ct-series`) instead of loading it with a warning. */
  readonly requireCt?: boolean;
}

export interface LoadedVolume {
  readonly volume: Volume;
  readonly series: SeriesGroup;
  readonly ingest: IngestResult;
  /** Problems of the series plus what the volume builder did (e.g. resampled). */
  readonly warnings: readonly SeriesProblem[];
}

/** Series that can become a CT volume: a stack of ≥ 2 grey slices. */
export function volumeCandidates(ingest: IngestResult): SeriesGroup[] {
  const all = ingest.studies.flatMap((st) => st.series);
  const stacks = all.filter((s) => s.stack && s.slices.length >= 2 && s.slices[0]?.image.header.samplesPerPixel === 1);
  const ct = stacks.filter((s) => s.modality === 'CT');
  return ct.length > 0 ? ct : stacks;
}

/** "CT 'Thorax' 1 image; MR 'T1' multi-frame (10 frames)" — what was found, for a message. */
function describeSeries(all: readonly SeriesGroup[]): string {
  const one = (s: SeriesGroup): string => {
    const frames = s.slices.length === 1 ? s.slices[0]?.image.header.numberOfFrames ?? 1 : 1;
    const what = frames > 1 ? `1 multi-frame object (${frames} frames)` : `${s.slices.length} image${s.slices.length > 1 ? 's' : ''}`;
    return `${s.modality || '?'}${s.description ? ` '${s.description}'` : ''} ${what}`;
  };
  const shown = all.slice(0, 4).map(one);
  return shown.join('; ') + (all.length > 4 ? `; … (${all.length} series)` : '');
}

/** Pick the series to load: the requested one, or the only candidate. */
export function pickSeries(ingest: IngestResult, seriesUid?: string): SeriesGroup {
  const all = ingest.studies.flatMap((st) => st.series);
  if (all.length === 0) throw new DicomError('no-images', { skipped: ingest.skipped.length });
  if (seriesUid !== undefined) {
    const found = all.find((s) => s.seriesInstanceUid === seriesUid || s.key === seriesUid);
    if (!found) throw new DicomError('series-not-found', { series: seriesUid, available: all.map((s) => s.seriesInstanceUid || s.key).join(', ') });
    return found;
  }
  const candidates = volumeCandidates(ingest);
  if (candidates.length === 0) throw new DicomError('no-volume-series', { series: all.length, found: describeSeries(all) });
  if (candidates.length > 1) {
    throw new DicomError('several-series', {
      count: candidates.length,
      candidates: candidates.map((s) => `${s.seriesInstanceUid || s.key} (${s.modality} ${s.description}, ${s.slices.length})`).join('; '),
    });
  }
  return candidates[0] as SeriesGroup;
}

/**
 * Collect, ingest, pick the CT series, decode and build an Int16 HU volume.
 * @throws DicomError `path-not-found`, `no-images`, `no-volume-series`, `several-series`
 *         (params.candidates: ask for --series), `series-not-found`, `not-a-volume`, …
 */
export async function loadVolume(path: string, opts: LoadVolumeOptions = {}): Promise<LoadedVolume> {
  const say = opts.onProgress ?? (() => {});
  say(`reading ${path}`);
  const inputs = await collectInputs(path);
  say(`parsing ${inputs.files.length} files`);
  const parsed = ingestFiles(inputs.files);
  const ingest: IngestResult = { ...parsed, skipped: [...inputs.skipped, ...parsed.skipped] };
  const series = pickSeries(ingest, opts.seriesUid);
  if (opts.requireCt && series.modality !== 'CT') {
    throw new DicomError('not-ct-series', { series: series.seriesInstanceUid || series.key, modality: series.modality || '?' });
  }
  say(`decoding ${series.slices.length} slices of ${series.seriesInstanceUid || series.key}`);
  const { shear, unevenSpacing, spacingTolerance, paddingHu } = opts;
  const built = await decodeSeriesVolume(series, opts.codecs ?? createNodeCodecs(), {
    ...(shear ? { shear } : {}),
    ...(unevenSpacing ? { unevenSpacing } : {}),
    ...(spacingTolerance !== undefined ? { spacingTolerance } : {}),
    ...(paddingHu !== undefined ? { paddingHu } : {}),
  });
  const notCt: SeriesProblem[] = series.modality === 'CT' ? [] : [{ code: 'not-ct', params: { modality: series.modality || '?' } }];
  return { volume: built.volume, series, ingest, warnings: [...notCt, ...series.problems, ...built.warnings] };
}
