// The PACS panel against a real Orthanc (Debian orthanc + orthanc-dicomweb, tests/helpers/orthanc.ts) holding
// the three training studies, reached through a CORS reverse proxy (tests/helpers/cors-proxy.ts) as a course
// web server would: credentials asked on 401 and on a 403 from the proxy, a wrong password refused; list and
// filter by QIDO-RS; each case opened by WADO-RS with voxels equal to the disk load; a vessel traced, the SR
// sent by STOW-RS, found again by QIDO-RS and its measurements re-opened; Orthanc killed mid-load then
// "Réessayer"; a slow server whose progress keeps moving, then "Annuler"; the credentials only ever in
// Authorization headers.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { ensureStudies, studiesRoot, type StudyIndexEntry } from '../helpers/studies.ts';
import { asNewSeries, startOrthanc, uploadFolder, uploadInstances, type OrthancServer } from '../helpers/orthanc.ts';
import { listStudyFiles } from '../../scripts/studies-route.ts';
import { readFileSync } from 'node:fs';
import dicomParser from 'dicom-parser';
import { sourceStudyOf } from '../../src/report/study-header.ts';
import { startCorsProxy, type CorsProxy } from '../helpers/cors-proxy.ts';
import { DicomWebClient } from '../../src/pacs/client.ts';
import { listReports, retrieveInstanceBytes } from '../../src/pacs/study.ts';
import { parseDicom } from '../../src/dicom/parse.ts';
import { decodeFrame } from '../../src/dicom/decode.ts';
import { createNodeCodecs } from '../../src/dicom/codecs-node.ts';
import { launch, openApp, screenshot, waitForVolume } from './browser.ts';
import { clickLps, readTruth, type Lps } from './truth-points.ts';
import { expectViewerVoxelsMatchIngest, sliceVoxels } from './voxels.ts';

interface NetEntry { url: string; headers: Record<string, string>; postData: string | null }
type VesselHook = { __coroVessel: { state(): { tracing: boolean; vessels: { status: string }[] } } };
interface TruthVessel { name: string; seeds: { ostiumLps: Lps }; points: { sMm: number; lps: Lps; lumenRadiusMm: number }[] }

const t0 = Date.now();
const log = (m: string) => console.log(`[pacs e2e ${((Date.now() - t0) / 1000).toFixed(0)} s] ${m}`);

