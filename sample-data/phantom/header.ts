// Acquisition facts of a case, for realistic DICOM headers (PHANTOM.md §4). Field names follow
// sample-data/dicom/ct-header.ts (CtSeriesHeader) so the studies writer can copy them across.
import type { CaseSpec } from './cases';

export interface StudyHeaderInfo {
  caseId: string;
  name: string;
  studyDescription: string;
  seriesDescription: string;
  seriesNumber: number;
  manufacturer: string;
  manufacturerModelName: string;
  kvp: number;
  convolutionKernel: string;
  contrastBolusAgent: string;
  /** nominal reconstructed slice thickness, mm (slice spacing is the volume's spacingMm[2]) */
  sliceThicknessMm: number;
  sliceSpacingMm: number;
  reconstructionDiameterMm: number;
  ctdiVolMGy: number;
  tubeCurrentMa: number;
  /** scan mode */
  gating: 'prospective' | 'retrospective';
  cardiac: { heartRateBpm: number; triggerTimeMs: number; nominalPercentage: number };
  phaseDescription: string;
  imageComments: string;
  patientPosition: 'HFS';
  bodyPartExamined: 'HEART';
  /** [center, width, explanation] */
  windows: readonly (readonly [number, number, string])[];
}

export function headerFor(spec: CaseSpec, reconstructionDiameterMm: number, sliceSpacingMm: number): StudyHeaderInfo {
  const rrMs = 60000 / spec.heartRateBpm;
  const triggerTimeMs = Math.round((rrMs * spec.phasePct) / 100);
  const retro = spec.gating === 'retrospective';
  return {
    caseId: spec.caseId,
    name: spec.name,
    studyDescription: `${spec.caseId} Coroscanner`,
    seriesDescription: spec.seriesDescription,
    seriesNumber: retro ? 4 : 3,
    manufacturer: 'SIEMENS',
    manufacturerModelName: 'SOMATOM Definition Flash',
    kvp: spec.kvp,
    convolutionKernel: spec.convolutionKernel,
    contrastBolusAgent: 'Iomeron 400',
    sliceThicknessMm: 0.6,
    sliceSpacingMm,
    reconstructionDiameterMm,
    // prospective ≈ 3–6 mGy at 100–120 kV; retrospective with dose modulation ≈ 20–30 mGy (est)
    ctdiVolMGy: retro ? 24.6 : spec.kvp === 100 ? 4.1 : 6.3,
    tubeCurrentMa: retro ? 420 : spec.kvp === 100 ? 350 : 280,
    gating: spec.gating,
    cardiac: { heartRateBpm: spec.heartRateBpm, triggerTimeMs, nominalPercentage: spec.phasePct },
    phaseDescription: spec.phaseDescription,
    imageComments: `${spec.heartRateBpm}bpm, ${triggerTimeMs}ms, ${spec.phasePct}%`,
    patientPosition: 'HFS',
    bodyPartExamined: 'HEART',
    windows: [
      [200, 800, 'CTA'],
      [300, 1500, 'CALCIUM'],
    ],
  };
}
