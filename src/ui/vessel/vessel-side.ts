/** Side controls of the selected vessel: reference positions and SCCT segment borders (both editable). */
import type { SegmentSpan } from '../../report/segments.ts';
import { segmentName } from '../../report/segments.ts';
import { innerBoundariesMm, moveBorder, vesselSpans } from '../../study/segments.ts';
import type { VesselRecord, VesselStore } from '../../study/vessel-store.ts';
import type { VesselController } from '../../viewer/vessel/vessel-controller.ts';
import { format, type Lang } from '../../i18n/index.ts';
import { vt } from './vessel-i18n.ts';
import { decimal } from '../../i18n/number.ts';

export function spansOf(v: VesselRecord, lengthMm: number): SegmentSpan[] | undefined {
  return v.name ? vesselSpans(v.name, lengthMm, v.segmentBoundariesMm, v.segmentLandmarksMm) : undefined;
}

/** The user moves border i of the selected vessel to sMm (from the chart, the CPR or the number inputs). */
export function moveSegmentBorder(store: VesselStore, v: VesselRecord, lengthMm: number, i: number, sMm: number): void {
  const spans = spansOf(v, lengthMm);
  if (!spans) return;
  store.moveBorders(v.id, moveBorder(innerBoundariesMm(spans), i, sMm, lengthMm));
}

function numberInput(testid: string, value: number): HTMLInputElement {
  const i = document.createElement('input');
  i.type = 'number';
  i.step = '0.5';
  i.dataset.testid = testid;
  i.value = value.toFixed(1);
  return i;
}

export function renderReference(host: HTMLElement, c: VesselController, lang: Lang): void {
  const v = c.selected();
  const a = v ? c.display(v.id)?.analysis : undefined;
  if (!v || !a) { host.replaceChildren(); return; }
  const l = a.lesions[0];
  const auto: [number, number] = l ? [Math.max(0, l.startSMm - 3), Math.min(a.centreline.lengthMm, l.endSMm + 3)] : [0, a.centreline.lengthMm];
  const [p0, p1] = v.referenceSMm ?? auto;
  const title = document.createElement('h3');
  title.textContent = format(lang, 'referenceTitle');
  const prox = numberInput('reference-proximal', p0), dist = numberInput('reference-distal', p1);
  const apply = document.createElement('button');
  apply.type = 'button';
  apply.dataset.testid = 'reference-apply';
  apply.textContent = format(lang, 'apply');
  apply.addEventListener('click', () => void c.setReference(v.id, [Number(prox.value), Number(dist.value)]));
  const reset = document.createElement('button');
  reset.type = 'button';
  reset.dataset.testid = 'reference-auto';
  reset.textContent = format(lang, 'referenceAuto');
  reset.addEventListener('click', () => void c.setReference(v.id, undefined));
  const row = (label: string, input: HTMLInputElement) => {
    const lab = document.createElement('label');
    lab.append(label, ' ', input);
    return lab;
  };
  host.replaceChildren(title, row(format(lang, 'referenceProximal'), prox), row(format(lang, 'referenceDistal'), dist), apply, reset);
}

export function renderSegments(host: HTMLElement, c: VesselController, lang: Lang, changed: () => void): void {
  const v = c.selected();
  const a = v ? c.display(v.id)?.analysis : undefined;
  const spans = v && a ? spansOf(v, a.centreline.lengthMm) : undefined;
  if (!v || !a || !spans) { host.replaceChildren(); return; }
  const title = document.createElement('h3');
  title.textContent = format(lang, 'segmentsTitle');
  const list = document.createElement('ol');
  list.style.paddingLeft = '1rem';
  const borders = innerBoundariesMm(spans);
  spans.forEach((sp, i) => {
    const li = document.createElement('li');
    li.dataset.testid = `segment-${i}`;
    li.append(`${sp.segment} · ${segmentName(sp.segment, lang)}: ${decimal(sp.startMm, 1, lang)}–${decimal(sp.endMm, 1, lang)} mm`);
    if (i < borders.length) {
      const input = numberInput(`segment-border-${i}`, borders[i]!);
      input.addEventListener('change', () => {
        moveSegmentBorder(c.store, v, a.centreline.lengthMm, i, Number(input.value));
        changed();
      });
      li.append(' ', input);
    }
    list.append(li);
  });
  const hint = document.createElement('p');
  hint.className = 'hint';
  hint.textContent = vt(lang, 'segmentBorderHint');
  const propose = document.createElement('button');
  propose.type = 'button';
  propose.dataset.testid = 'segments-propose';
  propose.textContent = vt(lang, 'segmentsPropose');
  propose.disabled = !!v.segmentBordersProposed;
  propose.addEventListener('click', () => {
    c.store.clearBorders(v.id);
    c.select(v.id); // re-proposes
  });
  host.replaceChildren(title, list, hint, propose);
}
