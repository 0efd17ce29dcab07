// Vessel names in the vessel list: French readers' short names in French (TC, IVA, Cx, CD, Dg, Mg, IVP, RVG), the SCCT
// abbreviations in English; every vessel has one in both, and no French name is the English abbreviation of another vessel.
import { describe, expect, it } from 'vitest';
import { VESSEL_NAMES } from '../../../../src/report/segments.ts';
import { vesselShortName } from '../../../../src/ui/vessel/vessel-short-names.ts';

describe('vessel short names', () => {
  it('French names as French readers write them, English SCCT abbreviations', () => {
    expect(['LM', 'LAD', 'LCx', 'RCA', 'D1', 'OM1', 'R-PDA', 'R-PLB'].map((n) => vesselShortName(n as never, 'fr'))).toEqual(['TC', 'IVA', 'Cx', 'CD', 'Dg1', 'Mg1', 'IVP (CD)', 'RVG (CD)']);
    expect(['LM', 'LAD', 'LCx', 'RCA'].map((n) => vesselShortName(n as never, 'en'))).toEqual(['LM', 'LAD', 'LCx', 'RCA']);
  });
  it('every vessel is named in both languages, each name once per language', () => {
    for (const lang of ['fr', 'en'] as const) {
      const names = VESSEL_NAMES.map((n) => vesselShortName(n, lang));
      expect(names.every((s) => typeof s === 'string' && s.length > 0)).toBe(true);
      expect(new Set(names).size).toBe(VESSEL_NAMES.length);
    }
    const en = new Set(VESSEL_NAMES.map((n) => vesselShortName(n, 'en')));
    for (const n of ['LM', 'LAD', 'LCx', 'RCA', 'D1', 'OM1']) expect(en.has(vesselShortName(n as never, 'fr'))).toBe(false);
  });
});
