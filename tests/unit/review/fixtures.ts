// Hand-made answer keys and readings of one study (not CT measurements: the numbers are chosen so that every
// expected count and credit can be worked out by hand in the tests).
import type { Lesion } from '../../../src/report/report.ts';
import { exportWork, newWork, type SavedVessel, type SavedWork } from '../../../src/report/saved-work.ts';
import type { VesselName } from '../../../src/report/segments.ts';

export const UID = '1.2.826.0.1.3680043.9.7.1';
export const OTHER_UID = '1.2.826.0.1.3680043.9.7.2';

export const vessel = (name: VesselName, lesions: Lesion[]): SavedVessel => ({
  name, waypointsLps: [[0, 0, 0], [100, 0, 0]], segmentBoundaries: [{ segment: 1, startMm: 0, endMm: 100 }], lesions, edits: [],
});

export function work(vessels: SavedVessel[], o: { key?: boolean; pseudonym?: string; uid?: string; caseName?: string } = {}): SavedWork {
  return {
    ...newWork(o.uid ?? UID, { answerKey: o.key ?? false, now: new Date(0) }),
    ...(o.pseudonym ? { pseudonym: o.pseudonym } : {}),
    ...(o.caseName ? { caseName: o.caseName } : {}),
    vessels,
  };
}

/**
 * Three experts. Panel lesions (segment order): RCA 2 (grades 2, 3, 2), LAD 6 (4, 4, 3; the third expert put
 * the MLD in 7 with 6 involved), LCx 11 (2, absent, absent), LCx 13 (absent, absent, 1).
 * Categories 4A, 4A, 3.
 */
export const E1 = work([
  vessel('RCA', [{ segment: 2, diameterStenosisPct: 40, positionMm: 50 }]),
  vessel('LAD', [{ segment: 6, diameterStenosisPct: 75, positionMm: 25 }]),
  vessel('LCx', [{ segment: 11, diameterStenosisPct: 30 }]),
], { key: true, caseName: 'Cas 9' });
export const E2 = work([
  vessel('RCA', [{ segment: 2, diameterStenosisPct: 55 }]),
  vessel('LAD', [{ segment: 6, diameterStenosisPct: 72 }]),
], { key: true });
export const E3 = work([
  vessel('RCA', [{ segment: 2, diameterStenosisPct: 45 }]),
  vessel('LAD', [{ segment: 7, involvedSegments: [6, 7], diameterStenosisPct: 65 }]),
  vessel('LCx', [{ segment: 13, diameterStenosisPct: 20 }]),
], { key: true });

/** the first expert's reading, as a learner's */
export const A = work(E1.vessels as SavedVessel[], { pseudonym: 'ana' });
/** no lesion at all */
export const B = work([], { pseudonym: 'bob' });
/** LAD found (80 %), RCA 2 missed, two lesions on segments no expert reported (1 and 16) */
export const C = work([
  vessel('LAD', [{ segment: 6, diameterStenosisPct: 80 }]),
  vessel('RCA', [{ segment: 1, diameterStenosisPct: 10 }, { segment: 16, diameterStenosisPct: 30 }]),
]);

export const bytesOf = (w: SavedWork): Uint8Array => new TextEncoder().encode(exportWork(w));
