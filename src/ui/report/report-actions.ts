/** The report panel's file actions: copy, PDF, work JSON, DICOM SR, answer key + comparison, vignettes. */
import { exportStem } from './export-name.ts';
import { compareWork } from '../../report/compare.ts';
import { displayPct } from '../../report/cadrads.ts';
import { reportPdf, type PdfImage } from '../../report/pdf.ts';
import { exportWork, importWork, type SavedWork } from '../../report/saved-work.ts';
import { segmentName, vesselLabel } from '../../report/segments.ts';
import { exportSr, importSr } from '../../report/sr.ts';
import { keyWithCentrelines, learnerExport, type MeasuredCentreline } from '../../review/learner-export.ts';
import { isWorkError, workMessage } from '../../report/work-errors.ts';
import { importIntoStore, readImportFile } from '../../report/work-store.ts';
import type { Lang } from '../../i18n/index.ts';
import { captureView, download, frames, type ViewName } from './capture.ts';
import { el } from '../dom.ts';
import { mountVignettes } from './vignettes.ts';
import { rt, type ReportKey } from './report-i18n.ts';
import type { ReportSession } from './report-panel.ts';
import { decimal } from '../../i18n/number.ts';

const VIEW_KEYS: Record<ViewName, ReportKey> = { axial: 'viewAxial', coronal: 'viewCoronal', sagittal: 'viewSagittal', cpr: 'viewCpr', section: 'viewSection' };

/** Waits for a vessel-view change of `kind` (or the timeout). */
function changeOf(s: ReportSession, kind: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const off = s.view.onChange((k) => { if (k === kind) { off(); clearTimeout(timer); resolve(); } });
    const timer = setTimeout(() => { off(); resolve(); }, timeoutMs);
  });
}

/** CPR and cross-section at each lesion of the traced vessels (else the MPR views), captured from the canvases. */
async function keyImages(s: ReportSession, lang: Lang): Promise<PdfImage[]> {
  const out: PdfImage[] = [];
  const vessels = s.study.vessels;
  const key = s.study.studyKey;
  const before = vessels.selectedId;
  for (const v of key ? vessels.list(key) : []) {
    const a = s.study.analysis(v.id);
    if (!v.name || !a) continue;
    for (const l of a.lesions.slice(0, 3)) {
      const cpr = changeOf(s, 'cpr', 8000);
      if (vessels.selectedId !== v.id) { s.view.select(v.id); await cpr; }
      const section = changeOf(s, 'section', 8000);
      s.view.setCursor(l.mlaIndex);
      await section;
      await frames();
      const seg = s.work()?.vessels.find((w) => w.name === v.name)?.lesions.find((x) => x.positionMm !== undefined && Math.abs(x.positionMm - l.sMm) < 0.5)?.segment;
      for (const view of ['cpr', 'section'] as const) {
        // with the view layers (MLA line and circle on the CPR, lumen contour on the section), no caption strip
        const png = await captureView(view, []);
        if (png) out.push({ png, caption: rt(lang, 'keyImage', { vessel: vesselLabel(v.name, lang), segment: seg !== undefined ? `${seg} (${segmentName(seg, lang)})` : '?', pct: displayPct(l.diameterStenosisPct), view: rt(lang, VIEW_KEYS[view]) }) });
      }
    }
  }
  if (before && vessels.get(before)) s.view.select(before);
  if (out.length === 0) {
    for (const view of ['axial', 'coronal', 'sagittal'] as const) {
      const png = await captureView(view);
      if (png) out.push({ png, caption: rt(lang, VIEW_KEYS[view]) });
    }
  }
  return out;
}

function filePicker(accept: string, testid: string, onFile: (f: File) => void): HTMLInputElement {
  const input = el('input', { type: 'file', accept, 'data-testid': testid });
  input.hidden = true;
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    input.value = '';
    if (f) onFile(f);
  });
  return input;
}

const errorText = (e: unknown, lang: Lang): string => (isWorkError(e) ? workMessage(e.code, e.params, lang) : e instanceof Error ? e.message : String(e));

type Texts = [HTMLElement, ReportKey][];
/** Adds an action button to `row`: runs `run` (once at a time) with the open study, shows its error. */
type AddButton = (key: ReportKey, testid: string, run: () => Promise<void> | void) => HTMLButtonElement;

