/**
 * "PACS" on the start page: connect to a DICOMweb server, list and filter its studies (QIDO-RS), open one
 * (WADO-RS, streamed) into the same ingest → volume path as local files. A fault keeps what arrived;
 * "Réessayer / Retry" asks only for the missing instances; "Annuler / Cancel" aborts; 401/403 asks for
 * credentials. The connection is held here (no module state) and lent to the report's PACS actions.
 */
import { DicomWebClient, normaliseBaseUrl, type FetchFn } from '../../pacs/client.ts';
import type { StudySummary } from '../../pacs/dicom-json.ts';
import { isPacsError, PacsError, pacsMessage } from '../../pacs/errors.ts';
import type { SeriesRetrieval } from '../../pacs/retrieval.ts';
import { imageSeries, planSeries } from '../../pacs/study.ts';
import { createSeriesChooser } from './series-chooser.ts';
import type { InputFile } from '../../dicom/types.ts';
import type { LoadProgress } from '../../viewer/events.ts';
import type { Lang } from '../../i18n/index.ts';
import { createPacsForm, el } from './pacs-form.ts';
import { createFirstImage } from './first-image.ts';
import { pt, type PacsKey } from './pacs-i18n.ts';
import './pacs.css';

export interface PacsDeps {
  readonly lang: () => Lang;
  /** The local-file path: ingest, choose, open (t0 = the click). */
  readonly openFiles: (files: InputFile[], t0: number) => Promise<void>;
  readonly progress: (p: LoadProgress) => void;
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

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
const isoDate = (d: string) => (/^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : d || '—');

export function mountPacsPanel(host: HTMLElement, deps: PacsDeps): PacsPanel {
  const root = el('section', { class: 'pacs', 'data-testid': 'pacs' });
  const title = el('h2');
  const hint = el('p', { class: 'pacs-hint' });
  const form = createPacsForm(deps.storage, deps.defaultUrl ?? '');
  const privacy = el('p', { class: 'pacs-hint', 'data-testid': 'pacs-privacy' });
  const message = el('p', { class: 'pacs-message', 'data-testid': 'pacs-message', role: 'status' });
  const bar = el('progress', { max: '1', value: '0', 'data-testid': 'pacs-progress' });
  const barText = el('span', { 'data-testid': 'pacs-progress-text' });
  const cancel = el('button', { type: 'button', 'data-testid': 'pacs-cancel' });
  const retry = el('button', { type: 'button', 'data-testid': 'pacs-retry' });
  const loadRow = el('div', { class: 'pacs-load' });
  loadRow.append(bar, barText, cancel, retry);
  loadRow.hidden = true;
  const firstImage = createFirstImage(deps.decoderReady);
  const chooser = createSeriesChooser();
  const count = el('p', { 'data-testid': 'pacs-count' });
  const table = el('table', { class: 'pacs-studies', 'data-testid': 'pacs-studies' });
  root.append(title, hint, form.root, privacy, message, chooser.root, loadRow, firstImage.root, count, table);
  host.append(root);

  let client: DicomWebClient | undefined;
  let connected: DicomWebClient | undefined;
  let studies: StudySummary[] | undefined;
  let retrieval: SeriesRetrieval | undefined;
  /** The study being opened (what "Retry" opens again). */
  let pending: StudySummary | undefined;
  let running: AbortController | undefined;
  /** What the message shows, re-rendered on a language change. */
  let shown: { error: unknown } | { key: PacsKey; params?: Record<string, string | number> } | undefined;
  let lastProgress: { done: number; total: number; bytes: number } | undefined;

  const show = (m: typeof shown) => {
    shown = m;
    const lang = deps.lang();
    message.dataset.kind = m && 'error' in m ? 'error' : 'info';
    message.dataset.code = m && 'error' in m && isPacsError(m.error) ? m.error.code : '';
    message.textContent = !m ? '' : 'error' in m ? pacsMessage(m.error, lang) : pt(lang, m.key, m.params);
  };
  const fail = (e: unknown) => {
    show({ error: e });
    if (isPacsError(e) && (e.code === 'unauthorized' || e.code === 'forbidden')) form.askCredentials();
  };
  const renderProgress = () => {
    const p = lastProgress;
    if (!p) return;
    bar.max = Math.max(1, p.total);
    bar.value = p.done;
    barText.textContent = pt(deps.lang(), 'receiving', { done: p.done, total: p.total, mb: mb(p.bytes) });
  };

  /** Says what goes to the PACS the address names (nothing shown while the address is not a valid one). */
  const renderPrivacy = () => {
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
  };
  form.onUrlChange(renderPrivacy);

  const renderTable = () => {
    const lang = deps.lang();
    count.textContent = studies ? (studies.length ? pt(lang, 'found', { count: studies.length }) : pt(lang, 'none')) : '';
    if (!studies?.length) {
      table.replaceChildren();
      return;
    }
    const head = el('tr');
    for (const k of ['colPatient', 'colDate', 'colDescription', 'colModality', 'colSeries', 'colImages'] as const) head.append(el('th', {}, pt(lang, k)));
    head.append(el('th'));
    const rows = studies.map((s, i) => {
      const tr = el('tr', { 'data-testid': 'pacs-study', 'data-study-uid': s.studyUid, 'data-patient-id': s.patientId });
      const who = s.patientName || s.patientId || '—';
      for (const v of [who, isoDate(s.date), s.description || '—', s.modalities.join(', ') || '—', String(s.seriesCount ?? '—'), String(s.instanceCount ?? '—')]) tr.append(el('td', {}, v));
      const b = el('button', { type: 'button', 'data-testid': `pacs-open-${i}` }, pt(lang, 'open'));
      b.addEventListener('click', () => void open(s));
      const td = el('td');
      td.append(b);
      tr.append(td);
      return tr;
    });
    table.replaceChildren(el('thead'), el('tbody'));
    table.tHead!.append(head);
    table.tBodies[0]!.append(...rows);
  };

  const search = async () => {
    running?.abort();
    try {
      // the same address keeps the form it answered in (server or static tree): no second detection
      const baseUrl = normaliseBaseUrl(form.url(), deps.origin);
      const layout = connected?.baseUrl === baseUrl ? connected.layout : 'auto';
      client = new DicomWebClient({ baseUrl, auth: form.auth(), fetch: deps.fetch, origin: deps.origin, layout });
    } catch (e) {
      fail(e);
      return;
    }
    show({ key: 'searching' });
    const c = client;
    try {
      const list = await c.searchStudies(form.query());
      if (c !== client) return;
      connected = c;
      form.persist();
      studies = list;
      show(undefined);
      renderTable();
    } catch (e) {
      if (c !== client) return;
      studies = undefined;
      renderTable();
      fail(e);
    }
  };

  /** Retrieves what is missing of `r`, then hands the instances to the local-file path. */
  const fetchAndOpen = async (r: SeriesRetrieval, t0: number) => {
    const ac = new AbortController();
    running = ac;
    loadRow.hidden = false;
    cancel.hidden = false;
    retry.hidden = true;
    let lastEmit = 0;
    // the first instance that arrives is drawn at once; the volume opens when all are in
    let firstAsked = r.received() > 0;
    try {
      await r.run({
        signal: ac.signal,
        onInstance: (bytes) => {
          if (firstAsked) return;
          firstAsked = true;
          void firstImage.show(bytes).then((shown) => {
            firstAsked = shown;
            // click → first image drawn, for the bench (the viewer's own first image comes with the volume)
            if (shown) root.dataset.firstImageMs = String(Math.round(performance.now() - t0));
          });
        },
        onProgress: (p) => {
          lastProgress = p;
          const now = performance.now();
          // at most every 100 ms (each DOM change costs a composited frame), and the last instance
          if (p.done === p.total || now - lastEmit >= 100) {
            lastEmit = now;
            renderProgress();
            deps.progress({ phase: 'reading', done: p.done, total: p.total });
          }
        },
      });
    } catch (e) {
      if (running === ac) running = undefined;
      renderProgress();
      cancel.hidden = true;
      retry.hidden = false;
      fail(e);
      barText.textContent = pt(deps.lang(), 'kept', { done: r.received(), total: r.total, mb: mb(lastProgress?.bytes ?? 0) });
      return;
    }
    if (running !== ac) return;
    running = undefined;
    cancel.hidden = true;
    renderProgress();
    show({ key: 'received', params: { total: r.total, mb: mb(lastProgress?.bytes ?? 0) } });
    const files = r.files();
    retrieval = undefined;
    pending = undefined;
    await deps.openFiles(files, t0);
    loadRow.hidden = true;
    firstImage.clear();
    show(undefined);
  };

  /** Opens a study: lists its instances (kept from a failed attempt on the same study), then retrieves. */
  const open = async (s: StudySummary) => {
    const c = connected;
    if (!c) return;
    const t0 = performance.now();
    running?.abort();
    pending = s;
    delete root.dataset.firstImageMs;
    if (retrieval?.studyUid !== s.studyUid) {
      retrieval = undefined;
      firstImage.clear();
    }
    lastProgress = retrieval ? { done: retrieval.received(), total: retrieval.total, bytes: 0 } : undefined;
    bar.value = lastProgress?.done ?? 0;
    barText.textContent = '';
    retry.hidden = true;
    show({ key: 'listing' });
    try {
      if (!retrieval) {
        const series = await imageSeries(c, s.studyUid);
        if (series.length === 0) throw new PacsError('not-found', 'the study has no image series');
        show(undefined);
        const chosen = series.length > 1 ? await chooser.choose(series, deps.lang()) : series[0]!;
        if (!chosen || pending !== s) return;
        show({ key: 'listing' });
        retrieval = await planSeries(c, s.studyUid, chosen.seriesUid);
      }
    } catch (e) {
      loadRow.hidden = false;
      cancel.hidden = true;
      retry.hidden = false;
      fail(e);
      return;
    }
    show(undefined);
    await fetchAndOpen(retrieval, t0);
  };

  form.connect.addEventListener('click', () => void search());
  form.search.addEventListener('click', () => void search());
  cancel.addEventListener('click', () => running?.abort());
  retry.addEventListener('click', () => {
    if (pending) void open(pending);
  });

  const texts: [HTMLElement, PacsKey][] = [[title, 'title'], [hint, 'hint'], [cancel, 'cancel'], [retry, 'retry'], [firstImage.caption, 'firstImage']];
  return {
    root,
    setLanguage(lang) {
      for (const [e, key] of texts) e.textContent = pt(lang, key);
      form.setLanguage(lang);
      renderPrivacy();
      renderTable();
      if (!running) show(shown);
      renderProgress();
    },
    client: () => connected,
  };
}
