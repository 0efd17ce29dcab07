/**
 * "Disponible hors ligne / Keep offline": copies the training studies (index, listings, every file) into the
 * studies cache that the service worker answers /studies/ from when the network is cut. The marker entry is
 * written last, so a half-filled cache never claims to be complete; a failed run leaves what was cached before.
 */
import { OFFLINE_MARKER_URL, STUDIES_CACHE, type OfflineMarker } from '../../sw/names.ts';
import { STUDIES_BASE, studyFileUrl, studyListingUrl, type BundledStudy } from '../bundled.ts';

export interface KeepOfflineProgress {
  readonly done: number;
  readonly total: number;
  readonly bytes: number;
}

/** Thrown when the browser refuses to store more: carries the figures for the message. */
export class StorageFullError extends Error {
  constructor(readonly neededBytes: number, readonly freeBytes: number | undefined) {
    super(`storage full: ${neededBytes} bytes needed, ${freeBytes ?? '?'} free`);
    this.name = 'StorageFullError';
  }
}

export function isQuotaError(e: unknown): boolean {
  return e instanceof DOMException && (e.name === 'QuotaExceededError' || e.code === 22);
}

export async function freeStorageBytes(): Promise<number | undefined> {
  const est = await navigator.storage?.estimate?.().catch(() => undefined);
  return est?.quota !== undefined && est.usage !== undefined ? Math.max(0, est.quota - est.usage) : undefined;
}

export async function offlineMarker(): Promise<OfflineMarker | undefined> {
  if (typeof caches === 'undefined') return undefined;
  const hit = await caches.match(OFFLINE_MARKER_URL, { cacheName: STUDIES_CACHE });
  return hit ? ((await hit.json()) as OfflineMarker) : undefined;
}

async function fetchOk(url: string): Promise<Response> {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res;
}

export async function keepStudiesOffline(onProgress: (p: KeepOfflineProgress) => void, concurrency = 6): Promise<OfflineMarker> {
  if (typeof caches === 'undefined') throw new Error('no Cache Storage');
  void navigator.storage?.persist?.().catch(() => false);
  const cache = await caches.open(STUDIES_CACHE);
  const indexUrl = `${STUDIES_BASE}index.json`;
  const indexRes = await fetchOk(indexUrl);
  const studies = ((await indexRes.clone().json()) as { studies?: BundledStudy[] }).studies ?? [];
  const urls: string[] = [];
  const listings: [string, Response][] = [[indexUrl, indexRes]];
  for (const s of studies) {
    const res = await fetchOk(studyListingUrl(s));
    const { files } = (await res.clone().json()) as { files: string[] };
    listings.push([studyListingUrl(s), res]);
    urls.push(...files.map((f) => studyFileUrl(s, f)));
  }
  let done = 0;
  let bytes = 0;
  const put = async (url: string, res: Response) => {
    try {
      await cache.put(url, res);
    } catch (e) {
      if (!isQuotaError(e)) throw e;
      throw new StorageFullError(done > 0 ? Math.round((bytes / done) * urls.length) : bytes, await freeStorageBytes());
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const url = urls[next++]!;
      const res = await fetchOk(url);
      const body = await res.arrayBuffer();
      bytes += body.byteLength;
      await put(url, new Response(body, { headers: { 'Content-Type': res.headers.get('Content-Type') ?? 'application/octet-stream' } }));
      done++;
      onProgress({ done, total: urls.length, bytes });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, urls.length) }, worker));
  for (const [url, res] of listings) await put(url, res);
  const marker: OfflineMarker = { files: urls.length, bytes, studies: studies.map((s) => s.id) };
  await put(OFFLINE_MARKER_URL, new Response(JSON.stringify(marker), { headers: { 'Content-Type': 'application/json' } }));
  return marker;
}
