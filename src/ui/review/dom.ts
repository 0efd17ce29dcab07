/** Tiny DOM helpers of the review page: every text goes through textContent (file text is never HTML). */
import { el } from '../dom.ts';

export function tableOf(head: readonly string[], rows: readonly HTMLTableRowElement[], attrs: Record<string, string> = {}): HTMLTableElement {
  const t = el('table', attrs);
  const tr = el('tr');
  for (const h of head) tr.append(el('th', {}, h));
  t.append(el('thead'), el('tbody'));
  t.tHead!.append(tr);
  t.tBodies[0]!.append(...rows);
  return t;
}

export function rowOf(cells: readonly (string | HTMLElement)[], attrs: Record<string, string> = {}): HTMLTableRowElement {
  const tr = el('tr', attrs);
  for (const c of cells) {
    const td = el('td');
    if (typeof c === 'string') td.textContent = c;
    else td.append(c);
    tr.append(td);
  }
  return tr;
}

export function download(data: Uint8Array | string, name: string, type: string): void {
  const blob = new Blob([typeof data === 'string' ? data : new Uint8Array(data)], { type });
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
