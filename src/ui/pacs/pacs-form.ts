/**
 * The PACS connection form (DICOMweb address, authentication) and the study filters. Credentials live in
 * the form fields; they reach localStorage only when "remember" is ticked (the address always does).
 */
import type { PacsAuth } from '../../pacs/client.ts';
import type { StudyQuery } from '../../pacs/client.ts';
import type { Lang } from '../../i18n/index.ts';
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

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function readSaved(storage: Storage | undefined): Saved {
  try {
    return JSON.parse(storage?.getItem(SETTINGS_KEY) ?? '{}') as Saved;
  } catch {
    return {};
  }
}

export function createPacsForm(storage: Storage | undefined, defaultUrl: string): PacsForm {
  const texts: [HTMLElement, PacsKey][] = [];
  const labelled = (key: PacsKey, input: HTMLElement, cls = 'pacs-field') => {
    const lab = el('label', { class: cls });
    const span = el('span');
    texts.push([span, key]);
    lab.append(span, input);
    return lab;
  };
  const saved = readSaved(storage);
  const url = el('input', { type: 'url', 'data-testid': 'pacs-url', size: '40', spellcheck: 'false', autocomplete: 'url' });
  url.value = saved.url ?? defaultUrl;
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
  basicBox.append(labelled('user', user), labelled('password', password));
  const bearerBox = el('span', { class: 'pacs-creds' });
  bearerBox.append(labelled('token', token));
  const showKind = () => {
    basicBox.hidden = kind.value !== 'basic';
    bearerBox.hidden = kind.value !== 'bearer';
  };
  kind.addEventListener('change', showKind);
  showKind();
  const connect = el('button', { type: 'button', 'data-testid': 'pacs-connect' });
  texts.push([connect, 'connect']);
  const row1 = el('div', { class: 'pacs-row' });
  row1.append(labelled('url', url), labelled('auth', kind), basicBox, bearerBox, labelled('remember', remember, 'pacs-check'), connect);

  const patient = el('input', { type: 'search', 'data-testid': 'pacs-filter-patient' });
  const from = el('input', { type: 'date', 'data-testid': 'pacs-filter-from' });
  const to = el('input', { type: 'date', 'data-testid': 'pacs-filter-to' });
  const modality = el('select', { 'data-testid': 'pacs-filter-modality' });
  const any = el('option', { value: '' });
  texts.push([any, 'anyModality']);
  modality.append(any, ...['CT', 'MR', 'US', 'XA', 'NM', 'PT', 'CR', 'DX', 'SR'].map((m) => el('option', { value: m }, m)));
  const search = el('button', { type: 'button', 'data-testid': 'pacs-search' });
  texts.push([search, 'search']);
  const row2 = el('div', { class: 'pacs-row' });
  row2.append(labelled('patient', patient), labelled('from', from), labelled('to', to), labelled('modality', modality), search);
  for (const input of [patient, from, to]) input.addEventListener('keydown', (e) => { if (e.key === 'Enter') search.click(); });
  url.addEventListener('keydown', (e) => { if (e.key === 'Enter') connect.click(); });

  const root = el('form', { class: 'pacs-form', autocomplete: 'on' });
  root.addEventListener('submit', (e) => e.preventDefault());
  root.append(row1, row2);
  const ymd = (v: string) => v.replace(/-/g, '');
  return {
    root, connect, search,
    url: () => url.value.trim(),
    auth(): PacsAuth {
      if (kind.value === 'basic') return { kind: 'basic', user: user.value, password: password.value };
      if (kind.value === 'bearer') return { kind: 'bearer', token: token.value };
      return { kind: 'none' };
    },
    query(): StudyQuery {
      const range = from.value || to.value ? `${ymd(from.value)}-${ymd(to.value)}` : '';
      return { patient: patient.value, date: range, modality: modality.value };
    },
    askCredentials() {
      if (kind.value === 'none') kind.value = 'basic';
      showKind();
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
