/** Study-level DICOMweb steps the viewer needs: which series to open, and the reports stored beside it. */
import type { DicomWebClient } from './client.ts';
import { NON_IMAGE_MODALITIES, type SeriesSummary } from './dicom-json.ts';
import { PacsError } from './errors.ts';
import { createSeriesRetrieval, type SeriesRetrieval } from './retrieval.ts';
import { sliceOrder } from './slice-order.ts';

/** The study's image series, biggest first (the volume to open is the first). */
export async function imageSeries(client: DicomWebClient, studyUid: string, signal?: AbortSignal): Promise<SeriesSummary[]> {
  const all = await client.searchSeries(studyUid, {}, signal);
  return all
    .filter((s) => !NON_IMAGE_MODALITIES.includes(s.modality.toUpperCase()))
    .sort((a, b) => (b.instanceCount ?? 0) - (a.instanceCount ?? 0));
}

/** Lists the instances of a series and prepares its retrieval (nothing is downloaded yet). */
export async function planSeries(client: DicomWebClient, studyUid: string, seriesUid: string, signal?: AbortSignal): Promise<SeriesRetrieval> {
  const instances = await client.listInstances(studyUid, seriesUid, signal);
  if (instances.length === 0) throw new PacsError('not-found', 'the series has no instance');
  return createSeriesRetrieval(client, studyUid, seriesUid, instances.map((i) => i.sopUid), sliceOrder(instances));
}

/** Plans the study's biggest image series. */
export async function planStudy(client: DicomWebClient, studyUid: string, signal?: AbortSignal): Promise<SeriesRetrieval> {
  const series = await imageSeries(client, studyUid, signal);
  if (series.length === 0) throw new PacsError('not-found', 'the study has no image series');
  return planSeries(client, studyUid, series[0]!.seriesUid, signal);
}

export interface StoredReport {
  readonly seriesUid: string;
  readonly sopUid: string;
  readonly description: string;
  /** SeriesDate + SeriesTime as stored (YYYYMMDD HHMMSS), '' when absent. */
  readonly when: string;
}

/** The structured reports stored under a study (QIDO-RS, Modality SR). */
export async function listReports(client: DicomWebClient, studyUid: string, signal?: AbortSignal): Promise<StoredReport[]> {
  const series = await client.searchSeries(studyUid, { modality: 'SR' }, signal);
  const out: StoredReport[] = [];
  for (const s of series) {
    for (const sopUid of await client.searchInstances(studyUid, s.seriesUid, signal)) {
      out.push({ seriesUid: s.seriesUid, sopUid, description: s.description, when: s.date ? `${s.date} ${s.time}`.trim() : '' });
    }
  }
  return out.sort((a, b) => b.when.localeCompare(a.when));
}

/** One instance's bytes (a report to re-open). */
export async function retrieveInstanceBytes(client: DicomWebClient, r: { studyUid: string; seriesUid: string; sopUid: string }, signal?: AbortSignal): Promise<Uint8Array> {
  let bytes: Uint8Array | undefined;
  await client.retrieveInstance(r.studyUid, r.seriesUid, r.sopUid, { onInstance: (b) => (bytes ??= b), ...(signal ? { signal } : {}) });
  if (!bytes) throw new PacsError('bad-response', 'WADO-RS: empty answer');
  return bytes;
}
