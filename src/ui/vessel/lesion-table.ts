/** Lesion table of the selected vessel: segment, %DS, %AS, MLA, MLD, length, plaque type and volumes, high-risk features. */
import { highRiskFeaturesOf, plaqueTypeFromVolumes } from '../../report/from-analysis.ts';
import type { HighRiskFeature, PlaqueType } from '../../report/cadrads.ts';
import type { SegmentSpan } from '../../report/segments.ts';
import { segmentAt, segmentName } from '../../report/segments.ts';
import type { Lesion } from '../../vessel/analyse.ts';
import { format, type Lang, type MessageKey } from '../../i18n/index.ts';
import { decimal } from '../../i18n/number.ts';

const PLAQUE_KEY: Record<PlaqueType, MessageKey> = {
  calcified: 'plaqueCalcified', 'non-calcified': 'plaqueNonCalcified', 'low-attenuation': 'plaqueLowAttenuation', mixed: 'plaqueMixed',
};
const HRP_KEY: Record<HighRiskFeature, MessageKey> = {
  'positive-remodelling': 'hrpRemodelling', 'low-attenuation': 'hrpLap', 'spotty-calcification': 'hrpSpotty', 'napkin-ring': 'hrpNapkin',
};
const COLUMNS: MessageKey[] = ['colSegment', 'colDs', 'colAs', 'colMla', 'colMld', 'colLength', 'colPlaque', 'colVolumes', 'colHrp'];

/** `bifurcation`: the lesion's bifurcation in words ("bifurcation (Dg1) · Medina 1,1,1"), shown under its segment. */
export function renderLesionTable(host: HTMLElement, lesions: readonly Lesion[], spans: readonly SegmentSpan[] | undefined, lang: Lang, onRow: (l: Lesion) => void, bifurcation: (l: Lesion) => string | undefined = () => undefined): void {
  if (lesions.length === 0) {
    const p = document.createElement('p');
    p.dataset.testid = 'no-lesion';
    p.textContent = format(lang, 'noLesion');
    host.replaceChildren(p);
    return;
  }
  const table = document.createElement('table');
  table.className = 'lesion-table';
  table.dataset.testid = 'lesion-table';
  const head = table.createTHead().insertRow();
  for (const k of COLUMNS) {
    const th = document.createElement('th');
    th.textContent = format(lang, k);
    head.append(th);
  }
  const body = table.createTBody();
  lesions.forEach((l, i) => {
    const tr = body.insertRow();
    tr.dataset.testid = `lesion-row-${i}`;
    tr.tabIndex = 0;
    const type = plaqueTypeFromVolumes(l.plaque);
    const hrp = highRiskFeaturesOf(l);
    const seg = spans ? segmentAt(spans, l.sMm) : undefined;
    const cells: [string, string][] = [
      ['segment', seg === undefined ? '—' : `${seg} · ${segmentName(seg, lang)}`],
      ['ds', l.uncertain ? format(lang, 'dsNotAssessable') : l.diameterStenosisPct.toFixed(0)],
      ['as', l.areaStenosisPct.toFixed(0)],
      ['mla', decimal(l.mlaMm2, 2, lang)],
      ['mld', decimal(l.mldMm, 2, lang)],
      ['length', decimal(l.extent?.lengthMm ?? l.lengthMm, 1, lang)],
      ['plaque', type ? format(lang, PLAQUE_KEY[type]) : '—'],
      ['volumes', [l.plaque.calcifiedMm3, l.plaque.nonCalcifiedMm3, l.plaque.lowAttenuationMm3].map((v) => decimal(v, 1, lang)).join(' / ')],
      ['hrp', hrp.length ? hrp.map((h) => format(lang, HRP_KEY[h])).join(', ') : format(lang, 'hrpNone')],
    ];
    for (const [name, text] of cells) {
      const td = tr.insertCell();
      td.dataset.col = name;
      td.textContent = text;
      if (name === 'ds' && l.uncertain) td.title = format(lang, 'dsNotAssessableWhy', { pct: l.diameterStenosisPct.toFixed(0) });
      const b = name === 'segment' ? bifurcation(l) : undefined;
      if (b) {
        const line = document.createElement('div');
        line.className = 'lesion-bifurcation';
        line.dataset.testid = `lesion-bifurcation-${i}`;
        line.textContent = b;
        if (b.includes('?')) line.title = format(lang, 'lesionBifurcationUnknown');
        td.append(line);
      }
    }
    tr.addEventListener('click', () => onRow(l));
    tr.addEventListener('keydown', (e) => e.key === 'Enter' && onRow(l));
  });
  host.replaceChildren(table);
}
