/**
 * Strings for what goes wrong under the user's feet (FR default / EN): slices refused while a volume loads,
 * series too large for the device's memory, browser storage full, a worker that stopped. Placeholders: {name}.
 */
import type { Lang } from './lang.ts';
import { catalogue, type MessageParams } from './catalogue.ts';

const fr = {
  sliceBlank: '{reason} — coupe laissée vide (air) dans le volume',
  sliceLeftOut: '{reason} — coupe écartée du volume',
  tooBig: 'Série trop volumineuse pour la mémoire de cet appareil : {slices} coupes de {rows} × {columns} demandent environ {needMb} Mo, la limite est de {limitMb} Mo ({source}).',
  tooBigFiles: 'Fichiers trop volumineux pour la mémoire de cet appareil : {files} fichiers, {needMb} Mo, la limite est de {limitMb} Mo ({source}). Ouvrez une seule série (son dossier).',
  openDecimated: 'Ouvrir 1 coupe sur {step} ({slices} coupes, environ {needMb} Mo)',
  budgetDevice: 'la moitié des {gb} Go de mémoire annoncés par le navigateur',
  budgetHeap: 'la limite de mémoire JavaScript de l’onglet, {mb} Mo',
  budgetDefault: 'valeur par défaut, le navigateur n’indiquant pas sa mémoire : la moitié de {gb} Go',
  decimated: 'Volume allégé : 1 coupe sur {step} (espacement {spacingMm} mm), la série complète ne tient pas en mémoire.',
  quotaExceeded: 'Stockage du navigateur plein : le travail n’a pas été enregistré dans ce navigateur. Rien n’est perdu tant que la page reste ouverte : exportez le travail (JSON) ou libérez de l’espace (données de sites, études gardées hors ligne).',
  saveFailed: 'Enregistrement dans le navigateur impossible ({reason}) : rien n’est perdu tant que la page reste ouverte, exportez le travail (JSON).',
  workerDecode: 'décodage des images',
  decodeStalled: 'aucune coupe décodée depuis {seconds} s',
  workerVessel: 'analyse des vaisseaux',
  workerCompute: 'calcul des vues',
  workerRestarted: 'Le processus de {worker} s’est arrêté ({reason}) : il a été relancé, l’étude reste ouverte. Relancez l’opération si elle n’a pas abouti.',
  workerHung: 'ne répond plus depuis {s} s',
} as const;

export type RobustKey = keyof typeof fr;

const en: Readonly<Record<RobustKey, string>> = {
  sliceBlank: '{reason} — slice left empty (air) in the volume',
  sliceLeftOut: '{reason} — slice left out of the volume',
  tooBig: 'Series too large for this device’s memory: {slices} slices of {rows} × {columns} need about {needMb} MB, the limit is {limitMb} MB ({source}).',
  tooBigFiles: 'Files too large for this device’s memory: {files} files, {needMb} MB, the limit is {limitMb} MB ({source}). Open a single series (its folder).',
  openDecimated: 'Open 1 slice in {step} ({slices} slices, about {needMb} MB)',
  budgetDevice: 'half of the {gb} GB of memory the browser reports',
  budgetHeap: 'the tab’s JavaScript memory limit, {mb} MB',
  budgetDefault: 'default, as the browser does not report its memory: half of {gb} GB',
  decimated: 'Reduced volume: 1 slice in {step} (spacing {spacingMm} mm), the full series does not fit in memory.',
  quotaExceeded: 'Browser storage full: the work was not saved in this browser. Nothing is lost while the page stays open: export the work (JSON) or free some space (site data, studies kept offline).',
  saveFailed: 'Could not save in the browser ({reason}): nothing is lost while the page stays open, export the work (JSON).',
  workerDecode: 'image decoding',
  decodeStalled: 'no slice decoded for {seconds} s',
  workerVessel: 'vessel analysis',
  workerCompute: 'view computation',
  workerRestarted: 'The {worker} worker stopped ({reason}): it was restarted and the study stays open. Run the operation again if it did not complete.',
  workerHung: 'not responding for {s} s',
};

export const catalogues: Readonly<Record<Lang, Readonly<Record<RobustKey, string>>>> = { fr, en };

export const rb: (lang: Lang, key: RobustKey, params?: MessageParams) => string = catalogue(fr, en);
