/** Words the report text renderer needs, one object per language (./text-fr.ts, ./text-en.ts). */
import type { PlaqueType, HighRiskFeature } from './cadrads.ts';
import type { Dominance } from './report.ts';

export interface ReportStrings {
  readonly title: string;
  readonly decimal: ',' | '.';
  readonly technique: string;
  readonly noTechnique: string;
  readonly prospective: string;
  readonly retrospective: string;
  readonly sliceThickness: string;
  readonly heartRate: string;
  readonly phase: string;
  readonly kernel: string;
  readonly contrast: string;
  readonly scanner: string;
  readonly dominanceTitle: string;
  readonly dominance: Record<Dominance, string>;
  /** after a dominance proposed from the traced vessels' names */
  readonly dominanceFromVessels: string;
  readonly unknown: string;
  readonly calciumTitle: string;
  readonly calciumNotMeasured: string;
  readonly findingsTitle: string;
  readonly noLesion: string;
  readonly segment: string;
  readonly plaque: Record<PlaqueType, string>;
  readonly stenosisDiameter: string;
  readonly stenosisArea: string;
  readonly occlusion: string;
  /** a lesion whose figures the image does not hold (measured uncertain) */
  readonly notAssessable: string;
  readonly mld: string;
  readonly mla: string;
  readonly reference: string;
  readonly length: string;
  readonly volumes: string;
  readonly volumeParts: readonly [string, string, string];
  readonly highRisk: Record<HighRiskFeature, string>;
  readonly highRiskTitle: string;
  readonly sideBranch: string;
  /** {branch}: " (Dg1)" or empty; {medina}: "1,1,1" */
  readonly bifurcation: string;
  /** prefix of the other segments a lesion extends into */
  readonly extendsTo: string;
  readonly notGraded: string;
  readonly stent: string;
  readonly graft: string;
  readonly normalSegments: string;
  readonly nonDiagnosticSegments: string;
  readonly exceptions: string;
  readonly conclusionTitle: string;
  readonly sis: string;
  readonly burdenFromCac: string;
  readonly burdenFromSis: string;
  readonly overridden: string;
  readonly managementTitle: string;
  readonly commentTitle: string;
  /** joins items of a list */
  readonly listSep: string;
}
