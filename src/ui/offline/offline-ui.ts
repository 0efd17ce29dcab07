/**
 * The installable/offline layer's UI: a status line in the top bar (isolation, updates, offline readiness) and
 * the "Disponible hors ligne / Keep offline" button under the training cases. Strings in messages.ts.
 */
import type { AppEvents } from '../../viewer/events.ts';
import type { Lang } from '../../i18n/index.ts';
import { keepStudiesOffline, offlineMarker, StorageFullError } from './keep-offline.ts';
import { offlineText, type OfflineMessageKey } from './messages.ts';
import { registerServiceWorker } from './register.ts';

type Line = { key: OfflineMessageKey; params?: Record<string, string | number>; action?: { key: OfflineMessageKey; run(): void } };

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);

export interface OfflineUiOptions {
  readonly topbar: HTMLElement;
  /** the element after which the "Keep offline" block goes (the training cases list) */
  readonly studiesList: HTMLElement;
  readonly events: AppEvents;
  lang(): Lang;
  /** true when reloading loses nothing (start page shown, no study open) */
  canReloadNow(): boolean;
}

export function mountOfflineUi(o: OfflineUiOptions): void {
  const status = document.createElement('p');
  status.className = 'app-status';
  status.dataset.testid = 'app-status';
  o.topbar.querySelector('h1')?.after(status);
  const lines = new Map<string, Line>();
  const renderStatus = () => {
    status.replaceChildren();
    for (const line of lines.values()) {
      const span = document.createElement('span');
      span.textContent = offlineText(o.lang(), line.key, line.params);
      status.append(span);
      if (line.action) {
        const b = document.createElement('button');
        b.type = 'button';
        b.dataset.testid = `app-status-${line.action.key}`;
        b.textContent = offlineText(o.lang(), line.action.key);
        b.addEventListener('click', line.action.run);
        status.append(b);
      }
    }
    status.hidden = lines.size === 0;
  };
  const setLine = (id: string, line: Line | undefined) => {
    if (line) lines.set(id, line); else lines.delete(id);
    renderStatus();
  };
  if (!window.crossOriginIsolated) setLine('isolation', { key: 'notIsolated' });
  const reload = () => window.location.reload();

  const box = document.createElement('div');
  box.className = 'keep-offline';
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.testid = 'keep-offline';
  const note = document.createElement('p');
  note.dataset.testid = 'keep-offline-status';
  box.append(button, note);
  o.studiesList.after(box);
  let noteLine: Line = { key: 'keepOfflineHint' };
  const renderBox = () => {
    button.textContent = offlineText(o.lang(), 'keepOffline');
    note.textContent = offlineText(o.lang(), noteLine.key, noteLine.params);
  };
  const setNote = (line: Line) => {
    noteLine = line;
    renderBox();
  };
  button.addEventListener('click', () => {
    button.disabled = true;
    void keepStudiesOffline((p) => setNote({ key: 'keepOfflineProgress', params: { done: p.done, total: p.total, mb: mb(p.bytes) } }))
      .then((m) => setNote({ key: 'keepOfflineDone', params: { files: m.files, mb: mb(m.bytes) } }))
      .catch((e: unknown) => {
        const reason = e instanceof StorageFullError
          ? offlineText(o.lang(), 'quotaExceeded', { need: mb(e.neededBytes), free: e.freeBytes === undefined ? '?' : mb(e.freeBytes) })
          : typeof caches === 'undefined' ? offlineText(o.lang(), 'noCacheApi') : e instanceof Error ? e.message : String(e);
        setNote({ key: 'keepOfflineFailed', params: { reason } });
      })
      .finally(() => (button.disabled = false));
  });
  void offlineMarker().then((m) => m && setNote({ key: 'keepOfflineDone', params: { files: m.files, mb: mb(m.bytes) } })).catch(() => undefined);
  renderBox();

  o.events.on('language', () => {
    renderStatus();
    renderBox();
  });
  // the development server has no service worker (vite-plugin-pwa builds it with the production bundle)
  if (!import.meta.env.PROD) return;
  void registerServiceWorker({
    updateReady: (apply) => setLine('update', { key: 'updateReady', action: { key: 'reload', run: apply } }),
    updateActive: () => setLine('update', { key: 'updateActive', action: { key: 'reload', run: reload } }),
    isolationOnReload: () => {
      if (o.canReloadNow()) reload();
      else setLine('isolation', { key: 'isolationReady', action: { key: 'reload', run: reload } });
    },
    offlineReady: () => document.body.setAttribute('data-offline-ready', 'true'),
  });
}
