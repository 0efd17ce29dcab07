/**
 * Teaching vignettes, one per chosen lesion: its vessel selected, the cursor on its MLA, the MPR views centred
 * on that point and the CPR centred on its row, then the chosen views captured. "With answers" keeps the view
 * layers (the MLA line and circle on the CPR, the lumen contour on the section, the centreline on the MPR) and a
 * caption for that lesion only; the questions version is the pixels alone. The slide deck has one slide per
 * lesion (the chosen views side by side). The cameras the user had come back afterwards.
 */
import { getEnabledElement } from '@cornerstonejs/core';
import { zipSync } from 'fflate';
import { displayPct } from '../../report/cadrads.ts';
import { vignettesPdf } from '../../report/pdf.ts';
import { segmentName, vesselLabel, type VesselName } from '../../report/segments.ts';
import type { Lang } from '../../i18n/index.ts';
import { cprWidthFit } from '../vessel/panel-view.ts';
import { setParallelScale } from '../layout-fit.ts';
import { captureView, download, frames, VIEW_NAMES, viewAvailable, viewElement, type ViewName } from './capture.ts';
import { el } from '../dom.ts';
import { rt, type ReportKey } from './report-i18n.ts';
import type { ReportSession } from './report-panel.ts';

export interface VignetteLesion {
  readonly vesselId: string;
  readonly vessel: VesselName;
  readonly mlaIndex: number;
  readonly sMm: number;
  readonly pct: number;
  readonly segment: number | undefined;
}

/** Lesions of the named, measured vessels, in vessel order then along each vessel. */
export function vignetteLesions(s: ReportSession): VignetteLesion[] {
  const key = s.study.studyKey;
  const out: VignetteLesion[] = [];
  for (const v of key ? s.study.vessels.list(key) : []) {
    const a = s.study.analysis(v.id);
    if (!v.name || !a) continue;
    const saved = s.work()?.vessels.find((w) => w.name === v.name)?.lesions;
    for (const l of a.lesions) {
      const segment = saved?.find((x) => x.positionMm !== undefined && Math.abs(x.positionMm - l.sMm) < 0.5)?.segment;
      out.push({ vesselId: v.id, vessel: v.name, mlaIndex: l.mlaIndex, sMm: l.sMm, pct: l.diameterStenosisPct, segment });
    }
  }
  return out;
}

export function lesionCaption(l: VignetteLesion, lang: Lang): string {
  const seg = l.segment !== undefined ? ` · ${l.segment} ${segmentName(l.segment, lang)}` : '';
  return `${vesselLabel(l.vessel, lang)}${seg} · ${displayPct(l.pct)} %`;
}

/** Waits for a vessel-view change of `kind` (or the timeout). */
function changeOf(s: ReportSession, kind: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const off = s.view.onChange((k) => { if (k === kind) { off(); clearTimeout(timer); resolve(); } });
    const timer = setTimeout(() => { off(); resolve(); }, timeoutMs);
  });
}

type Camera = { focalPoint?: number[]; position?: number[]; parallelScale?: number; viewPlaneNormal?: number[] };
type Vp = { getCamera(): Camera; setCamera(c: Record<string, unknown>): void; render(): void };
const viewportOf = (view: ViewName): Vp | undefined => {
  const e = viewElement(view);
  return e ? (getEnabledElement(e as HTMLDivElement)?.viewport as unknown as Vp | undefined) : undefined;
};

/** Pans an MPR view in its plane so `lps` is at its centre. */
function centreOn(vp: Vp, lps: readonly number[]): void {
  const { focalPoint: f, position: p, viewPlaneNormal: n } = vp.getCamera();
  if (!f || !p || !n) return;
  const d = [lps[0]! - f[0]!, lps[1]! - f[1]!, lps[2]! - f[2]!];
  const along = d[0]! * n[0]! + d[1]! * n[1]! + d[2]! * n[2]!;
  const m = d.map((x, i) => x - along * n[i]!);
  vp.setCamera({ focalPoint: f.map((x, i) => x + m[i]!), position: p.map((x, i) => x + m[i]!) });
  vp.render();
}

/**
 * What the vessel view offers besides the report's needs (the report is given the vessel controller): where the
 * cursor is in LPS and the CPR shown. Absent, the views are captured as they are.
 */
interface Framing {
  cursorLps(): readonly number[] | undefined;
  readonly state: { readonly cursorIndex: number; readonly lastCpr?: { rowArcMm: ArrayLike<number>; width: number; height: number; colSpacingMm: number; rowSpacingMm: number } };
}
const framingOf = (s: ReportSession): Partial<Framing> => s.view as Partial<Framing>;

