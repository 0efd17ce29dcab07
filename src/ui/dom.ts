import type { MessageKey } from '../i18n/index.ts';

/** The DOM helper of the UI: an element with its attributes and text, set through textContent (file text is never HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** An element whose text is the message `key`, set (and reset on a language change) by its panel from `data-i18n`. */
export function i18nEl<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, key?: MessageKey): HTMLElementTagNameMap[K] {
  const e = el(tag, attrs);
  if (key) e.dataset.i18n = key;
  return e;
}
