/// <reference lib="webworker" />
/**
 * The service worker (vite-plugin-pwa injectManifest, Workbox precaching):
 * - precaches the app shell, the codecs, the WASM kernels and the worker scripts (the build's manifest), so the
 *   viewer starts with the network cut after one visit;
 * - serves /studies/ from the network, else from the studies cache the page fills on request ("Keep offline");
 * - adds COOP/COEP to what it serves (isolation.ts) for hosts that cannot set headers;
 * - waits with an update until the page says the user accepted it (never a page running two versions).
 */
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import type { RouteHandlerCallbackOptions } from 'workbox-core';
import { withIsolation } from './isolation.ts';
import { SKIP_WAITING, STUDIES_CACHE } from './names.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<string | { url: string; revision: string | null }> };

addPlugins([{ handlerWillRespond: async ({ response }) => withIsolation(response) }]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/studies\//] }));

async function studiesHandler({ request }: RouteHandlerCallbackOptions): Promise<Response> {
  try {
    return withIsolation(await fetch(request));
  } catch (e) {
    const hit = await caches.match(request, { cacheName: STUDIES_CACHE, ignoreSearch: true, ignoreVary: true });
    if (hit) return withIsolation(hit);
    throw e;
  }
}
registerRoute(({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/studies/'), studiesHandler);
// the rest of the origin (cross-origin requests, e.g. a PACS, are left to the browser)
registerRoute(({ sameOrigin }) => sameOrigin, async ({ request }) => withIsolation(await fetch(request)));

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === SKIP_WAITING) void self.skipWaiting();
});