/** Shows lesion `l` in every view; resolves with a function that gives the user's cameras back. */
export async function showLesion(s: ReportSession, l: VignetteLesion): Promise<() => void> {
  const framing = framingOf(s);
  const cameras = VIEW_NAMES.map((v) => [viewportOf(v), viewportOf(v)?.getCamera()] as const);
  if (s.study.vessels.selectedId !== l.vesselId) {
    const cpr = changeOf(s, 'cpr', 8000);
    s.view.select(l.vesselId);
    await cpr;
  }
  const section = changeOf(s, 'section', 8000);
  s.view.setCursor(l.mlaIndex);
  await section;
  await frames();
  const lps = framing.cursorLps?.();
  if (lps) for (const v of ['axial', 'coronal', 'sagittal'] as const) { const vp = viewportOf(v); if (vp) centreOn(vp, lps); }
  const r = framing.state?.lastCpr, cprVp = viewportOf('cpr');
  if (r && cprVp) {
    const row = Math.max(0, Array.prototype.findIndex.call(r.rowArcMm, (x: number) => x >= l.sMm));
    const e = viewElement('cpr')!;
    const fit = cprWidthFit(r, e.clientWidth, e.clientHeight, row * r.rowSpacingMm);
    const cam = cprVp.getCamera();
    if (fit && cam.focalPoint && cam.position) {
      const d = fit.focalPoint.map((x, i) => x - cam.focalPoint![i]!);
      setParallelScale(cprVp, fit.parallelScale, { focalPoint: fit.focalPoint, position: cam.position.map((x, i) => x + d[i]!) });
      cprVp.render();
    }
  }
  await frames();
  return () => {
    for (const [vp, cam] of cameras) if (vp && cam) { vp.setCamera({ ...cam }); vp.render(); }
  };
}

/** Montage of the chosen views of one lesion, side by side (one slide). */
async function montage(pngs: readonly Uint8Array[]): Promise<Uint8Array | undefined> {
  const imgs = await Promise.all(pngs.map(async (p) => createImageBitmap(new Blob([p as Uint8Array<ArrayBuffer>], { type: 'image/png' }))));
  if (!imgs.length) return undefined;
  const h = Math.max(...imgs.map((i) => i.height));
  const canvas = document.createElement('canvas');
  canvas.width = imgs.reduce((w, i) => w + i.width, 0) + 4 * (imgs.length - 1);
  canvas.height = h;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#000';
  g.fillRect(0, 0, canvas.width, canvas.height);
  let x = 0;
  for (const i of imgs) { g.drawImage(i, x, (h - i.height) / 2); x += i.width + 4; }
  const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
  return blob ? new Uint8Array(await blob.arrayBuffer()) : undefined;
}

type Button = (key: ReportKey, testid: string, run: () => Promise<void> | void) => HTMLButtonElement;
const VIEW_KEYS: Record<ViewName, ReportKey> = { axial: 'viewAxial', coronal: 'viewCoronal', sagittal: 'viewSagittal', cpr: 'viewCpr', section: 'viewSection' };

/** The vignette fieldset: views, lesions (one vignette each), and the three exports. */
/** One box per view (axial, CPR and section ticked at first); `chosen()` lists the ticked views the page can show. */
function viewPicks(vig: HTMLElement, texts: [HTMLElement, ReportKey][]): () => ViewName[] {
  const picks = new Map<ViewName, HTMLInputElement>();
  for (const v of VIEW_NAMES) {
    const box = el('input', { type: 'checkbox', 'data-testid': `vignette-${v}` });
    box.checked = v === 'axial' || v === 'cpr' || v === 'section';
    picks.set(v, box);
    const lab = el('label');
    const span = el('span');
    texts.push([span, VIEW_KEYS[v]]);
    lab.append(box, span);
    vig.append(lab);
  }
  return () => VIEW_NAMES.filter((v) => picks.get(v)!.checked && viewAvailable(v));
}

/** The measured lesions, each with a box (all ticked until the user unticks one), rebuilt by `render()`. */
function lesionPicks(s: ReportSession, texts: [HTMLElement, ReportKey][]) {
  const box = el('div', { class: 'vignette-lesions', 'data-testid': 'vignette-lesions' });
  const title = el('strong');
  texts.push([title, 'vignetteLesions']);
  const list = el('span');
  box.append(title, ' ', list);
  const unchecked = new Set<string>();
  const keyOf = (l: VignetteLesion) => `${l.vesselId}@${l.mlaIndex}`;
  const render = () => {
    const lang = s.lang();
    const all = vignetteLesions(s);
    list.replaceChildren(...(all.length ? all.map((l, i) => {
      const pick = el('input', { type: 'checkbox', 'data-testid': `vignette-lesion-${i}`, 'data-key': keyOf(l) });
      pick.checked = !unchecked.has(keyOf(l));
      pick.addEventListener('change', () => { if (pick.checked) unchecked.delete(keyOf(l)); else unchecked.add(keyOf(l)); });
      const lab = el('label');
      lab.append(pick, lesionCaption(l, lang));
      return lab;
    }) : [el('span', {}, rt(lang, 'vignetteNoLesion'))]));
  };
  return { box, render, chosen: (): VignetteLesion[] => vignetteLesions(s).filter((l) => !unchecked.has(keyOf(l))) };
}

