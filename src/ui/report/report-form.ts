/** The report panel's form: patient-level inputs, the editable proposal (category, P, modifiers), free text. */
import { CATEGORIES, MODIFIERS, PLAQUE_BURDENS, type CadRadsCategory, type CadRadsModifier, type PlaqueBurden } from '../../report/cadrads.ts';
import type { StructuredReport } from '../../report/report.ts';
import type { Lang } from '../../i18n/index.ts';
import { rt, type ReportKey } from './report-i18n.ts';
import type { ReportState } from '../../study/work-model.ts';
import { el } from '../dom.ts';


export interface ReportForm {
  readonly root: HTMLElement;
  /** shows the state and the proposal (labels in `lang`) without touching a field being edited */
  show(s: ReportState, r: StructuredReport, lang: Lang): void;
}

function labelled(key: ReportKey, field: HTMLElement, texts: [HTMLElement, ReportKey][]): HTMLLabelElement {
  const l = el('label');
  const span = el('span');
  texts.push([span, key]);
  l.append(span, ' ', field);
  return l;
}

function setOptions(sel: HTMLSelectElement, opts: readonly [string, string][]): void {
  const v = sel.value;
  sel.replaceChildren(...opts.map(([value, text]) => new Option(text, value)));
  sel.value = v;
}

interface FormFields {
  readonly dominance: HTMLSelectElement;
  readonly calcium: HTMLInputElement;
  readonly ischaemia: HTMLSelectElement;
  readonly exceptions: HTMLInputElement;
  readonly category: HTMLSelectElement;
  readonly burden: HTMLSelectElement;
  readonly boxes: Map<CadRadsModifier, HTMLInputElement>;
  readonly reset: HTMLButtonElement;
  readonly freeText: HTMLTextAreaElement;
}

/** Each field writes the report state, then `changed`. */
function bindFields(f: FormFields, state: () => ReportState, changed: () => void): void {
  const { dominance, calcium, ischaemia, exceptions, category, burden, boxes, reset, freeText } = f;
  dominance.addEventListener('change', () => {
    state().dominance = dominance.value === '' ? null : (dominance.value as ReportState['dominance']);
    changed();
  });
  calcium.addEventListener('change', () => {
    const v = calcium.value.trim() === '' ? null : Number(calcium.value);
    state().calciumScore = v !== null && Number.isFinite(v) && v >= 0 ? v : null;
    changed();
  });
  ischaemia.addEventListener('change', () => {
    state().ischaemia = ischaemia.value === '' ? null : (ischaemia.value as ReportState['ischaemia']);
    changed();
  });
  exceptions.addEventListener('change', () => {
    state().exceptions = exceptions.value.split(/[;,]/).map((s) => s.trim()).filter(Boolean);
    changed();
  });
  category.addEventListener('change', () => {
    state().category = category.value === '' ? undefined : (category.value as CadRadsCategory);
    changed();
  });
  burden.addEventListener('change', () => {
    state().plaqueBurden = burden.value === '' ? undefined : burden.value === 'none' ? null : (burden.value as PlaqueBurden);
    changed();
  });
  for (const b of boxes.values()) {
    b.addEventListener('change', () => {
      state().modifiers = MODIFIERS.filter((m) => boxes.get(m)!.checked);
      changed();
    });
  }
  reset.addEventListener('click', () => {
    const s = state();
    s.category = undefined;
    s.plaqueBurden = undefined;
    s.modifiers = undefined;
    changed();
  });
  freeText.addEventListener('input', () => {
    state().freeText = freeText.value;
    changed();
  });
}

/** `changed` is called after the state was updated from a field. */
export function createReportForm(state: () => ReportState, changed: () => void): ReportForm {
  const texts: [HTMLElement, ReportKey][] = [];
  const root = el('div', { class: 'report-form' });
  const dominance = el('select', { 'data-testid': 'report-dominance' });
  const calcium = el('input', { type: 'number', min: '0', step: '1', 'data-testid': 'report-calcium' });
  const ischaemia = el('select', { 'data-testid': 'report-ischaemia' });
  const exceptions = el('input', { type: 'text', 'data-testid': 'report-exceptions', maxlength: '200' });
  const category = el('select', { 'data-testid': 'report-category' });
  const burden = el('select', { 'data-testid': 'report-burden' });
  const mods = el('span', { class: 'report-modifiers' });
  const boxes = new Map<CadRadsModifier, HTMLInputElement>();
  for (const m of MODIFIERS) {
    const b = el('input', { type: 'checkbox', 'data-testid': `report-mod-${m}` });
    boxes.set(m, b);
    const l = el('label');
    l.append(b, m);
    mods.append(l);
  }
  const reset = el('button', { type: 'button', 'data-testid': 'report-reset' });
  texts.push([reset, 'resetProposal']);
  const freeText = el('textarea', { rows: '3', 'data-testid': 'report-free-text', maxlength: '10000' });
  const modLabel = el('span');
  texts.push([modLabel, 'modifiers']);
  const modRow = el('div');
  modRow.append(modLabel, ' ', mods);
  root.append(
    labelled('dominance', dominance, texts), labelled('calcium', calcium, texts), labelled('ischaemia', ischaemia, texts),
    labelled('exceptions', exceptions, texts), el('br'), labelled('category', category, texts), labelled('burden', burden, texts),
    modRow, reset, labelled('freeText', freeText, texts),
  );

  bindFields({ dominance, calcium, ischaemia, exceptions, category, burden, boxes, reset, freeText }, state, changed);

  return {
    root,
    show(s, r, lang) {
      for (const [e, k] of texts) e.textContent = rt(lang, k);
      setOptions(dominance, [['', rt(lang, 'dominanceUnknown')], ['right', rt(lang, 'dominanceRight')], ['left', rt(lang, 'dominanceLeft')], ['co-dominant', rt(lang, 'dominanceCo')]]);
      setOptions(ischaemia, [['', rt(lang, 'none')], ['I+', 'I+'], ['I-', 'I-'], ['I±', 'I±']]);
      setOptions(category, [['', `${rt(lang, 'auto')} (${r.proposed.category})`], ...CATEGORIES.map((c): [string, string] => [c, c])]);
      setOptions(burden, [['', `${rt(lang, 'auto')} (${r.proposed.plaqueBurden ?? '—'})`], ['none', '—'], ...PLAQUE_BURDENS.map((p): [string, string] => [p, p])]);
      const active = document.activeElement;
      if (active !== dominance) dominance.value = s.dominance ?? '';
      if (active !== calcium) calcium.value = s.calciumScore === null ? '' : String(s.calciumScore);
      if (active !== ischaemia) ischaemia.value = s.ischaemia ?? '';
      if (active !== exceptions) exceptions.value = s.exceptions.join('; ');
      category.value = s.category ?? '';
      burden.value = s.plaqueBurden === undefined ? '' : s.plaqueBurden === null ? 'none' : s.plaqueBurden;
      for (const [m, b] of boxes) b.checked = r.cadRads.modifiers.includes(m);
      if (active !== freeText) freeText.value = s.freeText;
    },
  };
}
