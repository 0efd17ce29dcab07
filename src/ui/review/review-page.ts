/**
 * "Revue de la classe / Class review" (teachers): drop or choose the experts' answer keys and the learners'
 * exported readings (JSON saved work or DICOM SR), dozens at once, in any order; see every case side by side
 * (src/review does the counting), export one PDF and a CSV, open the viewer at a panel lesion. Nothing leaves
 * the computer. Learners are anonymous unless the teacher asks for pseudonyms.
 */
import type { CaseReview, LesionReview } from '../../review/case-review.ts';
import { reviewCsv } from '../../review/csv.ts';
import { classReview, type ClassReview, type Refusal, type ReviewFile } from '../../review/intake.ts';
import { caseTitle } from '../../review/labels.ts';
import { reviewPdf } from '../../review/review-pdf.ts';
import { workMessage } from '../../report/work-errors.ts';
import type { Lps } from '../../volume/volume.ts';
import { wireDropZone } from '../files.ts';
import type { Lang } from '../../i18n/index.ts';
import { reviewText, type ReviewKey } from '../../i18n/review.ts';
import { caseView } from './case-view.ts';
import { el } from '../dom.ts';
import { download } from './dom.ts';
import './review.css';

export interface ReviewPageDeps {
  readonly host: HTMLElement;
  /** the start page: gets the button that opens the review */
  readonly entryHost: HTMLElement;
  /** called when the review is shown (the app hides the start page and the viewer) */
  onShow(): void;
  lang(): Lang;
  /** opens the viewer on the study at a point; resolves false when the study is not a bundled case */
  openAt(studyInstanceUid: string, lps: Lps): Promise<boolean>;
  /** back to the start page */
  home(): void;
}

export interface ReviewPage {
  show(): void;
  hide(): void;
  setLanguage(lang: Lang): void;
  /** adds files (as the file input and the drop zone do) */
  add(files: readonly File[]): Promise<void>;
}

const REFUSAL_KEYS: Record<Refusal['code'], ReviewKey> = { malformed: 'refusedMalformed', duplicate: 'refusedDuplicate', 'other-study': 'refusedOtherStudy' };

function refusalText(r: Refusal, lang: Lang): string {
  const detail = r.cause ? workMessage(r.cause.code, r.cause.params, lang) : (r.params.detail ?? '');
  return reviewText(lang)(REFUSAL_KEYS[r.code], { ...r.params, file: r.file, detail });
}

/** The page's elements; `tx` registers those whose text is a message (set again on each render). */
function reviewLayout(tx: <E extends HTMLElement>(e: E, k: ReviewKey) => E) {
  const root = el('section', { id: 'review', class: 'review', 'data-testid': 'review' });
  root.hidden = true;
  const input = el('input', { type: 'file', multiple: '', accept: '.json,.dcm,application/json,application/dicom', 'data-testid': 'review-files' });
  input.hidden = true;
  const choose = el('label', { class: 'button' });
  choose.append(tx(el('span'), 'chooseFiles'), input);
  const drop = el('div', { class: 'drop review-drop', 'data-testid': 'review-drop' });
  const clear = tx(el('button', { type: 'button', 'data-testid': 'review-clear' }), 'clearFiles');
  const names = el('input', { type: 'checkbox', 'data-testid': 'review-show-names' });
  const namesLabel = el('label');
  namesLabel.append(names, ' ', tx(el('span'), 'showNames'));
  const pdf = tx(el('button', { type: 'button', 'data-testid': 'review-pdf' }), 'exportPdf');
  const csv = tx(el('button', { type: 'button', 'data-testid': 'review-csv' }), 'exportCsv');
  const back = tx(el('button', { type: 'button', 'data-testid': 'review-back' }), 'back');
  drop.append(choose, ' ', tx(el('span'), 'dropFiles'));
  const help = el('details', { class: 'review-help', 'data-testid': 'review-help' });
  help.append(tx(el('summary'), 'scoresHelpTitle'), tx(el('p'), 'scoresHelp'));
  const summary = el('p', { 'data-testid': 'review-summary' });
  const message = el('p', { class: 'review-message', 'data-testid': 'review-message', role: 'status' });
  const refused = el('div', { class: 'review-refused', 'data-testid': 'review-refused' });
  const cases = el('div', { class: 'review-cases', 'data-testid': 'review-cases' });
  const actions = el('div', { class: 'review-actions' });
  actions.append(clear, namesLabel, pdf, csv, back);
  root.append(tx(el('h2'), 'reviewTitle'), tx(el('p'), 'reviewIntro'), drop, actions, help, summary, message, refused, tx(el('h3'), 'casesTitle'), cases);
  const entry = tx(el('button', { type: 'button', class: 'review-entry', 'data-testid': 'open-review' }), 'openReview');
  const entryBox = el('div', { class: 'review-entry-box' });
  entryBox.append(entry);
  return { root, input, drop, clear, names, pdf, csv, back, summary, message, refused, cases, entry, entryBox };
}