/** Runs `each` with every chosen lesion shown (or fails with a message); the selection and cursor come back at the end. */
async function forEachLesion(
  s: ReportSession, views: ViewName[], lesions: VignetteLesion[], each: (l: VignetteLesion, i: number, views: ViewName[]) => Promise<void>,
): Promise<boolean> {
  if (!views.length) { s.message((l) => rt(l, 'noView'), 'error'); return false; }
  if (!lesions.length) { s.message((l) => rt(l, 'vignetteNoLesion'), 'error'); return false; }
  const before = s.study.vessels.selectedId;
  const cursor = framingOf(s).state?.cursorIndex;
  for (const [i, l] of lesions.entries()) {
    const restore = await showLesion(s, l);
    try { await each(l, i, views); } finally { restore(); }
  }
  if (before && s.study.vessels.get(before)) {
    s.view.select(before);
    if (cursor !== undefined) s.view.setCursor(cursor);
  }
  return true;
}

export function mountVignettes(s: ReportSession, texts: [HTMLElement, ReportKey][], button: Button, stamp: () => string): HTMLElement {
  const vig = el('fieldset', { class: 'report-actions', 'data-testid': 'report-vignettes' });
  const legend = el('legend');
  texts.push([legend, 'vignettes']);
  vig.append(legend);
  const chosenViews = viewPicks(vig, texts);
  // the lesion list is rebuilt from the measured vessels when the user opens the choice
  const lesions = lesionPicks(s, texts);
  vig.append(lesions.box);
  s.view.onChange((k) => { if (k === 'vessels' || k === 'analysis') lesions.render(); });
  const eachLesion = (each: (l: VignetteLesion, i: number, views: ViewName[]) => Promise<void>) => forEachLesion(s, chosenViews(), lesions.chosen(), each);

  const name = (l: VignetteLesion, i: number, v: ViewName, answers: boolean) => `lesion-${i + 1}-${l.vessel}-${v}${answers ? '-reponses' : ''}.png`;
  const pngZip = async (answers: boolean, file: string) => {
    const files: Record<string, Uint8Array> = {};
    const label = s.report()?.cadRads.label;
    const ok = await eachLesion(async (l, i, views) => {
      const caption = [lesionCaption(l, s.lang()), ...(label ? [label] : [])];
      for (const v of views) {
        const png = await captureView(v, answers ? caption : undefined);
        if (png) files[name(l, i, v, answers)] = png;
      }
    });
    if (ok) download(zipSync(files, { level: 0 }), file, 'application/zip');
  };
  const add = (key: ReportKey, testid: string, run: () => Promise<void>) => vig.append(button(key, testid, run));
  add('pngQuestions', 'vignette-png', () => pngZip(false, `vignettes-${stamp()}.zip`));
  add('pngAnswers', 'vignette-png-answers', () => pngZip(true, `vignettes-reponses-${stamp()}.zip`));
  add('slideshow', 'vignette-pdf', async () => {
    const lang = s.lang();
    const slides: { title: string; png: Uint8Array; questions: string[] }[] = [];
    const ok = await eachLesion(async (_l, i, views) => {
      const pngs: Uint8Array[] = [];
      for (const v of views) { const p = await captureView(v); if (p) pngs.push(p); }
      const png = await montage(pngs);
      if (png) slides.push({ title: rt(lang, 'slideTitle', { n: i + 1 }), png, questions: [rt(lang, 'q1'), rt(lang, 'q2'), rt(lang, 'q3')] });
    });
    if (ok) download(await vignettesPdf(slides, { title: 'Vignettes', answerLabel: rt(lang, 'answer') }), `diaporama-${stamp()}.pdf`, 'application/pdf');
  });
  vig.addEventListener('pointerenter', lesions.render);
  // the panel relabels its texts on a language change: the lesion captions follow
  new MutationObserver(lesions.render).observe(legend, { childList: true, characterData: true, subtree: true });
  lesions.render();
  return vig;
}
