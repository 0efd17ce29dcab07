/**
 * What the user can open from a set of local files: the openable series (slices sorted along the
 * normal by the ingest) and the problems list (skipped and non-image files, with FR/EN reasons).
 */
import { ingestFiles } from '../dicom/ingest.ts';
import { dicomMessage } from '../dicom/messages.ts';
import type { InputFile, SeriesProblemCode } from '../dicom/types.ts';
import type { IngestResult } from '../dicom/series-types.ts';
import { format, type Lang } from '../i18n/index.ts';

export interface OpenableSeries {
  readonly key: string;
  readonly description: string;
  readonly modality: string;
  /** File names of the slices, sorted along the slice normal. */
  readonly files: readonly string[];
  readonly problems: readonly ((lang: Lang) => string)[];
  readonly rows: number;
  readonly columns: number;
  /** Median step between slices along the normal, mm (0 when not a stack). */
  readonly sliceSpacingMm: number;
  /** Why the slices do not form a volume (a series problem code), or undefined when they do. */
  readonly notVolume: SeriesProblemCode | undefined;
}

const NOT_STACKABLE: readonly SeriesProblemCode[] = ['varying-orientation', 'varying-size', 'missing-geometry'];

export interface FileProblem {
  readonly file: string;
  readonly message: (lang: Lang) => string;
}

export interface IngestSummary {
  readonly series: readonly OpenableSeries[];
  readonly problems: readonly FileProblem[];
}

export function summariseIngest(result: IngestResult): IngestSummary {
  const series: OpenableSeries[] = [];
  for (const study of result.studies) {
    for (const s of study.series) {
      if (s.slices.length === 0) continue;
      series.push({
        key: s.key,
        description: s.description || study.description || s.modality,
        modality: s.modality,
        files: s.slices.filter((r) => r.frameIndex === 0).map((r) => r.file),
        problems: s.problems.map((p) => (lang: Lang) => dicomMessage(p.code, p.params, lang)),
        rows: s.rows,
        columns: s.columns,
        sliceSpacingMm: s.stack?.sliceSpacingMm ?? 0,
        notVolume: s.stack ? undefined : (s.problems.find((p) => NOT_STACKABLE.includes(p.code))?.code ?? 'missing-geometry'),
      });
    }
  }
  const problems: FileProblem[] = [
    ...result.skipped.map((f) => ({ file: f.file, message: (lang: Lang) => dicomMessage(f.reason, f.params, lang) })),
    // A DICOMDIR is the index of the media, not a problem.
    ...result.nonImages.filter((n) => n.kind !== 'dicomdir').map((n) => ({ file: n.file, message: (lang: Lang) => format(lang, 'nonImage', { kind: n.kind }) })),
  ];
  // Volumes first, biggest first.
  series.sort((a, b) => b.files.length - a.files.length);
  return { series, problems };
}

/** Runs the project's ingest; falls back to a minimal header reader while the ingest is not available. */
export function ingestLocal(files: readonly InputFile[], onProgress?: (done: number, total: number) => void): IngestSummary {
  return summariseIngest(ingestFiles(files, onProgress ? { onProgress } : {}));
}