describe('PACS (DICOMweb) against Orthanc', () => {
  let orthanc: OrthancServer;
  let proxy: CorsProxy;
  let browser: Browser;
  let page: Page;
  let studies: StudyIndexEntry[];
  const net: NetEntry[] = [];
  const rows = () => page.locator('[data-testid="pacs-study"]');
  const messageCode = () => page.getAttribute('[data-testid="pacs-message"]', 'data-code');
  const waitCode = (code: string) => page.waitForSelector(`[data-testid="pacs-message"][data-code="${code}"]`, { timeout: 60_000 });
  const search = () => page.click('[data-testid="pacs-search"]');
  const home = async () => {
    if (await page.isVisible('#home')) await page.click('#home');
  };
  /** Opens the study of `patientId` from the list (the list filtered to it first). */
  const openFromPacs = async (patientId: string) => {
    await home();
    await page.fill('[data-testid="pacs-filter-patient"]', patientId);
    await search();
    await page.waitForFunction((id) => [...document.querySelectorAll('[data-testid="pacs-study"]')].map((r) => r.getAttribute('data-patient-id')).join() === id, patientId);
    await page.click('[data-testid="pacs-open-0"]');
  };
  /** A test that failed with Orthanc stopped leaves it stopped: the next one starts it again. */
  const orthancUp = async () => {
    proxy.throttle(undefined);
    if (!orthanc.running()) await orthanc.start();
  };
  /** Connects with the test credentials when no study list is shown yet (a test run alone with -t). */
  const connectIfNeeded = async () => {
    await home();
    if ((await rows().count()) > 0) return;
    await page.fill('[data-testid="pacs-url"]', `${proxy.url}/dicom-web`);
    await page.fill('[data-testid="pacs-filter-patient"]', '');
    await page.selectOption('[data-testid="pacs-auth"]', 'basic');
    await page.fill('[data-testid="pacs-user"]', orthanc.user);
    await page.fill('[data-testid="pacs-password"]', orthanc.password);
    await page.click('[data-testid="pacs-connect"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="pacs-study"]').length === 3);
  };
  /**
   * An instance the viewer stored, found by QIDO-RS across all instances by its patient ID (as a PACS user
   * looks a patient up), and its patient and study modules equal to those of the study's CT files on disk.
   */
  const expectUnderSourcePatient = async (study: StudyIndexEntry, r: { studyUid: string; seriesUid: string; sopUid: string }) => {
    const folder = join(studiesRoot, study.folder);
    const ct = new Uint8Array(readFileSync(join(folder, listStudyFiles(folder).find((f) => !/DICOMDIR$/.test(f))!)));
    const source = sourceStudyOf(dicomParser.parseDicom(ct));
    expect(source.patientId).not.toBe('');
    const auth = `Basic ${Buffer.from(`${orthanc.user}:${orthanc.password}`).toString('base64')}`;
    const q = new URLSearchParams({ PatientID: source.patientId, SOPInstanceUID: r.sopUid });
    const found = (await (await fetch(`${orthanc.dicomWebUrl}/instances?${q}`, { headers: { Authorization: auth, Accept: 'application/dicom+json' } })).json()) as Record<string, { Value?: unknown[] }>[];
    expect(found.map((d) => [d['00100020']?.Value?.[0], d['0020000D']?.Value?.[0]])).toEqual([[source.patientId, source.studyInstanceUid]]);
    const client = new DicomWebClient({ baseUrl: orthanc.dicomWebUrl, auth: { kind: 'basic', user: orthanc.user, password: orthanc.password }, fetch });
    expect(sourceStudyOf(dicomParser.parseDicom(await retrieveInstanceBytes(client, r)))).toEqual(source);
  };
  const frames = () => page.evaluate(() => (window as unknown as { __coro: { state(): { framesLoaded: number; framesTotal: number } } }).__coro.state());

  beforeAll(async () => {
    studies = ensureStudies();
    orthanc = await startOrthanc();
    proxy = await startCorsProxy(orthanc.url);
    for (const s of studies) await uploadFolder(orthanc, join(studiesRoot, s.folder));
    log('Orthanc up, three studies uploaded');
    browser = await launch();
    ({ page } = await openApp(browser, inject('baseUrl')));
    page.on('pageerror', (e) => log(`page error: ${String(e).slice(0, 400)}`));
    await page.setViewportSize({ width: 1280, height: 1400 });
    page.setDefaultTimeout(90_000);
    await page.evaluate(() => new Promise((r) => { const q = indexedDB.deleteDatabase('coroscanner'); q.onsuccess = q.onerror = q.onblocked = () => r(null); }));
    // allHeaders(): headers() leaves out security-related ones such as Authorization
    page.on('request', (r: Request) => void r.allHeaders().then((headers) => net.push({ url: r.url(), headers, postData: r.postData() })));
  });
  afterAll(async () => {
    if (page) await screenshot(page, 'pacs-last').catch(() => undefined);
    await browser?.close();
    await proxy?.close();
    await orthanc?.dispose();
  });

  it('asks for credentials, refuses a wrong password, then lists and filters the studies', async () => {
    await page.fill('[data-testid="pacs-url"]', `${proxy.url}/dicom-web`);
    await page.click('[data-testid="pacs-connect"]');
    await waitCode('unauthorized');
    expect(await page.isVisible('[data-testid="pacs-user"]')).toBe(true);
    expect(await page.textContent('[data-testid="pacs-message"]')).toMatch(/identification/);
    await page.fill('[data-testid="pacs-user"]', orthanc.user);
    await page.fill('[data-testid="pacs-password"]', 'pas-le-bon');
    await page.click('[data-testid="pacs-connect"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="pacs-message"]')?.getAttribute('data-code') === 'unauthorized' && document.querySelector('[data-testid="pacs-message"]')?.textContent !== 'Recherche sur le PACS…');
    expect(await rows().count()).toBe(0);
    await page.fill('[data-testid="pacs-password"]', orthanc.password);
    await page.click('[data-testid="pacs-connect"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="pacs-study"]').length === 3);
    const text = (await page.textContent('[data-testid="pacs-studies"]'))!;
    for (const id of ['CORO-01', 'CORO-02', 'CORO-03']) expect(text).toContain(id);
    expect(text).toContain('281');
    // as a worklist reads: the patient's name and ID apart, newest first then by name (these have no date)
    expect(await rows().evaluateAll((trs) => trs.map((r) => r.getAttribute('data-patient-id')))).toEqual(['CORO-01', 'CORO-02', 'CORO-03']);
    expect(await page.locator('[data-testid="pacs-studies"] th').allTextContents()).toEqual(['Patient', 'ID patient', 'Date', 'Description', 'Modalité', 'Séries', 'Images', '']);
    expect(await page.locator('[data-testid="pacs-study"]').first().locator('td').allTextContents()).toEqual(['CORO-01 Anonyme', 'CORO-01', '—', 'CORO-01 Coroscanner', 'CT', '1', '281', 'Ouvrir']);
    await screenshot(page, 'pacs-list');
    await page.selectOption('[data-testid="lang"]', 'en');
    expect(await page.locator('[data-testid="pacs-studies"] th').allTextContents()).toEqual(['Patient', 'Patient ID', 'Date', 'Description', 'Modality', 'Series', 'Images', '']);
    expect(await page.textContent('[data-testid="pacs-count"]')).toBe('3 studies');
    await screenshot(page, 'pacs-list-en');
    await page.selectOption('[data-testid="lang"]', 'fr');

    await page.fill('[data-testid="pacs-filter-patient"]', 'coro-02');
    await page.click('[data-testid="pacs-search"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="pacs-study"]').length === 1);
    expect(await page.getAttribute('[data-testid="pacs-study"]', 'data-patient-id')).toBe('CORO-02');
    await page.fill('[data-testid="pacs-filter-patient"]', '');
    await page.selectOption('[data-testid="pacs-filter-modality"]', 'MR');
    await page.click('[data-testid="pacs-search"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="pacs-study"]').length === 0);
    expect(await page.textContent('[data-testid="pacs-count"]')).toBe('Aucune étude ne correspond.');
    await page.selectOption('[data-testid="pacs-filter-modality"]', 'CT');
    await page.click('[data-testid="pacs-search"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="pacs-study"]').length === 3);
  });

  for (const id of ['cas1', 'cas3', 'cas2']) {
    it(`${id}: opens from the PACS with the voxels of the disk load`, async () => {
      const study = studies.find((s) => s.id === id)!;
      const patientId = `CORO-0${id.slice(3)}`;
      const progress: number[] = [];
      const onProgress = setInterval(() => void page.getAttribute('[data-testid="pacs-progress"]', 'value').then((v) => progress.push(Number(v))).catch(() => {}), 150);
      await openFromPacs(patientId);
      await waitForVolume(page);
      clearInterval(onProgress);
      const st = await frames();
      expect(st.framesLoaded).toBe(study.imageCount);
      expect(st.framesTotal).toBe(study.imageCount);
      expect(Math.max(...progress)).toBe(study.imageCount);
      await expectViewerVoxelsMatchIngest(page, study);
      log(`${id} opened from the PACS`);
    });
  }

  it('traces the LAD, sends the SR by STOW-RS, finds it by QIDO-RS and re-opens its measurements', async () => {
    const study = studies.find((s) => s.id === 'cas2')!;
    const truth = readTruth(study) as unknown as { vessels: TruthVessel[]; studyInstanceUid: string };
    const v = truth.vessels.find((x) => x.name === 'LAD')!;
    const distal = [...v.points].reverse().find((p) => p.lumenRadiusMm >= 0.75 && p.sMm > 40)!;
    await page.click('[data-testid="trace-vessel"]');
    await clickLps(page, v.seeds.ostiumLps);
    await clickLps(page, distal.lps);
    await page.waitForFunction(() => {
      const s = (window as unknown as VesselHook).__coroVessel?.state();
      return !!s && s.vessels.length === 1 && s.vessels.every((x) => x.status === 'ready' || x.status === 'failed');
    }, undefined, { timeout: 600_000, polling: 300 });
    await page.selectOption('[data-testid="vessel-name-0"]', 'LAD');
    await page.click('[data-testid="trace-vessel"]');
    await page.click('[data-testid="report-toggle"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="report-finding-"]').length >= 1, undefined, { timeout: 60_000 });
    const label = (await page.textContent('[data-testid="report-label"]'))!;
    log(`LAD traced, ${label}`);
    await page.click('[data-testid="pacs-send-sr"]');
    await page.waitForSelector('[data-testid="pacs-sr"]', { timeout: 60_000 });
    const client = new DicomWebClient({ baseUrl: orthanc.dicomWebUrl, auth: { kind: 'basic', user: orthanc.user, password: orthanc.password }, fetch });
    const stored = await listReports(client, truth.studyInstanceUid);
    expect(stored.map((r) => r.sopUid)).toEqual([await page.getAttribute('[data-testid="pacs-sr"]', 'data-sop-uid')]);
    await expectUnderSourcePatient(study, { studyUid: truth.studyInstanceUid, seriesUid: stored[0]!.seriesUid, sopUid: stored[0]!.sopUid });
    await page.click('[data-testid="pacs-sr-open"]');
    await page.waitForSelector('[data-testid="report-sr-lesion"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid="report-sr"] strong')).toBe(label);
    const shown = await page.locator('[data-testid="report-sr-lesion"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-ds'))));
    expect(shown.length).toBeGreaterThanOrEqual(1);
    expect(shown.every((d) => d > 0 && d <= 100)).toBe(true);
    await page.locator('[data-testid="pacs-report"]').screenshot({ path: join(studiesRoot, '..', '..', 'test-output', 'screenshots', 'pacs-report.png') });
    await page.click('[data-testid="report-toggle"]');
  }, 900_000);

  it('the volume fills while the series arrives: the middle slices first, measuring once all are in', async () => {
    // the vessels of the study open before (Cas 2's LAD when the file runs in order) must not stay on screen
    const earlierVessels = await page.locator('[data-testid^="vessel-name-"]').count();
    log(`vessels listed before "Accueil" and the Cas 1 open: ${earlierVessels}`);
    await orthancUp();
    await connectIfNeeded();
    const study = studies.find((s) => s.id === 'cas1')!;
    const isSeriesRetrieve = (w: string) => /^GET \/dicom-web\/studies\/[\d.]+\/series\/[\d.]+$/.test(w);
    const before = proxy.finished.filter(isSeriesRetrieve).length;
    // every response stops after its first 3 MB (a few instances) until released; released whatever happens,
    // else every later answer over 3 MB (the next tests' series) waits forever
    proxy.holdAfter(3e6);
    try {
      await streamWhileHeld(study, isSeriesRetrieve, before);
    } finally {
      proxy.release();
    }
    await waitForVolume(page);
    expect((await frames()).framesLoaded).toBe(study.imageCount);
    expect(proxy.finished.filter(isSeriesRetrieve).length).toBe(before + 1);
    await expectViewerVoxelsMatchIngest(page, study);
    for (const action of ['trace-vessel', 'find-tree']) expect(await page.isDisabled(`[data-testid="${action}"]`)).toBe(false);
    expect(await page.getAttribute('[data-testid="find-tree"]', 'title')).toMatch(/^Trace tout l’arbre coronaire/);
    expect(await page.isVisible('[data-testid="pacs-progress"]')).toBe(false);
  });

  /** Cas 1 opened while the proxy holds every answer after its first bytes: what the viewer shows meanwhile. */
  const streamWhileHeld = async (study: StudyIndexEntry, isSeriesRetrieve: (w: string) => boolean, before: number) => {
    await openFromPacs('CORO-01');
    await page.waitForFunction(() => (window as unknown as { __coro: { state(): { firstImageMs?: number } } }).__coro.state().firstImageMs !== undefined, undefined, { timeout: 60_000 });
    // order of events: the viewer shows its first image while the series answer is unfinished. The middle
    // slice comes by its own request beside the series answer, so the image can show before the series
    // answer has sent its first 3 MB: the test waits for that answer to reach the hold, then checks it is
    // the only one and has not finished
    await expect.poll(() => proxy.held().filter(isSeriesRetrieve).length, { timeout: 60_000, interval: 100 }).toBe(1);
    expect(proxy.finished.filter(isSeriesRetrieve).length).toBe(before);
    expect(await page.isVisible('#viewer')).toBe(true);
    const st = await frames();
    expect(st.framesLoaded).toBeGreaterThan(0);
    expect(st.framesLoaded).toBeLessThan(study.imageCount);
    // measuring waits for the whole volume, and the disabled buttons say so; the reception shows over the viewer
    for (const action of ['trace-vessel', 'find-tree']) {
      expect(await page.isDisabled(`[data-testid="${action}"]`)).toBe(true);
      expect(await page.getAttribute(`[data-testid="${action}"]`, 'title')).toBe('Disponible quand toutes les images de la série sont reçues');
    }
    // nothing of the study open before: no vessel listed, no CPR or section, no lesion, no tree outcome
    expect(await page.locator('[data-testid^="vessel-name-"]').count()).toBe(0);
    expect(await page.locator('[data-testid^="lesion-row-"]').count()).toBe(0);
    for (const panel of ['cpr-view', 'section-view']) expect(await page.$eval(`[data-testid="${panel}"]`, (e) => getComputedStyle(e).visibility)).toBe('hidden');
    expect(await page.isVisible('[data-testid="tree-message"]')).toBe(false);
    await page.click('[data-testid="report-toggle"]');
    for (const send of ['pacs-send-sr', 'pacs-send-sc']) expect(await page.isDisabled(`[data-testid="${send}"]`)).toBe(true);
    expect(await page.locator('[data-testid="pacs-sr"]').count()).toBe(0);
    await page.click('[data-testid="report-toggle"]');
    await page.selectOption('[data-testid="lang"]', 'en');
    for (const action of ['trace-vessel', 'find-tree']) expect(await page.getAttribute(`[data-testid="${action}"]`, 'title')).toBe('Available once every image of the series has arrived');
    await screenshot(page, 'pacs-streaming-en');
    await page.selectOption('[data-testid="lang"]', 'fr');
    expect(await page.isVisible('[data-testid="pacs-progress"]')).toBe(true);
    expect(await page.textContent('[data-testid="pacs-progress-text"]')).toMatch(new RegExp(`/${study.imageCount} images`));
    await screenshot(page, 'pacs-streaming');
    // the middle slice (asked first) holds the disk's voxels; a slice a quarter in is not there yet
    const middle = await sliceVoxels(page, study, (nz) => Math.floor(nz / 2));
    expect(middle.viewer).toEqual(middle.disk);
    const quarter = await sliceVoxels(page, study, (nz) => Math.floor(nz / 4));
    const differ = quarter.viewer.filter((v, i) => v !== quarter.disk[i]).length;
    expect(differ).toBeGreaterThan(quarter.disk.length / 2);
  };

  it('Orthanc stopped mid-load: a clear message, what arrived is kept, "Réessayer" resumes', async () => {
    proxy.throttle(25e6);
    await openFromPacs('CORO-01');
    await page.waitForFunction(() => Number((document.querySelector('[data-testid="pacs-progress"]') as HTMLProgressElement | null)?.value) >= 30 && !document.querySelector<HTMLElement>('[data-testid="pacs-cancel"]')?.hidden, undefined, { polling: 50 });
    await orthanc.stop({ hard: true });
    proxy.throttle(undefined);
    await waitCode('network');
    expect(await page.textContent('[data-testid="pacs-message"]')).toMatch(/Connexion au PACS perdue/);
    expect(await page.isVisible('[data-testid="pacs-retry"]')).toBe(true);
    const kept = Number(/(\d+)\/281 images reçues et gardées/.exec((await page.textContent('[data-testid="pacs-progress-text"]'))!)![1]);
    expect(kept).toBeGreaterThanOrEqual(30);
    expect(kept).toBeLessThan(281);
    await screenshot(page, 'pacs-stopped');
    await orthanc.start();
    const before = net.length;
    await page.click('[data-testid="pacs-retry"]');
    await waitForVolume(page);
    expect((await frames()).framesLoaded).toBe(281);
    // the retry asked only for the missing instances, one request each
    const instanceRequests = net.slice(before).filter((n) => /\/instances\/[\d.]+$/.test(n.url)).length;
    expect(instanceRequests).toBe(281 - kept);
  });

  it('a slow server: progress keeps moving, "Annuler" stops it and keeps what arrived', async () => {
    await orthancUp();
    proxy.throttle(1.5e6);
    await openFromPacs('CORO-03');
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.waitForFunction((last) => Number(document.querySelector('[data-testid="pacs-progress"]')?.getAttribute('value')) > last, seen[seen.length - 1] ?? 0, { polling: 100, timeout: 30_000 });
      seen.push(Number(await page.getAttribute('[data-testid="pacs-progress"]', 'value')));
    }
    expect(seen[2]!).toBeGreaterThan(seen[0]!);
    await page.click('[data-testid="pacs-cancel"]');
    await waitCode('aborted');
    expect(await page.isVisible('[data-testid="pacs-retry"]')).toBe(true);
    // the slices that arrived stay in the viewer, which waits for the rest ("Réessayer")
    expect(await page.isVisible('#viewer')).toBe(true);
    const st = await frames();
    expect(st.framesLoaded).toBeGreaterThan(0);
    expect(st.framesLoaded).toBeLessThan(st.framesTotal);
    proxy.throttle(undefined);
  });

  it('the credentials travel only in Authorization headers (basic, then a bearer token)', async () => {
    await orthancUp();
    await home();
    await page.selectOption('[data-testid="pacs-auth"]', 'bearer');
    const token = 'jeton-secret-9f3c1d';
    await page.fill('[data-testid="pacs-token"]', token);
    await page.click('[data-testid="pacs-connect"]');
    await waitCode('unauthorized'); // Orthanc here takes basic auth only
    const basic = Buffer.from(`${orthanc.user}:${orthanc.password}`).toString('base64');
    const toPacs = net.filter((n) => n.url.startsWith(proxy.url));
    for (const secret of [orthanc.password, basic, token]) {
      for (const n of net) {
        expect(n.url).not.toContain(secret);
        expect(n.postData ?? '').not.toContain(secret);
        for (const [k, v] of Object.entries(n.headers)) if (k !== 'authorization') expect(v).not.toContain(secret);
      }
    }
    // the first request without credentials (→ 401), one with the wrong password, one with the token, the rest basic
    const wrong = Buffer.from(`${orthanc.user}:pas-le-bon`).toString('base64');
    const kinds = toPacs.map((n) => n.headers.authorization);
    expect(kinds.filter((a) => a === undefined).length).toBe(1);
    expect(kinds.filter((a) => a === `Basic ${wrong}`).length).toBe(1);
    expect(kinds.filter((a) => a === `Bearer ${token}`).length).toBe(1);
    expect(kinds.filter((a) => a === `Basic ${basic}`).length).toBe(toPacs.length - 3);
    expect(toPacs.length).toBeGreaterThan(20);
    // not remembered unless asked: localStorage holds the address only
    const stored = await page.evaluate(() => JSON.stringify(localStorage));
    expect(stored).toContain(proxy.url);
    for (const secret of [orthanc.password, token]) expect(stored).not.toContain(secret);
    expect(await messageCode()).toBe('unauthorized');
  });

  it('403 (an authorising proxy refusing the token): says the credentials are refused and asks for them again', async () => {
    await orthancUp();
    await home();
    proxy.refuse(403);
    try {
      await page.fill('[data-testid="pacs-url"]', `${proxy.url}/dicom-web`);
      await page.selectOption('[data-testid="pacs-auth"]', 'bearer');
      await page.fill('[data-testid="pacs-token"]', 'jeton-sans-droits');
      await page.click('[data-testid="pacs-connect"]');
      await waitCode('forbidden');
      expect(await page.textContent('[data-testid="pacs-message"]')).toBe('Le PACS refuse l’accès avec ces identifiants : vérifiez-les.');
      expect(await rows().count()).toBe(0);
      // the credentials are asked for again: the token field shown and focused
      expect(await page.isVisible('[data-testid="pacs-token"]')).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('pacs-token');
      await screenshot(page, 'pacs-forbidden');
    } finally {
      proxy.refuse(undefined);
    }
    await page.selectOption('[data-testid="pacs-auth"]', 'basic');
    await page.fill('[data-testid="pacs-user"]', orthanc.user);
    await page.fill('[data-testid="pacs-password"]', orthanc.password);
    await page.fill('[data-testid="pacs-filter-patient"]', '');
    await page.click('[data-testid="pacs-connect"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="pacs-study"]').length === 3);
  });

  it('a study with two image series asks which to open; the start page says what goes to the PACS', async () => {
    await orthancUp();
    await connectIfNeeded();
    // the promise "nothing is sent" gives way to what is sent, and to whom, once a PACS address is set
    expect(await page.textContent('.tagline')).toMatch(/Un PACS est configuré/);
    expect(await page.textContent('[data-testid="pacs-privacy"]')).toMatch(/^Envoyé à 127\.0\.0\.1:\d+ : vos identifiants/);
    await page.fill('[data-testid="pacs-url"]', '');
    expect(await page.textContent('.tagline')).toBe('Tout reste sur votre ordinateur : rien n’est envoyé.');
    expect(await page.isVisible('[data-testid="pacs-privacy"]')).toBe(false);
    await page.fill('[data-testid="pacs-url"]', `${proxy.url}/dicom-web`);
    // a second series of 12 slices in the Cas 1 study
    const folder = join(studiesRoot, studies.find((s) => s.id === 'cas1')!.folder);
    const some = listStudyFiles(folder).filter((f) => !/DICOMDIR$/.test(f)).slice(100, 112).map((f) => new Uint8Array(readFileSync(join(folder, f))));
    await uploadInstances(orthanc, asNewSeries(some, 'Série courte de test', 7));
    await openFromPacs('CORO-01');
    await page.waitForSelector('[data-testid="pacs-series-1"]');
    const listed = (await page.textContent('[data-testid="pacs-series"]'))!;
    expect(listed).toContain('Cette étude a 2 séries');
    expect(listed).toMatch(/281 images[\s\S]*#7 · CT · Série courte de test · 12 images/);
    await screenshot(page, 'pacs-series-chooser');
    await page.click('[data-testid="pacs-series-1"]');
    await waitForVolume(page);
    expect((await frames()).framesLoaded).toBe(12);
  });

  it('sends the views as secondary captures, found by QIDO-RS under the study and readable', async () => {
    // the Cas 1 CT (its biggest series; a second, short one may have been added by the test before)
    await orthancUp();
    await connectIfNeeded();
    await openFromPacs('CORO-01');
    await page.waitForSelector('[data-testid="pacs-series-0"], #viewer:not([hidden])');
    if (await page.isVisible('[data-testid="pacs-series-0"]')) await page.click('[data-testid="pacs-series-0"]');
    await waitForVolume(page);
    expect((await frames()).framesLoaded).toBe(281);
    const studyUid = await page.evaluate(() => document.querySelector('[data-testid="pacs-study"]')?.getAttribute('data-study-uid'));
    await page.click('[data-testid="report-toggle"]');
    await page.click('[data-testid="pacs-send-sc"]');
    await page.waitForFunction(() => /vue\(s\) enregistrée/.test(document.querySelector('[data-testid="report-message"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    const sent = Number(/^(\d+) vue/.exec((await page.textContent('[data-testid="report-message"]'))!)![1]);
    await page.click('[data-testid="report-toggle"]');
    expect(sent).toBeGreaterThanOrEqual(3);
    const client = new DicomWebClient({ baseUrl: orthanc.dicomWebUrl, auth: { kind: 'basic', user: orthanc.user, password: orthanc.password }, fetch });
    const captures = await client.searchSeries(studyUid!, { modality: 'OT' });
    expect(captures.map((c) => c.instanceCount)).toEqual([sent]);
    const sops = await client.searchInstances(studyUid!, captures[0]!.seriesUid);
    const views: string[] = [];
    for (const sopUid of sops) {
      const bytes = await retrieveInstanceBytes(client, { studyUid: studyUid!, seriesUid: captures[0]!.seriesUid, sopUid });
      const parsed = parseDicom(bytes);
      if (parsed.kind !== 'image') throw new Error('a capture is not an image');
      expect([parsed.header.samplesPerPixel, parsed.header.photometric]).toEqual([3, 'RGB']);
      const frame = await decodeFrame(parsed, 0, createNodeCodecs());
      // a drawn CT view, not a blank canvas: many grey levels
      expect(new Set(Array.from(frame.stored)).size).toBeGreaterThan(50);
      views.push(parsed.dataSet.string('x00082111') ?? '');
    }
    await expectUnderSourcePatient(studies.find((s) => s.id === 'cas1')!, { studyUid: studyUid!, seriesUid: captures[0]!.seriesUid, sopUid: sops[0]! });
    expect(views.length).toBe(sent);
    expect(views).toEqual(expect.arrayContaining(['axial', 'coronal', 'sagittal']));
  });
});
