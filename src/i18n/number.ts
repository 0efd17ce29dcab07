/** Numbers as the reader writes them: a decimal comma in French ("0,57"), a point in English ("0.57"). */
import type { Lang } from './lang.ts';

export function decimal(value: number, digits: number, lang: Lang): string {
  const t = value.toFixed(digits);
  return lang === 'fr' ? t.replace('.', ',') : t;
}
