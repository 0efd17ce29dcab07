// Dominance: stated by the user, or proposed from the traced vessels' names (who gives the PDA/PLB), and said so.
import { describe, expect, it } from 'vitest';
import { buildReport, dominanceFromVessels } from '../../../src/report/report.ts';
import { reportText } from '../../../src/report/report-text.ts';

const v = (name: string) => ({ name, lesions: [] }) as never;

describe('dominance', () => {
  it('is proposed from the traced vessels: R-PDA/R-PLB right, L-PDA/L-PLB left, both co-dominant, none not stated', () => {
    expect(dominanceFromVessels([v('LAD'), v('RCA'), v('R-PDA')])).toBe('right');
    expect(dominanceFromVessels([v('LCx'), v('L-PLB')])).toBe('left');
    expect(dominanceFromVessels([v('R-PDA'), v('L-PLB')])).toBe('co-dominant');
    expect(dominanceFromVessels([v('LM'), v('LAD'), v('RCA')])).toBeNull();
  });

  it('the report says a proposed dominance comes from the traced vessels; a stated one wins', () => {
    const traced = { vessels: [v('RCA'), v('R-PDA'), v('LAD')] };
    const proposed = buildReport(traced);
    expect(proposed.dominance).toBe('right');
    expect(proposed.dominanceFromVessels).toBe(true);
    expect(reportText(proposed, 'fr')).toContain('Dominance : droite (d’après les vaisseaux tracés).');
    expect(reportText(proposed, 'en')).toMatch(/Dominance: right \(from the traced vessels\)\./);
    const stated = buildReport({ ...traced, dominance: 'left' });
    expect(stated.dominance).toBe('left');
    expect(stated.dominanceFromVessels).toBe(false);
    expect(reportText(stated, 'fr')).toContain('Dominance : gauche.');
    const none = buildReport({ vessels: [v('LAD')] });
    expect(reportText(none, 'fr')).toContain('Dominance : non précisée.');
  });
});
