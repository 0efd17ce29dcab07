/** Short vessel names of the vessel list, as French and English readers write them (TC, IVA, Cx, CD… / LM, LAD, LCx, RCA…). */
import type { Lang } from '../../i18n/index.ts';
import type { VesselName } from '../../report/segments.ts';

export const SHORT: Readonly<Record<Lang, Readonly<Record<VesselName, string>>>> = {
  fr: {
    LM: 'TC', LAD: 'IVA', D1: 'Dg1', D2: 'Dg2', LCx: 'Cx', OM1: 'Mg1', OM2: 'Mg2', RCA: 'CD', 'R-PDA': 'IVP (CD)',
    'R-PLB': 'RVG (CD)', ramus: 'Bissectrice', 'L-PDA': 'IVP (Cx)', 'L-PLB': 'RVG (Cx)',
  },
  en: {
    LM: 'LM', LAD: 'LAD', D1: 'D1', D2: 'D2', LCx: 'LCx', OM1: 'OM1', OM2: 'OM2', RCA: 'RCA', 'R-PDA': 'R-PDA',
    'R-PLB': 'R-PLB', ramus: 'Ramus', 'L-PDA': 'L-PDA', 'L-PLB': 'L-PLB',
  },
};

export function vesselShortName(name: VesselName, lang: Lang): string {
  return SHORT[lang][name];
}
