/**
 * The PACS connection form (DICOMweb address, authentication) and the study filters. Credentials live in
 * the form fields; they reach localStorage only when "remember" is ticked (the address always does).
 */
import type { PacsAuth } from '../../pacs/client.ts';
import type { StudyQuery } from '../../pacs/client.ts';
import type { Lang } from '../../i18n/index.ts';
import { el } from '../dom.ts';
import { pt, type PacsKey } from './pacs-i18n.ts';

export const SETTINGS_KEY = 'coroscanner.pacs';

interface Saved {
  url?: string;
  auth?: 'none' | 'basic' | 'bearer';
  user?: string;
  password?: string;
  token?: string;
}

export interface PacsForm {
  readonly root: HTMLElement;
  readonly connect: HTMLButtonElement;
  readonly search: HTMLButtonElement;
  url(): string;
  auth(): PacsAuth;
  query(): StudyQuery;
  /** Shows the credential fields and marks them (a 401/403 answer). */
  askCredentials(): void;
  /** Writes the settings (credentials only when "remember" is ticked). */
  persist(): void;
  /** Calls `fn` when the address is edited. */
  onUrlChange(fn: () => void): void;
  setLanguage(lang: Lang): void;
}

function readSaved(storage: Storage | undefined): Saved {
  try {
    return JSON.parse(storage?.getItem(SETTINGS_KEY) ?? '{}') as Saved;
  } catch {
    return {};
  }
}

type Texts = [HTMLElement, PacsKey][];

/** A labelled field; its label text is set with the language. */
function labelled(texts: Texts, key: PacsKey, input: HTMLElement, cls = 'pacs-field'): HTMLLabelElement {
  const lab = el('label', { class: cls });
  const span = el('span');
  texts.push([span, key]);
  lab.append(span, input);
  return lab;
}

/** The authentication choice and its fields (user + password, or a token), filled from the saved settings. */
function credentialFields(texts: Texts, saved: Saved) {
  const kind = el('select', { 'data-testid': 'pacs-auth' });
  for (const [value, key] of [['none', 'authNone'], ['basic', 'authBasic'], ['bearer', 'authBearer']] as const) {
    const o = el('option', { value });
    texts.push([o, key]);
    kind.append(o);
  }
  kind.value = saved.auth ?? 'none';
  const user = el('input', { type: 'text', 'data-testid': 'pacs-user', autocomplete: 'username', spellcheck: 'false' });
  const password = el('input', { type: 'password', 'data-testid': 'pacs-password', autocomplete: 'current-password' });
  const token = el('input', { type: 'password', 'data-testid': 'pacs-token', autocomplete: 'off' });
  user.value = saved.user ?? '';
  password.value = saved.password ?? '';
  token.value = saved.token ?? '';
  const remember = el('input', { type: 'checkbox', 'data-testid': 'pacs-remember' });
  remember.checked = saved.password !== undefined || saved.token !== undefined;
  const basicBox = el('span', { class: 'pacs-creds' });
  basicBox.append(labelled(texts, 'user', user), labelled(texts, 'password', password));
  const bearerBox = el('span', { class: 'pacs-creds' });
  bearerBox.append(labelled(texts, 'token', token));
  const showKind = () => {
    basicBox.hidden = kind.value !== 'basic';
    bearerBox.hidden = kind.value !== 'bearer';
  };
  kind.addEventListener('change', showKind);
  showKind();
  return { kind, user, password, token, remember, boxes: [basicBox, bearerBox], showKind };
}

/** The study filters (patient, date range, modality) and their "Filtrer / Filter" button (Enter in a field too). */
function filterFields(texts: Texts) {
  const patient = el('input', { type: 'search', 'data-testid': 'pacs-filter-patient' });
  const from = el('input', { type: 'date', 'data-testid': 'pacs-filter-from' });
  const to = el('input', { type: 'date', 'data-testid': 'pacs-filter-to' });
  const modality = el('select', { 'data-testid': 'pacs-filter-modality' });
  const any = el('option', { value: '' });
  texts.push([any, 'anyModality']);
  modality.append(any, ...['CT', 'MR', 'US', 'XA', 'NM', 'PT', 'CR', 'DX', 'SR'].map((m) => el('option', { value: m }, m)));
  const search = el('button', { type: 'button', 'data-testid': 'pacs-search' });
  texts.push([search, 'search']);
  const row = el('div', { class: 'pacs-row' });
  row.append(labelled(texts, 'patient', patient), labelled(texts, 'from', from), labelled(texts, 'to', to), labelled(texts, 'modality', modality), search);
  for (const input of [patient, from, to]) input.addEventListener('keydown', (e) => { if (e.key === 'Enter') search.click(); });
  const ymd = (v: string) => v.replace(/-/g, '');
  const query = (): StudyQuery => {
    const range = from.value || to.value ? `${ymd(from.value)}-${ymd(to.value)}` : '';
    return { patient: patient.value, date: range, modality: modality.value };
  };
  return { row, search, query };
}

export function createPacsForm(storage: Storage | undefined, defaultUrl: string): PacsForm {
  const texts: Texts = [];
  const saved = readSaved(storage);
  const url = el('input', { type: 'url', 'data-testid': 'pacs-url', size: '40', spellcheck: 'false', autocomplete: 'url' });
  url.value = saved.url ?? defaultUrl;
  const cred = credentialFields(texts, saved);
  const connect = el('button', { type: 'button', 'data-testid': 'pacs-connect' });
  texts.push([connect, 'connect']);
  const row1 = el('div', { class: 'pacs-row' });
  row1.append(labelled(texts, 'url', url), labelled(texts, 'auth', cred.kind), ...cred.boxes, labelled(texts, 'remember', cred.remember, 'pacs-check'), connect);
  url.addEventListener('keydown', (e) => { if (e.key === 'Enter') connect.click(); });
  const filters = filterFields(texts);
  const root = el('form', { class: 'pacs-form', autocomplete: 'on' });
  root.addEventListener('submit', (e) => e.preventDefault());
  root.append(row1, filters.row);
  const { kind, user, password, token, remember } = cred;
  return {
    root, connect, search: filters.search,
    url: () => url.value.trim(),
    auth(): PacsAuth {
      if (kind.value === 'basic') return { kind: 'basic', user: user.value, password: password.value };
      if (kind.value === 'bearer') return { kind: 'bearer', token: token.value };
      return { kind: 'none' };
    },
    query: filters.query,
    askCredentials() {
      if (kind.value === 'none') kind.value = 'basic';
      cred.showKind();
      root.classList.add('pacs-needs-credentials');
      (kind.value === 'bearer' ? token : user.value ? password : user).focus();
    },
    persist() {
      root.classList.remove('pacs-needs-credentials');
      const s: Saved = { url: url.value.trim(), auth: kind.value as Saved['auth'] };
      if (remember.checked) Object.assign(s, { user: user.value, password: password.value, token: token.value });
      try {
        storage?.setItem(SETTINGS_KEY, JSON.stringify(s));
      } catch {
        /* storage full or disabled: the settings stay in memory */
      }
    },
    onUrlChange(fn) {
      url.addEventListener('input', fn);
    },
    setLanguage(lang) {
      for (const [e, key] of texts) e.textContent = pt(lang, key);
    },
  };
}
