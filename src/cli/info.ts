/** `coro info <path> [--json]`: studies, series, problems and skipped files. */
import type { CliRun } from './args.ts';
import type { IngestResult } from '../dicom/series-types.ts';
import type { Lang } from '../dicom/messages.ts';

/** The `info --json` contract (issue 5 §4). */
export interface InfoJson {
  studies: {
    studyInstanceUid: string;
    description: string;
    series: {
      seriesInstanceUid: string;
      modality: string;
      description: string;
      rows: number;
      columns: number;
      slices: number;
      spacingMm: [number, number, number];
      transferSyntaxes: string[];
      problems: string[];
    }[];
  }[];
  skipped: { file: string; reason: string }[];
}

/** Convert an ingest result to the info JSON (messages rendered in `lang`, prefixed by the code). */
export function toInfoJson(result: IngestResult, lang: Lang): InfoJson {
  void result;
  void lang;
  return { studies: [], skipped: [] };
}

export const run: CliRun = async () => {
  return 1;
};
