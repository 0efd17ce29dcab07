/** Language selection and message formatting (one catalogue per language). */
import type { Lang } from './lang.ts';
export type { Lang };
import { en } from './en.ts';
import { fr, type Catalogue, type MessageKey } from './fr.ts';
import { fill, type MessageParams } from './catalogue.ts';

export type { MessageKey };

const catalogues: Readonly<Record<Lang, Catalogue>> = { fr, en };

export function format(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  return fill(catalogues[lang][key], params);
}

/** Sets the text of every element carrying data-i18n="key" (and data-i18n-placeholder) under root. */
export function applyLanguage(root: ParentNode, lang: Lang): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    el.textContent = format(lang, el.dataset.i18n as MessageKey);
  }
  for (const el of root.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) {
    el.placeholder = format(lang, el.dataset.i18nPlaceholder as MessageKey);
  }
  if (root instanceof Document) root.documentElement.lang = lang;
}
