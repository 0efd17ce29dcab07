/** Node input collection: folder (recursive), one file, a .zip, or a DICOMDIR. */
import type { InputFile, SkippedFile } from './types.ts';

export interface CollectedInputs {
  readonly files: InputFile[];
  readonly skipped: SkippedFile[];
}

/**
 * Collect the files under `path`. Unreadable files become skipped entries.
 * @throws DicomError `path-not-found`
 */
export async function collectInputs(path: string): Promise<CollectedInputs> {
  void path;
  return { files: [], skipped: [] };
}

/** Unzip an archive in memory (fflate); directories and __MACOSX entries are dropped. */
export function unzipInputs(zipName: string, bytes: Uint8Array): CollectedInputs {
  void zipName;
  void bytes;
  return { files: [], skipped: [] };
}