function buttonMaker(s: ReportSession, row: HTMLElement, texts: Texts): AddButton {
  return (key, testid, run) => {
    const b = el('button', { type: 'button', 'data-testid': testid });
    texts.push([b, key]);
    b.addEventListener('click', () => {
      if (!s.info) { s.message((l) => rt(l, 'noStudy'), 'error'); return; }
      b.disabled = true;
      Promise.resolve().then(run).catch((e) => s.message((l) => errorText(e, l), 'error')).finally(() => { b.disabled = false; });
    });
    row.append(b);
    return b;
  };
}

const uidOf = (s: ReportSession) => s.info!.studyInstanceUid;
const stampOf = (s: ReportSession) => exportStem(s.caseName(), uidOf(s), new Date());

async function copyText(text: string): Promise<void> {
  try { await navigator.clipboard.writeText(text); } catch {
    const ta = el('textarea');
    ta.value = text;
    document.body.append(ta);
    ta.select();
    document.execCommand('copy');
    ta.remove();
  }
}

/** Copy, PDF, the learner's pseudonym, work JSON out and in, DICOM SR out. */
function fileActions(s: ReportSession, button: AddButton, row: HTMLElement, texts: Texts): HTMLInputElement {
  button('copy', 'report-copy', async () => {
    await copyText(s.text());
    s.message((l) => rt(l, 'copied'), 'info');
  });
  button('pdf', 'report-pdf', async () => {
    const r = s.report();
    if (!r) return;
    const images = await keyImages(s, s.lang());
    download(await reportPdf({ label: r.cadRads.label, text: s.text(), images }), `compte-rendu-${stampOf(s)}.pdf`, 'application/pdf');
    s.message((l) => rt(l, 'pdfDone', { images: images.length }), 'info');
  });
  // learners' exports name the case and carry an optional pseudonym, nothing else about the reader
  const pseudonym = el('input', { type: 'text', maxlength: '64', 'data-testid': 'report-pseudonym', autocomplete: 'off' });
  const pseudonymLabel = el('label', { class: 'report-pseudonym' });
  const pseudonymText = el('span');
  texts.push([pseudonymText, 'pseudonym']);
  pseudonymLabel.append(pseudonymText, ' ', pseudonym);
  row.append(pseudonymLabel);
  const identity = () => ({ caseName: s.caseName(), pseudonym: pseudonym.value });
  button('exportJson', 'report-export-json', () => {
    const w = s.work();
    if (w) download(exportWork(learnerExport(w, identity())), `travail-${stampOf(s)}.json`, 'application/json');
  });
  const jsonIn = filePicker('.json,application/json', 'report-import-json', (f) => {
    void (async () => {
      try {
        await s.replaceWork(await importIntoStore(s.store, await readImportFile(f), uidOf(s)));
      } catch (e) {
        s.message((l) => errorText(e, l), 'error');
      }
    })();
  });
  button('importJson', 'report-import-json-button', () => jsonIn.click());
  button('exportSr', 'report-export-sr', () => {
    const w = s.work();
    const r = s.report();
    if (!w || !r) return;
    const id = learnerExport(w, identity());
    download(exportSr({ studyInstanceUid: w.studyInstanceUid, vessels: w.vessels, label: r.cadRads.label, lang: s.lang(), caseName: id.caseName, pseudonym: id.pseudonym }), `sr-${stampOf(s)}.dcm`, 'application/dicom');
  });
  return jsonIn;
}

/** Shows the measurements of an SR (a file, or one retrieved from the PACS) in `out`. */
async function openSrInto(s: ReportSession, out: HTMLElement, read: () => Promise<Uint8Array>): Promise<void> {
  const lang = s.lang();
  try {
    const sr = importSr(await read());
    if (sr.studyInstanceUid !== uidOf(s)) { s.message((l) => rt(l, 'srOtherStudy', { found: sr.studyInstanceUid }), 'error'); return; }
    const lesions = sr.vessels.flatMap((v) => v.lesions.map((l) => ({ v: v.name, l })));
    s.message((l) => rt(l, 'srImported', { label: sr.label ?? '—', lesions: lesions.length }), 'info');
    const ul = el('ul');
    for (const { v, l } of lesions) {
      ul.append(el('li', { 'data-testid': 'report-sr-lesion', 'data-ds': String(l.diameterStenosisPct) }, `${vesselLabel(v, lang)} · ${l.segment} · ${displayPct(l.diameterStenosisPct)} %`));
    }
    out.replaceChildren(el('strong', {}, sr.label ?? ''), ul);
  } catch (e) {
    s.message((l) => rt(l, 'srFailed', { reason: errorText(e, l).slice(0, 200) }), 'error');
  }
}

