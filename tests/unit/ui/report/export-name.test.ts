// Exported files are named from the case name and the date, so a learner's downloads say which case they hold.
import { describe, expect, it } from 'vitest';
import { exportStem, slug } from '../../../../src/ui/report/export-name.ts';

describe('export file names', () => {
  const day = new Date(2026, 11, 7, 23, 30); // local 7 December 2026
  it('uses the case name and the local date', () => {
    expect(exportStem('Cas 2', '1.2.826.0.1.3680043.8.498.12345678', day)).toBe('cas-2-2026-12-07');
    expect(exportStem('Écho cœur / IVA', '1.2.3', day)).toBe('echo-coeur-iva-2026-12-07');
  });
  it('falls back to the UID tail for an unnamed or unnameable case', () => {
    expect(exportStem(undefined, '1.2.826.0.1.3680043.8.498.12345678', day)).toBe('12345678-2026-12-07');
    expect(exportStem('***', '1.2.3.4.5', day)).toBe('2-3-4-5-2026-12-07');
    expect(exportStem(undefined, '', day)).toBe('etude-2026-12-07');
  });
  it('slug keeps letters and digits only', () => {
    expect(slug('  Cas 3b (occlusion)  ')).toBe('cas-3b-occlusion');
  });
});
