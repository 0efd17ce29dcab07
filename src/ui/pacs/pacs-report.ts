/**
 * The report panel's PACS actions: send the report and measurements as a DICOM SR (STOW-RS, under the
 * open study), list the SRs stored under the study (QIDO-RS) and re-open one's measurements.
 */
import type { DicomWebClient } from '../../pacs/client.ts';
import { PacsError, pacsMessage } from '../../pacs/errors.ts';
import { listReports, retrieveInstanceBytes } from '../../pacs/study.ts';
import { exportSr } from '../../report/sr.ts';
import type { AppEvents } from '../../viewer/events.ts';
import type { ReportSession } from '../report/report-panel.ts';
import { secondaryCaptures, type CaptureImage } from '../../pacs/secondary-capture.ts';
import { captureView, viewAvailable, VIEW_NAMES } from '../report/capture.ts';
import { el } from '../dom.ts';
import { format } from '../../i18n/index.ts';
import { pt, type PacsKey } from './pacs-i18n.ts';

export function createPacsReportActions(
  s: ReportSession,
  openSr: (read: () => Promise<Uint8Array>) => Promise<void>,
  client: () => DicomWebClient | undefined,
  events: AppEvents,
): HTMLElement {
  const root = el('div', { class: 'pacs-report', 'data-testid': 'pacs-report' });
  const list = el('ul', { 'data-testid': 'pacs-sr-list' });
  const texts: [HTMLElement, PacsKey][] = [];
  // what is sent describes the whole volume (its measurements, its views): not while a series still streams in
  let volumeIn = false;
  const needVolume: HTMLButtonElement[] = [];
  const gate = () => {
    for (const b of needVolume) {
      b.disabled = !volumeIn || b.dataset.busy === 'true';
      b.title = volumeIn ? '' : format(s.lang(), 'needsFullVolume');
    }
  };
  const guarded = (key: PacsKey, testid: string, run: (c: DicomWebClient, studyUid: string) => Promise<void>, wholeVolume = true) => {
    const b = el('button', { type: 'button', 'data-testid': testid });
    texts.push([b, key]);
    if (wholeVolume) needVolume.push(b);
    const busy = (on: boolean) => { b.dataset.busy = String(on); b.disabled = on; gate(); };
    b.addEventListener('click', () => {
      const c = client();
      if (!c) { s.message((l) => pt(l, 'noPacs'), 'error'); return; }
      if (!s.info) return;
      busy(true);
      run(c, s.info.studyInstanceUid)
        .catch((e) => s.message((l) => pacsMessage(e, l), 'error'))
        .finally(() => busy(false));
    });
    root.append(b);
  };
  const refresh = async (c: DicomWebClient, studyUid: string) => {
    const lang = s.lang();
    const reports = await listReports(c, studyUid);
    if (reports.length === 0) {
      list.replaceChildren(el('li', {}, pt(lang, 'noSr')));
      return;
    }
    list.replaceChildren(...reports.map((r) => {
      const li = el('li', { 'data-testid': 'pacs-sr', 'data-sop-uid': r.sopUid });
      const b = el('button', { type: 'button', 'data-testid': 'pacs-sr-open' }, pt(lang, 'open'));
      b.addEventListener('click', () => {
        void retrieveInstanceBytes(c, { studyUid, seriesUid: r.seriesUid, sopUid: r.sopUid })
          .then((bytes) => openSr(async () => bytes), (e) => s.message((l) => pacsMessage(e, l), 'error'));
      });
      li.append(b, ` ${pt(lang, 'srItem', { description: r.description || 'SR', when: r.when })}`);
      return li;
    }));
  };
  guarded('sendSr', 'pacs-send-sr', async (c, studyUid) => {
    if (c.isStatic) throw new PacsError('read-only', 'static DICOMweb tree');
    const w = s.work();
    const r = s.report();
    if (!w || !r) return;
    await c.store(studyUid, [exportSr({ studyInstanceUid: w.studyInstanceUid, ...(s.info ? { study: s.info.source } : {}), vessels: w.vessels, label: r.cadRads.label, lang: s.lang() })]);
    s.message((l) => pt(l, 'srSent'), 'info');
    await refresh(c, studyUid);
  });
  guarded('sendViews', 'pacs-send-sc', (c, studyUid) => sendViewCaptures(s, c, studyUid));
  guarded('listSr', 'pacs-list-sr', refresh, false);
  root.append(list);
  const setLanguage = () => { for (const [e, k] of texts) e.textContent = pt(s.lang(), k); gate(); };
  setLanguage();
  events.on('language', setLanguage);
  events.on('closed', () => { volumeIn = false; list.replaceChildren(); gate(); });
  events.on('volumeLoaded', () => { volumeIn = true; gate(); });
  return root;
}

/** The views on screen sent as secondary captures under the study (blank panels left out). */
async function sendViewCaptures(s: ReportSession, c: DicomWebClient, studyUid: string): Promise<void> {
  if (c.isStatic) throw new PacsError('read-only', 'static DICOMweb tree');
  const images: CaptureImage[] = [];
  for (const view of VIEW_NAMES.filter(viewAvailable)) {
    const png = await captureView(view);
    const img = png ? await rgbOf(png) : undefined;
    // an empty panel (no vessel traced yet: the CPR and section canvases are blank) is not a view
    if (img && !uniform(img.rgb)) images.push({ ...img, label: view });
  }
  if (images.length === 0) return;
  await c.store(studyUid, secondaryCaptures({ studyInstanceUid: studyUid, ...(s.info ? { study: s.info.source } : {}), seriesDescription: pt(s.lang(), 'viewsSeries'), images }));
  s.message((l) => pt(l, 'viewsSent', { count: images.length }), 'info');
}

/** A PNG's pixels as RGB (alpha dropped: the captures are opaque). */
async function rgbOf(png: Uint8Array): Promise<{ rows: number; columns: number; rgb: Uint8Array }> {
  const bitmap = await createImageBitmap(new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const g = canvas.getContext('2d')!;
  g.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = g.getImageData(0, 0, canvas.width, canvas.height).data;
  const rgb = new Uint8Array((rgba.length / 4) * 3);
  for (let i = 0, o = 0; i < rgba.length; i += 4, o += 3) {
    rgb[o] = rgba[i]!;
    rgb[o + 1] = rgba[i + 1]!;
    rgb[o + 2] = rgba[i + 2]!;
  }
  return { rows: canvas.height, columns: canvas.width, rgb };
}

function uniform(rgb: Uint8Array): boolean {
  for (let i = 3; i < rgb.length; i++) if (rgb[i] !== rgb[i % 3]) return false;
  return true;
}
