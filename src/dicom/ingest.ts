/** Pure ingest of in-memory files (browser or Node): parse, classify, group, sort. */
import type { InputFile } from './types.ts';
import type { IngestResult } from './series-types.ts';

export interface IngestOptions {
  /** Called after each file is parsed (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Parse every file, list non-images, skip unreadable files with a code, group the images. */
export function ingestFiles(files: readonly InputFile[], opts: IngestOptions = {}): IngestResult {
  void files;
  void opts;
  return { studies: [], nonImages: [], skipped: [] };
}
