/** StudyInstanceUID and technique of the open series, read from the cached DICOM headers (dicom-parser). */
import { wadouri } from '@cornerstonejs/dicom-image-loader';
import type { DataSet } from 'dicom-parser';
import type { TechniqueInfo } from '../../report/report.ts';
import { techniqueFromDataSet } from '../../report/technique-dicom.ts';
import { sourceStudyOf, type SourceStudy } from '../../report/study-header.ts';

export interface StudyInfo {
  readonly studyInstanceUid: string;
  /** The patient and study modules, copied into what is sent back to the study's PACS (SR, captures). */
  readonly source: SourceStudy;
  readonly technique: TechniqueInfo;
}

function dataSetOf(imageId: string): DataSet | undefined {
  const url = imageId.replace(/^dicomfile:/, '');
  try {
    return wadouri.dataSetCacheManager.isLoaded(url) ? (wadouri.dataSetCacheManager.get(url) as DataSet) : undefined;
  } catch {
    return undefined;
  }
}

/** From the first image's header; several distinct cardiac phases in the series mean a retrospective scan. */
export function studyInfoOf(imageIds: readonly string[]): StudyInfo | undefined {
  const first = imageIds[0] ? dataSetOf(imageIds[0]) : undefined;
  const uid = first?.string('x0020000d')?.trim();
  if (!first || !uid) return undefined;
  const phases = new Set<string>();
  for (let i = 0; i < imageIds.length; i += Math.max(1, Math.floor(imageIds.length / 16))) {
    const p = dataSetOf(imageIds[i]!)?.string('x00209241');
    if (p) phases.add(p.trim());
  }
  return { studyInstanceUid: uid, source: sourceStudyOf(first), technique: techniqueFromDataSet(first, phases.size > 0 ? { phaseCount: phases.size } : {}) };
}
