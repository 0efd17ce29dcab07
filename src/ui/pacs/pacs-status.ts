/**
 * What the PACS panel says about a search or a load: one message line (info or a PacsError, re-rendered on
 * a language change) and the load row (progress bar, count, "Annuler / Cancel", "Réessayer / Retry"). While
 * a streamed series fills the viewer the status floats over it (the start page is hidden then), so the
 * progress, a fault and "Retry" stay in sight.
 */
import { isPacsError, pacsMessage } from '../../pacs/errors.ts';
import type { Lang } from '../../i18n/index.ts';
import { el } from '../dom.ts';
import { pt, type PacsKey } from './pacs-i18n.ts';

export type StatusMessage = { readonly error: unknown } | { readonly key: PacsKey; readonly params?: Record<string, string | number> } | undefined;

export interface LoadCounts {
  readonly done: number;
  readonly total: number;
  readonly bytes: number;
}

export interface PacsStatus {
  readonly root: HTMLElement;
  readonly cancel: HTMLButtonElement;
  readonly retry: HTMLButtonElement;
  show(m: StatusMessage): void;
  /** The load row: shown with Cancel (running), with Retry (stopped), or hidden. */
  loadRow(state: 'running' | 'stopped' | 'hidden'): void;
  progress(p: LoadCounts | undefined): void;
  /** After a fault: what arrived is kept. */
  kept(p: LoadCounts): void;
  /** Over the viewer (a series streaming into it) or back in the panel. */
  float(on: boolean): void;
  render(): void;
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

export function createPacsStatus(lang: () => Lang, home: HTMLElement): PacsStatus {
  const message = el('p', { class: 'pacs-message', 'data-testid': 'pacs-message', role: 'status' });
  const bar = el('progress', { max: '1', value: '0', 'data-testid': 'pacs-progress' });
  const barText = el('span', { 'data-testid': 'pacs-progress-text' });
  const cancel = el('button', { type: 'button', 'data-testid': 'pacs-cancel' });
  const retry = el('button', { type: 'button', 'data-testid': 'pacs-retry' });
  const row = el('div', { class: 'pacs-load' });
  row.append(bar, barText, cancel, retry);
  row.hidden = true;
  const root = el('div', { class: 'pacs-status', 'data-testid': 'pacs-status' });
  root.append(message, row);
  home.append(root);
  let shown: StatusMessage;
  let counts: LoadCounts | undefined;
  let keptCounts: LoadCounts | undefined;

  const renderProgress = () => {
    if (keptCounts) {
      barText.textContent = pt(lang(), 'kept', { done: keptCounts.done, total: keptCounts.total, mb: mb(keptCounts.bytes) });
      return;
    }
    if (!counts) return;
    bar.max = Math.max(1, counts.total);
    bar.value = counts.done;
    barText.textContent = pt(lang(), 'receiving', { done: counts.done, total: counts.total, mb: mb(counts.bytes) });
  };
  const show = (m: StatusMessage) => {
    shown = m;
    message.dataset.kind = m && 'error' in m ? 'error' : 'info';
    message.dataset.code = m && 'error' in m && isPacsError(m.error) ? m.error.code : '';
    message.textContent = !m ? '' : 'error' in m ? pacsMessage(m.error, lang()) : pt(lang(), m.key, m.params);
  };
  return {
    root,
    cancel,
    retry,
    show,
    loadRow(state) {
      row.hidden = state === 'hidden';
      cancel.hidden = state !== 'running';
      retry.hidden = state !== 'stopped';
      if (state === 'running') keptCounts = undefined;
    },
    progress(p) {
      counts = p;
      keptCounts = undefined;
      if (!p) {
        bar.value = 0;
        barText.textContent = '';
      }
      renderProgress();
    },
    kept(p) {
      counts = p;
      renderProgress();
      keptCounts = p;
      renderProgress();
    },
    float(on) {
      root.classList.toggle('pacs-status-floating', on);
      if (on && root.parentElement !== document.body) document.body.append(root);
      if (!on && root.parentElement !== home) home.append(root);
    },
    render() {
      show(shown);
      cancel.textContent = pt(lang(), 'cancel');
      retry.textContent = pt(lang(), 'retry');
      renderProgress();
    },
  };
}
