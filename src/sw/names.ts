/** Names shared by the service worker and the page (no DOM, no worker globals). */

/** Cache Storage cache holding the training studies kept offline on request. */
export const STUDIES_CACHE = 'coro-studies-v1';
/** Written last into STUDIES_CACHE when every study file is in: its body is an OfflineMarker. */
export const OFFLINE_MARKER_URL = '/studies/__offline.json';
/** Message the page posts to a waiting service worker when the user accepts an update. */
export const SKIP_WAITING = 'coro-skip-waiting';

export interface OfflineMarker {
  readonly files: number;
  readonly bytes: number;
  readonly studies: readonly string[];
}
