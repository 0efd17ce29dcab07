// "Patient (nom ou ID)" against a real Orthanc: QIDO-RS ANDs its keys, so the client searches the name and
// the ID apart and merges the studies. A patient whose ID is not in the name (DUPONT^Marie, IPP4711) is found
// by either, in any case for the name and as typed or in upper case for the ID; the static tree's filter
// (the same words, in memory) finds the same studies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureStudies, studiesRoot } from '../../helpers/studies.ts';
import { asOtherPatient, startOrthanc, uploadInstances, type OrthancServer } from '../../helpers/orthanc.ts';
import { listStudyFiles } from '../../../scripts/studies-route.ts';
import { DicomWebClient } from '../../../src/pacs/client.ts';
import { filterStudies } from '../../../src/pacs/static-layout.ts';

describe('patient search by name or ID', () => {
  let server: OrthancServer;
  const client = () => new DicomWebClient({ baseUrl: server.dicomWebUrl, auth: { kind: 'basic', user: server.user, password: server.password }, fetch: (u, i) => fetch(u, i) });
  const ids = async (patient: string) => (await client().searchStudies({ patient })).map((s) => s.patientId).sort();

  beforeAll(async () => {
    const studies = ensureStudies();
    const some = (id: string) => {
      const folder = join(studiesRoot, studies.find((s) => s.id === id)!.folder);
      return listStudyFiles(folder).filter((f) => !/DICOMDIR$/.test(f)).slice(0, 3).map((f) => new Uint8Array(readFileSync(join(folder, f))));
    };
    server = await startOrthanc();
    await uploadInstances(server, asOtherPatient(some('cas1'), 'DUPONT^Marie', 'IPP4711'));
    await uploadInstances(server, some('cas2'));
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('finds a patient by a part of the name or of the ID, and both when nothing is typed', async () => {
    expect(await ids('')).toEqual(['CORO-02', 'IPP4711']);
    expect(await ids('dupont')).toEqual(['IPP4711']);
    expect(await ids('Marie')).toEqual(['IPP4711']);
    expect(await ids('IPP47')).toEqual(['IPP4711']);
    expect(await ids('ipp47')).toEqual(['IPP4711']);
    expect(await ids('4711')).toEqual(['IPP4711']);
    expect(await ids('coro-02')).toEqual(['CORO-02']);
    expect(await ids('martin')).toEqual([]);
  });

  it('the static filter finds the same studies from the same list', async () => {
    const all = await client().searchStudies();
    for (const q of ['dupont', 'IPP47', 'ipp47', '4711', 'coro-02', 'martin']) {
      expect(filterStudies(all, { patient: q }).map((s) => s.patientId).sort()).toEqual(await ids(q));
    }
  });
});