/** The answer key out (with each vessel's centreline, for the class review) and in (compared with this work). */
function keyActions(s: ReportSession, button: AddButton, compare: (mine: SavedWork, expert: SavedWork) => void): HTMLInputElement {
  button('saveKey', 'report-save-key', () => {
    const w = s.work();
    if (!w) return;
    const centrelines = new Map<string, MeasuredCentreline>();
    const key = s.study.studyKey;
    for (const v of key ? s.study.vessels.list(key) : []) {
      const a = v.name ? s.study.analysis(v.id) : undefined;
      if (v.name && a) centrelines.set(v.name, a.centreline);
    }
    const answerKey = keyWithCentrelines({ ...learnerExport(w, { caseName: s.caseName() }), answerKey: true }, centrelines);
    download(exportWork(answerKey), `corrige-${stampOf(s)}.json`, 'application/json');
  });
  const keyIn = filePicker('.json,application/json', 'report-load-key', (f) => {
    void (async () => {
      try {
        const expert = importWork(await readImportFile(f), { expectedStudyUid: uidOf(s) });
        const mine = s.work();
        if (mine) compare(mine, expert);
        if (!expert.answerKey) s.message((l) => rt(l, 'notAnswerKey'), 'info');
      } catch (e) {
        s.message((l) => errorText(e, l), 'error');
      }
    })();
  });
  button('loadKey', 'report-load-key-button', () => keyIn.click());
  return keyIn;
}

export function createReportActions(s: ReportSession): { root: HTMLElement; texts: Texts; openSr: (read: () => Promise<Uint8Array>) => Promise<void>; setLanguage(lang: Lang): void } {
  const texts: Texts = [];
  const root = el('div', { class: 'report-actions-wrap' });
  const row = el('div', { class: 'report-actions' });
  const button = buttonMaker(s, row, texts);
  const jsonIn = fileActions(s, button, row, texts);
  const srOut = el('div', { 'data-testid': 'report-sr' });
  const openSr = (read: () => Promise<Uint8Array>) => openSrInto(s, srOut, read);
  const srIn = filePicker('.dcm,application/dicom', 'report-import-sr', (f) => void openSr(async () => new Uint8Array(await readImportFile(f))));
  button('importSr', 'report-import-sr-button', () => srIn.click());
  const compareOut = el('div', { class: 'report-compare', 'data-testid': 'report-compare' });
  // the comparison is written again in the other language when the reader switches
  let compared: [SavedWork, SavedWork] | undefined;
  const keyIn = keyActions(s, button, (mine, expert) => {
    compared = [mine, expert];
    showComparison(compareOut, mine, expert, s.lang());
  });
  const vig = mountVignettes(s, texts, button, () => stampOf(s));
  row.append(jsonIn, srIn, keyIn);
  root.append(row, vig, srOut, compareOut);
  return { root, texts, openSr, setLanguage: (lang) => compared && showComparison(compareOut, ...compared, lang) };
}

function showComparison(host: HTMLElement, mine: SavedWork, expert: SavedWork, lang: Lang): void {
  const k = compareWork(mine, expert);
  const h = el('h3', {}, rt(lang, 'compareTitle'));
  const score = el('p', { 'data-testid': 'compare-score', 'data-score': String(k.score) }, rt(lang, 'score', { score: k.score }));
  const labels = el('p', { 'data-testid': 'compare-labels', 'data-match': String(k.labelMatch) }, rt(lang, 'labels', { learner: k.learnerLabel, expert: k.expertLabel, match: rt(lang, k.labelMatch ? 'match' : 'noMatch') }));
  const ul = el('ul');
  for (const l of k.lesions) {
    const vessel = l.expertVessel ?? l.learnerVessel;
    const parts = [vessel ? vesselLabel(vessel, lang) : '', `${l.segment} ${segmentName(l.segment, lang)}`, rt(lang, l.status)];
    if (l.stenosisDifferencePct !== undefined) parts.push(rt(lang, 'diff', { d: `${l.stenosisDifferencePct > 0 ? '+' : ''}${decimal(l.stenosisDifferencePct, 1, lang)}` }));
    ul.append(el('li', { 'data-testid': 'compare-lesion', 'data-status': l.status }, parts.filter(Boolean).join(' · ')));
  }
  host.replaceChildren(h, score, labels, ul);
}
