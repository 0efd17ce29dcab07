// How each training study is sent: transfer syntax, pixel storage and the scanner header around the phantom.
import type { TransferSyntaxName } from './codecs';
import type { CtSeriesHeader } from './ct-header';

export type StudyKey = 'cas1' | 'cas2' | 'cas3';

/** What the generator needs to know about a case (a subset of the phantom's CaseSpec). */
export interface CaseFacts {
  key: StudyKey;
  caseId: string;
  name: string;
  kvp: number;
  heartRateBpm: number;
  phasePct: number;
  gating: 'prospective' | 'retrospective';
  seriesDescription: string;
  convolutionKernel: string;
}

export interface StudyPlan {
  transferSyntax: TransferSyntaxName;
  storage: { signed: boolean; rescaleInterceptHu: number };
  /** ZIP deflate level: compressed pixel data gains nothing from deflate */
  zipLevel: 0 | 1;
  syntaxLabel: string;
  /** where the cardiac phase is written (all three are seen in real files, PHANTOM.md §4):
   *  TriggerTime/HeartRate/NominalPercentageOfCardiacPhase tags, ImageComments, or only the SeriesDescription */
  phaseIn: 'tags' | 'comments' | 'description';
}

export const STUDY_PLANS: Record<StudyKey, StudyPlan> = {
  cas1: {
    transferSyntax: 'explicit-le',
    storage: { signed: false, rescaleInterceptHu: -1024 },
    zipLevel: 1,
    syntaxLabel: 'Explicit VR Little Endian',
    phaseIn: 'description',
  },
  cas2: {
    transferSyntax: 'jpeg-ls',
    storage: { signed: true, rescaleInterceptHu: 0 },
    zipLevel: 0,
    syntaxLabel: 'JPEG-LS sans perte',
    phaseIn: 'tags',
  },
  cas3: {
    transferSyntax: 'htj2k',
    storage: { signed: true, rescaleInterceptHu: 0 },
    zipLevel: 0,
    syntaxLabel: 'HTJ2K sans perte',
    phaseIn: 'comments',
  },
};

/** Header facts the phantom gives with each case (StudyHeaderInfo: same field names as CtSeriesHeader). */
export type PhantomHeaderFacts = Partial<CtSeriesHeader> & Record<string, unknown>;

const HEADER_FIELDS = [
  'caseId', 'studyDescription', 'seriesDescription', 'seriesNumber', 'manufacturer', 'manufacturerModelName', 'kvp',
  'convolutionKernel', 'contrastBolusAgent', 'sliceThicknessMm', 'ctdiVolMGy', 'tubeCurrentMa', 'windows',
] as const satisfies readonly (keyof CtSeriesHeader)[];

/** The DICOM header of a case: the phantom's acquisition facts, with the cardiac phase where the plan puts it. */
export function headerFor(c: CaseFacts, facts: PhantomHeaderFacts = {}): Partial<CtSeriesHeader> {
  const plan = STUDY_PLANS[c.key];
  const triggerTimeMs = Math.round((60000 / c.heartRateBpm) * (c.phasePct / 100));
  const header: Partial<CtSeriesHeader> = {
    caseId: c.caseId,
    studyDescription: `${c.caseId} Coroscanner`,
    seriesDescription: c.seriesDescription,
    kvp: c.kvp,
    convolutionKernel: c.convolutionKernel,
    sliceThicknessMm: 0.6,
    manufacturer: 'SIEMENS',
  };
  for (const f of HEADER_FIELDS) if (facts[f] !== undefined) Object.assign(header, { [f]: facts[f] });
  const cardiac = facts.cardiac ?? { heartRateBpm: c.heartRateBpm, triggerTimeMs, nominalPercentage: c.phasePct };
  if (plan.phaseIn === 'tags') header.cardiac = cardiac;
  else if (plan.phaseIn === 'comments') {
    header.imageComments = facts.imageComments ?? `${c.heartRateBpm}bpm, ${triggerTimeMs}ms, ${c.phasePct}%`;
  }
  return header;
}

/** One-line French description for the start page. */
export function describeStudy(c: CaseFacts, imageCount: number): string {
  const gating = c.gating === 'retrospective' ? 'rétrospectif' : 'prospectif';
  return `${c.caseId} · coroscanner ${c.kvp} kV, FC ${c.heartRateBpm}/min, ${gating} ${c.phasePct} % · ${imageCount} coupes 0,6/0,5 mm · ${STUDY_PLANS[c.key].syntaxLabel}`;
}
