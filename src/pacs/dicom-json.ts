/** The DICOM JSON model (PS3.18 F.2) as QIDO-RS answers it, read into the summaries the study list shows. */

export interface DicomJsonElement {
  readonly vr?: string;
  readonly Value?: readonly unknown[];
}
export type DicomJson = Readonly<Record<string, DicomJsonElement | undefined>>;

export interface StudySummary {
  readonly studyUid: string;
  readonly patientName: string;
  readonly patientId: string;
  /** YYYYMMDD or ''. */
  readonly date: string;
  readonly description: string;
  readonly modalities: readonly string[];
  readonly seriesCount: number | undefined;
  readonly instanceCount: number | undefined;
}

export interface SeriesSummary {
  readonly seriesUid: string;
  readonly modality: string;
  readonly description: string;
  readonly number: number | undefined;
  readonly instanceCount: number | undefined;
  /** SeriesDate YYYYMMDD and SeriesTime HHMMSS, '' when absent. */
  readonly date: string;
  readonly time: string;
}

/** One instance as QIDO-RS lists it, with its slice geometry when the answer holds it. */
export interface InstanceSummary {
  readonly sopUid: string;
  /** ImagePositionPatient (mm, LPS), when listed. */
  readonly positionLps: readonly [number, number, number] | undefined;
  /** ImageOrientationPatient (row then column direction cosines), when listed. */
  readonly orientation: readonly number[] | undefined;
}

/** First value of a tag as text (person names: the alphabetic group, '^' shown as a space). */
export function text(d: DicomJson, tag: string): string {
  const v = d[tag]?.Value?.[0];
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') {
    const pn = (v as { Alphabetic?: string }).Alphabetic ?? '';
    return pn.replace(/\^+/g, ' ').trim();
  }
  return String(v).trim();
}

export function texts(d: DicomJson, tag: string): string[] {
  return (d[tag]?.Value ?? []).map((v) => String(v).trim()).filter(Boolean);
}

export function integer(d: DicomJson, tag: string): number | undefined {
  const v = Number(d[tag]?.Value?.[0]);
  return Number.isFinite(v) ? v : undefined;
}

export function studyOf(d: DicomJson): StudySummary {
  return {
    studyUid: text(d, '0020000D'),
    patientName: text(d, '00100010'),
    patientId: text(d, '00100020'),
    date: text(d, '00080020'),
    description: text(d, '00081030'),
    modalities: texts(d, '00080061'),
    seriesCount: integer(d, '00201206'),
    instanceCount: integer(d, '00201208'),
  };
}

export function seriesOf(d: DicomJson): SeriesSummary {
  return {
    seriesUid: text(d, '0020000E'),
    modality: text(d, '00080060'),
    description: text(d, '0008103E'),
    number: integer(d, '00200011'),
    instanceCount: integer(d, '00201209'),
    date: text(d, '00080021'),
    time: text(d, '00080031'),
  };
}

/** The numbers of a multi-valued numeric tag when it holds exactly `n` finite ones. */
function numbers(d: DicomJson, tag: string, n: number): number[] | undefined {
  const v = (d[tag]?.Value ?? []).map(Number);
  return v.length === n && v.every(Number.isFinite) ? v : undefined;
}

export function instanceOf(d: DicomJson): InstanceSummary {
  const p = numbers(d, '00200032', 3);
  return { sopUid: text(d, '00080018'), positionLps: p ? [p[0]!, p[1]!, p[2]!] : undefined, orientation: numbers(d, '00200037', 6) };
}

export function uidList(list: readonly DicomJson[]): string[] {
  return list.map((d) => text(d, '00080018')).filter(Boolean);
}

/** Series that hold images to open (not reports, key objects, presentation states or segmentations). */
export const NON_IMAGE_MODALITIES: readonly string[] = ['SR', 'KO', 'PR', 'SEG', 'RTSTRUCT', 'RTPLAN', 'DOC'];