/** The loaded files' summary and the files refused, with the reasons. */
function renderIntake(ui: ReturnType<typeof reviewLayout>, r: ClassReview | undefined, lang: Lang): void {
  const t = reviewText(lang);
  const kept = r ? r.cases.reduce((s, c) => s + c.learners.length, 0) : 0;
  ui.summary.textContent = r ? t('loadedSummary', { keys: r.keyFiles, readings: kept, refused: r.refused.length }) : '';
  Object.assign(ui.summary.dataset, { keys: String(r?.keyFiles ?? 0), readings: String(kept), refused: String(r?.refused.length ?? 0) });
  ui.refused.replaceChildren();
  if (r && r.refused.length) {
    const ul = el('ul');
    for (const x of r.refused) ul.append(el('li', { 'data-testid': 'review-refusal', 'data-file': x.file, 'data-code': x.code }, refusalText(x, lang)));
    ui.refused.append(el('h3', {}, t('refusedTitle')), ul);
  }
}

/** The PDF and CSV exports of the review shown (file names dated today). */
function wireExports(ui: ReturnType<typeof reviewLayout>, lang: () => Lang, review: () => ClassReview | undefined, showNames: () => boolean): void {
  const stamp = () => new Date().toISOString().slice(0, 10);
  ui.pdf.addEventListener('click', () => {
    const r = review();
    if (!r) return;
    const l = lang();
    void reviewPdf(r, reviewText(l), { showNames: showNames(), date: stamp(), lang: l }).then((bytes) => download(bytes, `revue-classe-${stamp()}.pdf`, 'application/pdf'));
  });
  ui.csv.addEventListener('click', () => {
    const r = review();
    if (r) download(reviewCsv(r, reviewText(lang()), showNames()), `revue-classe-${stamp()}.csv`, 'text/csv;charset=utf-8');
  });
}

export function mountReviewPage(deps: ReviewPageDeps): ReviewPage {
  const files: ReviewFile[] = [];
  let review: ClassReview | undefined;
  let showNames = false;
  const texts: [HTMLElement, ReviewKey][] = [];
  const ui = reviewLayout((e, k) => (texts.push([e, k]), e));
  const { root, input, drop, clear, names, pdf, csv, back, message, cases, entry } = ui;
  deps.host.append(root);
  deps.entryHost.append(ui.entryBox);

  const openAt = (c: CaseReview, l: LesionReview, lps: Lps) => {
    const t = reviewText(deps.lang());
    const idx = review?.cases.indexOf(c) ?? 0;
    message.textContent = t('opening', { name: caseTitle(c, idx), lesion: l.panel.id });
    void deps.openAt(c.panel.studyInstanceUid, lps).then((ok) => {
      if (!ok) message.textContent = t('noBundled', { lps: lps.map((v) => v.toFixed(1)).join(', ') });
    });
  };

  const render = () => {
    const t0 = performance.now();
    const lang = deps.lang();
    const t = reviewText(lang);
    for (const [e, k] of texts) e.textContent = t(k);
    const r = review;
    renderIntake(ui, r, lang);
    cases.replaceChildren(...(r?.cases ?? []).map((c, i) => caseView(c, i, { lang, showNames, openAt })));
    if (r && r.cases.length === 0) cases.append(el('p', {}, t('noCase')));
    pdf.disabled = csv.disabled = !r || r.cases.length === 0;
    root.dataset.renderMs = (performance.now() - t0).toFixed(1);
  };

  /** reads, reviews and renders; data-load-ms = from the files given to the next frame after rendering */
  const add = async (list: readonly File[]) => {
    const t0 = performance.now();
    const read = await Promise.all(list.map(async (f) => ({ name: f.webkitRelativePath || f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
    files.push(...read);
    review = classReview(files);
    render();
    await new Promise((r) => requestAnimationFrame(r));
    root.dataset.loadMs = (performance.now() - t0).toFixed(1);
    root.dataset.generation = String(Number(root.dataset.generation ?? 0) + 1);
  };

  input.addEventListener('change', () => {
    const list = [...(input.files ?? [])];
    input.value = '';
    if (list.length) void add(list);
  });
  wireDropZone(drop, (list) => void add(list));
  clear.addEventListener('click', () => {
    files.length = 0;
    review = undefined;
    message.textContent = '';
    render();
  });
  names.addEventListener('change', () => {
    showNames = names.checked;
    render();
  });
  wireExports(ui, deps.lang, () => review, () => showNames);
  back.addEventListener('click', () => deps.home());
  const show = () => {
    deps.onShow();
    root.hidden = false;
  };
  entry.addEventListener('click', show);
  render();

  return {
    show,
    hide: () => void (root.hidden = true),
    setLanguage: () => render(),
    add,
  };
}
