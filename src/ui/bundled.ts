/** The bundled training studies served at /studies/ (index.json written by the sample-data generator). */
import type { InputFile } from '../dicom/types.ts';

export interface BundledStudy {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly imageCount: number;
  readonly folder: string;
  readonly zip: string;
  readonly truth: string;
}

export const STUDIES_BASE = '/studies/';

/** A file of a bundled case did not arrive: no answer at all (`status` 0: network down) or an HTTP error. */
export class BundledFetchError extends Error {
  override readonly name = 'BundledFetchError';
  constructor(readonly url: string, readonly status: number) {
    super(status ? `cannot read ${url}: HTTP ${status}` : `cannot read ${url}: no answer from the network`);
  }
}

/** fetch(), its failures as BundledFetchError (the browser's own message is in its language, not the reader's). */
async function fetchOk(url: string, init?: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch {
    throw new BundledFetchError(url, 0);
  }
  if (!res.ok) throw new BundledFetchError(url, res.status);
  return res;
}

export async function fetchStudyIndex(): Promise<BundledStudy[]> {
  const res = await fetch(`${STUDIES_BASE}index.json`, { cache: 'no-store' });
  if (!res.ok) return [];
  const body = (await res.json()) as { studies?: BundledStudy[] };
  return body.studies ?? [];
}

/** URL of the listing of a study folder (the service worker and "Keep offline" use the same URLs). */
export function studyListingUrl(study: BundledStudy): string {
  return `${STUDIES_BASE}${study.folder.replace(/\/$/, '')}/__files.json`;
}

export function studyFileUrl(study: BundledStudy, name: string): string {
  return `${STUDIES_BASE}${study.folder.replace(/\/$/, '')}/${name.split('/').map(encodeURIComponent).join('/')}`;
}

/** Fetches every file of a study folder from the local server (the listing excludes .json files). */
export async function fetchStudyFiles(study: BundledStudy, onProgress?: (done: number, total: number) => void): Promise<InputFile[]> {
  const res = await fetchOk(studyListingUrl(study), { cache: 'no-store' });
  const { files } = (await res.json()) as { files: string[] };
  let done = 0;
  let lastProgressMs = 0;
  return Promise.all(
    files.map(async (name) => {
      const r = await fetchOk(studyFileUrl(study, name));
      const bytes = new Uint8Array(await r.arrayBuffer());
      // at most every 100 ms (each DOM change costs a composited frame), and the last file
      const now = performance.now();
      if (++done === files.length || now - lastProgressMs >= 100) {
        lastProgressMs = now;
        onProgress?.(done, files.length);
      }
      return { name, bytes };
    }),
  );
}
