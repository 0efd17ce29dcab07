/**
 * Registers the service worker (dist/sw.js; absent from the dev server) and reports what the page must tell
 * the user: an update waiting (applied only when the user asks: the waiting worker then takes over and the page
 * reloads, so no page ever runs half of each version), another tab having activated an update, and the first
 * install on a host without COOP/COEP headers (a reload makes the page cross-origin isolated).
 */
import { SKIP_WAITING } from '../../sw/names.ts';

export interface ServiceWorkerEvents {
  /** a new version is installed and waits; `apply` activates it and reloads */
  updateReady(apply: () => void): void;
  /** another tab activated a new version under this page */
  updateActive(): void;
  /** first install done on a page that is not isolated: a reload would make it so */
  isolationOnReload(): void;
  /** the app shell is precached: the app starts offline from now on */
  offlineReady(): void;
}

export async function registerServiceWorker(events: ServiceWorkerEvents, url = '/sw.js'): Promise<ServiceWorkerRegistration | undefined> {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return undefined;
  const sw = navigator.serviceWorker;
  const hadController = sw.controller !== null;
  let applying = false;
  sw.addEventListener('controllerchange', () => {
    if (applying) window.location.reload();
    else if (hadController) events.updateActive();
    else if (!window.crossOriginIsolated) events.isolationOnReload();
  });
  let reg: ServiceWorkerRegistration;
  try {
    reg = await sw.register(url, { scope: '/' });
  } catch {
    return undefined; // no service worker in this build (dev server) or refused: the app works online
  }
  const apply = () => {
    applying = true;
    reg.waiting?.postMessage({ type: SKIP_WAITING });
  };
  const watch = (w: ServiceWorker | null) => {
    w?.addEventListener('statechange', () => {
      if (w.state === 'installed' && sw.controller) events.updateReady(apply);
      if (w.state === 'activated' && !hadController) events.offlineReady();
    });
  };
  if (reg.waiting && sw.controller) events.updateReady(apply);
  watch(reg.installing);
  reg.addEventListener('updatefound', () => watch(reg.installing));
  if (reg.active && hadController) events.offlineReady();
  return reg;
}
