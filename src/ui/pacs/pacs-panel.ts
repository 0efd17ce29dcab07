/**
 * "PACS" on the start page: connect to a DICOMweb server, list and filter its studies (QIDO-RS), open one
 * (WADO-RS, streamed; src/ui/pacs/pacs-open.ts). A fault keeps what arrived; "Réessayer / Retry" asks only
 * for the missing instances; "Annuler / Cancel" aborts; 401/403 asks for credentials. The connection is held
 * here (no module state) and lent to the report's PACS actions.
 */
import { DicomWebClient, normaliseBaseUrl, type FetchFn } from '../../pacs/client.ts';
import type { StudySummary } from '../../pacs/dicom-json.ts';
import { isPacsError } from '../../pacs/errors.ts';
import type { Lang } from '../../i18n/index.ts';
import { el } from '../dom.ts';
import { createPacsForm, type PacsForm } from './pacs-form.ts';
import { createFirstImage } from './first-image.ts';
import { createSeriesChooser } from './series-chooser.ts';
import { createPacsStatus, type PacsStatus } from './pacs-status.ts';
import { createStudyOpener, type OpenerDeps, type StreamOpen } from './pacs-open.ts';
import { renderStudyTable } from './study-table.ts';
import { pt, type PacsKey } from './pacs-i18n.ts';
import './pacs.css';

export type { StreamOpen };

/** The app's side: how a study opens (the opener's), the network and storage, the decoders' readiness. */
export interface PacsDeps extends Pick<OpenerDeps, 'lang' | 'openFiles' | 'openStream' | 'progress'> {
  readonly fetch: FetchFn;
  readonly origin: string;
  readonly storage?: Storage;
  /** The address shown first (the build's VITE_PACS_URL), overridden by the remembered one. */
  readonly defaultUrl?: string;
  /** Resolves once Cornerstone and its image loader are set up (the first image is decoded by them). */
  readonly decoderReady: Promise<unknown>;
  /** Told whether a PACS address is set (the start page's promise that nothing is sent changes with it). */
  readonly onConfigured?: (configured: boolean) => void;
}

export interface PacsPanel {
  readonly root: HTMLElement;
  setLanguage(lang: Lang): void;
  /** The connected client (after a successful search), or undefined. */
  client(): DicomWebClient | undefined;
}

/** The DICOMweb base URL the build was configured with (VITE_PACS_URL), '' when none. */
export function configuredPacsUrl(): string {
  const env = (import.meta as unknown as { env?: Record<string, string | undefined> }).env;
  return env?.VITE_PACS_URL ?? '';
}

/** Says what goes to the PACS the address names (nothing shown while the address is not a valid one). */
function renderPrivacy(privacy: HTMLElement, form: PacsForm, deps: PacsDeps): void {
  let server: string | undefined;
  try {
    if (!form.url()) throw new Error('no address');
    const u = new URL(normaliseBaseUrl(form.url(), deps.origin));
    server = u.origin === deps.origin ? pt(deps.lang(), 'sameOrigin') : u.host;
  } catch {
    server = undefined;
  }
  privacy.hidden = !server;
  privacy.textContent = server ? pt(deps.lang(), 'privacy', { server }) : '';
  deps.onConfigured?.(!!server);
}

/** The study search: a client for the form's address, its QIDO-RS answer shown; the last answer wins. */
function createSearch(form: PacsForm, status: PacsStatus, deps: PacsDeps, shown: (studies: StudySummary[] | undefined) => void, fail: (e: unknown) => void) {
  let client: DicomWebClient | undefined;
  let connected: DicomWebClient | undefined;
  const search = async () => {
    try {
      // the same address keeps the form it answered in (server or static tree): no second detection
      const baseUrl = normaliseBaseUrl(form.url(), deps.origin);
      const layout = connected?.baseUrl === baseUrl ? connected.layout : 'auto';
      client = new DicomWebClient({ baseUrl, auth: form.auth(), fetch: deps.fetch, origin: deps.origin, layout });
    } catch (e) {
      fail(e);
      return;
    }
    status.show({ key: 'searching' });
    const c = client;
    try {
      const list = await c.searchStudies(form.query());
      if (c !== client) return;
      connected = c;
      form.persist();
      status.show(undefined);
      shown(list);
    } catch (e) {
      if (c !== client) return;
      shown(undefined);
      fail(e);
    }
  };
  return { search, connected: () => connected };
}

export function mountPacsPanel(host: HTMLElement, deps: PacsDeps): PacsPanel {
  const root = el('section', { class: 'pacs', 'data-testid': 'pacs' });
  const title = el('h2');
  const hint = el('p', { class: 'pacs-hint' });
  const form = createPacsForm(deps.storage, deps.defaultUrl ?? '');
  const privacy = el('p', { class: 'pacs-hint', 'data-testid': 'pacs-privacy' });
  const slot = el('div');
  const firstImage = createFirstImage(deps.decoderReady);
  const chooser = createSeriesChooser();
  const count = el('p', { 'data-testid': 'pacs-count' });
  const table = el('table', { class: 'pacs-studies', 'data-testid': 'pacs-studies' });
  root.append(title, hint, form.root, privacy, slot, chooser.root, firstImage.root, count, table);
  host.append(root);
  const status = createPacsStatus(deps.lang, slot);

  const fail = (e: unknown) => {
    status.show({ error: e });
    if (isPacsError(e) && (e.code === 'unauthorized' || e.code === 'forbidden')) form.askCredentials();
  };
  const opener = createStudyOpener({ ...deps, status, firstImage, chooser, root, fail });
  let studies: StudySummary[] | undefined;
  const renderTable = () => renderStudyTable(table, count, studies, deps.lang(), (s) => {
    const c = finder.connected();
    if (c) void opener.open(c, s);
  });
  const finder = createSearch(form, status, deps, (list) => {
    studies = list;
    renderTable();
  }, fail);
  const search = () => {
    opener.abort();
    void finder.search();
  };

  form.onUrlChange(() => renderPrivacy(privacy, form, deps));
  form.connect.addEventListener('click', search);
  form.search.addEventListener('click', search);
  status.cancel.addEventListener('click', () => opener.cancel());
  status.retry.addEventListener('click', () => opener.retry(finder.connected()));

  const texts: [HTMLElement, PacsKey][] = [[title, 'title'], [hint, 'hint'], [firstImage.caption, 'firstImage']];
  return {
    root,
    setLanguage(lang) {
      for (const [e, key] of texts) e.textContent = pt(lang, key);
      form.setLanguage(lang);
      renderPrivacy(privacy, form, deps);
      renderTable();
      status.render();
    },
    client: () => finder.connected(),
  };
}
