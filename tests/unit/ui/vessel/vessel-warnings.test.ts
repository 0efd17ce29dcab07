// Vessel analysis warnings are codes with figures; the viewer words them in French and English in its own
// terms (ostium, distal point) and the CLI in its own (--from, --to).
import { describe, expect, it } from 'vitest';
import { vesselWarningText } from '../../../../src/ui/vessel/vessel-i18n.ts';
import { cliVesselWarning } from '../../../../src/cli/vessel-warnings.ts';
import type { VesselWarning } from '../../../../src/vessel/warnings.ts';

const ALL: VesselWarning[] = [
  { code: 'path-without-contrast', params: { gapMm: 12.34 } },
  { code: 'seed-off-lumen', params: { end: 'proximal', offMm: 0.75 } },
  { code: 'seed-off-lumen', params: { end: 'distal', offMm: 1.25 } },
  { code: 'seeds-swapped', params: {} },
  { code: 'vessel-too-wide', params: { fieldMm: 12, widePct: 87.4 } },
];

describe('vessel warnings in FR/EN', () => {
  it('the viewer words every warning in both languages, with its figures and no CLI option name', () => {
    for (const w of ALL) {
      const fr = vesselWarningText('fr', w), en = vesselWarningText('en', w);
      expect(fr).not.toBe(en);
      for (const [t, mark] of [[fr, ','], [en, '.']] as const) {
        expect(t).not.toMatch(/--|\{\w+\}/);
        // the figures with the language's decimal mark
        if (w.code === 'path-without-contrast') expect(t).toContain(`12${mark}3`);
        if (w.code === 'seed-off-lumen') expect(t).toContain(w.params.offMm.toFixed(2).replace('.', mark));
        if (w.code === 'vessel-too-wide') expect(t).toMatch(/12 mm.*87 %/);
      }
    }
    expect(vesselWarningText('fr', ALL[1]!)).toMatch(/ostium/);
    expect(vesselWarningText('en', ALL[2]!)).toMatch(/distal/);
  });
  it('the CLI names its options', () => {
    expect(cliVesselWarning(ALL[1]!, 'en')).toMatch(/--from/);
    expect(cliVesselWarning(ALL[2]!, 'fr')).toMatch(/--to/);
    expect(cliVesselWarning(ALL[3]!, 'en')).toMatch(/swapped/);
    expect(cliVesselWarning(ALL[3]!, 'fr')).toMatch(/inversés/);
    expect(cliVesselWarning(ALL[4]!, 'fr')).toMatch(/aorte/);
    expect(cliVesselWarning(ALL[4]!, 'en')).toMatch(/aorta/);
  });
});
