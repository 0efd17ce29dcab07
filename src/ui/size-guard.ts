/**
 * The memory check in the page: reads what the browser reports of the device, refuses a series (or a pile of
 * files) that would not fit with the figure and the limit, and offers to open one slice in `step`.
 */
import { rb } from '../i18n/robustness.ts';
import type { Lang } from '../i18n/lang.ts';
import type { MemoryBudget, SeriesSize, SizeVerdict } from '../volume/memory-budget.ts';
import { memoryBudget } from '../volume/memory-budget.ts';

/** navigator.deviceMemory and performance.memory (both Chromium-only, absent elsewhere). */
export function deviceBudget(): MemoryBudget {
  const nav = navigator as Navigator & { deviceMemory?: number };
  const perf = performance as Performance & { memory?: { jsHeapSizeLimit?: number } };
  return memoryBudget({ deviceMemoryGb: nav.deviceMemory, jsHeapSizeLimitBytes: perf.memory?.jsHeapSizeLimit });
}

const mb = (bytes: number) => Math.ceil(bytes / 1024 ** 2);

export function budgetSourceText(b: MemoryBudget, lang: Lang): string {
  if (b.source === 'device-memory') return rb(lang, 'budgetDevice', { gb: b.fromValue });
  if (b.source === 'heap-limit') return rb(lang, 'budgetHeap', { mb: mb(b.fromValue) });
  return rb(lang, 'budgetDefault', { gb: b.fromValue });
}

export function tooBigText(size: SeriesSize, v: SizeVerdict, lang: Lang): string {
  return rb(lang, 'tooBig', { slices: size.slices, rows: size.rows, columns: size.columns, needMb: mb(v.needBytes), limitMb: mb(v.budget.bytes), source: budgetSourceText(v.budget, lang) });
}

export function tooManyFilesText(files: number, bytes: number, b: MemoryBudget, lang: Lang): string {
  return rb(lang, 'tooBigFiles', { files, needMb: mb(bytes), limitMb: mb(b.bytes), source: budgetSourceText(b, lang) });
}

/**
 * Shows the refusal in `box` and, when a decimation fits, a button to open one slice in `step`. Resolves with
 * the step when the user clicks it; stays pending otherwise (the user opens something else).
 */
export function offerDecimation(box: HTMLElement, size: SeriesSize, v: Extract<SizeVerdict, { fits: false }>, lang: Lang): Promise<number> {
  box.hidden = false;
  const text = document.createElement('span');
  text.textContent = tooBigText(size, v, lang);
  box.replaceChildren(text);
  box.dataset.code = 'series-too-large';
  const step = v.step;
  if (step === undefined || v.decimatedSlices === undefined || v.decimatedBytes === undefined) return new Promise<number>(() => {});
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.testid = 'open-decimated';
  button.textContent = rb(lang, 'openDecimated', { step, slices: v.decimatedSlices, needMb: mb(v.decimatedBytes) });
  box.append(' ', button);
  box.scrollIntoView({ block: 'nearest' });
  return new Promise<number>((resolve) => button.addEventListener('click', () => resolve(step), { once: true }));
}
