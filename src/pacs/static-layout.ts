/**
 * What a static DICOMweb tree (src/pacs/static-tree.ts) cannot do by itself: answer a QIDO-RS query. Its
 * lists hold every study; the filters of the study search are applied here as a server would (patient
 * name or ID contains, study date within a range, modality in the study, a limit).
 */
import type { StudyQuery } from './client.ts';
import type { StudySummary } from './dicom-json.ts';
import { isPacsError } from './errors.ts';

export function filterStudies(all: readonly StudySummary[], q: StudyQuery): StudySummary[] {
  const who = q.patient?.trim().replace(/[*?\\]/g, '').toLowerCase() ?? '';
  const [from = '', to = ''] = (q.date?.trim().replace(/[^\d-]/g, '') ?? '').split('-');
  const exact = q.date && !q.date.includes('-') ? from : undefined;
  const modality = q.modality?.trim().toUpperCase() ?? '';
  const kept = all.filter((s) => {
    if (who && !`${s.patientName}\n${s.patientId}`.toLowerCase().includes(who)) return false;
    if (exact !== undefined ? exact && s.date !== exact : (from && s.date < from) || (to && s.date > to)) return false;
    if (modality && !s.modalities.some((m) => m.toUpperCase() === modality)) return false;
    return true;
  });
  return q.limit ? kept.slice(0, q.limit) : kept;
}

/** Whether a failed server-form study search may be a static tree (not a credentials or network fault). */
export function staticFallback(e: unknown): boolean {
  return isPacsError(e) && (e.code === 'not-found' || e.code === 'bad-response' || e.code === 'http' || e.code === 'forbidden');
}
