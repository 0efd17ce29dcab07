/** Strings of the PACS panel and of the report's PACS actions: FR first, EN. */
import type { Lang } from '../../i18n/index.ts';
import { pairedCatalogue, type MessageParams } from '../../i18n/catalogue.ts';

export const STRINGS = {
  title: { fr: 'PACS (DICOMweb)', en: 'PACS (DICOMweb)' },
  hint: { fr: 'Les études d’un serveur DICOMweb (Orthanc, DCM4CHEE…). Les identifiants restent en mémoire, sauf si vous demandez de les retenir.', en: 'Studies from a DICOMweb server (Orthanc, DCM4CHEE…). Credentials stay in memory unless you ask to remember them.' },
  privacy: {
    fr: 'Envoyé à {server} : vos identifiants (dans l’en-tête Authorization seulement), vos recherches (patient, dates, modalité) et les demandes d’images ; le compte rendu et ses mesures (un DICOM SR) et les vues (captures secondaires) seulement quand vous cliquez « Envoyer au PACS », classés sous l’étude avec l’identité du patient que le PACS en détient déjà. Rien d’autre : ni vos fichiers locaux, ni les cas d’entraînement, ni vos tracés tant que vous ne les envoyez pas.',
    en: 'Sent to {server}: your credentials (in the Authorization header only), your searches (patient, dates, modality) and the image requests; the report and its measurements (a DICOM SR) and the views (secondary captures) only when you click “Send to the PACS”, filed under the study with the patient identity the PACS already holds for it. Nothing else: not your local files, not the training cases, not your tracings until you send them.',
  },
  sameOrigin: { fr: 'ce serveur (celui de l’application)', en: 'this server (the application’s own)' },
  url: { fr: 'Adresse DICOMweb', en: 'DICOMweb address' },
  auth: { fr: 'Identification', en: 'Authentication' },
  authNone: { fr: 'aucune', en: 'none' },
  authBasic: { fr: 'utilisateur + mot de passe', en: 'user + password' },
  authBearer: { fr: 'jeton (Bearer)', en: 'token (Bearer)' },
  user: { fr: 'Utilisateur', en: 'User' },
  password: { fr: 'Mot de passe', en: 'Password' },
  token: { fr: 'Jeton', en: 'Token' },
  remember: { fr: 'Retenir les identifiants sur cet appareil', en: 'Remember the credentials on this device' },
  connect: { fr: 'Afficher les études', en: 'List the studies' },
  patient: { fr: 'Patient (nom ou ID)', en: 'Patient (name or ID)' },
  from: { fr: 'Du', en: 'From' },
  to: { fr: 'Au', en: 'To' },
  modality: { fr: 'Modalité', en: 'Modality' },
  anyModality: { fr: 'toutes', en: 'any' },
  search: { fr: 'Filtrer', en: 'Filter' },
  searching: { fr: 'Recherche sur le PACS…', en: 'Searching the PACS…' },
  colPatient: { fr: 'Patient', en: 'Patient' },
  colPatientId: { fr: 'ID patient', en: 'Patient ID' },
  colDate: { fr: 'Date', en: 'Date' },
  colDescription: { fr: 'Description', en: 'Description' },
  colModality: { fr: 'Modalité', en: 'Modality' },
  colSeries: { fr: 'Séries', en: 'Series' },
  colImages: { fr: 'Images', en: 'Images' },
  open: { fr: 'Ouvrir', en: 'Open' },
  found: { fr: '{count} études', en: '{count} studies' },
  foundOne: { fr: '1 étude', en: '1 study' },
  none: { fr: 'Aucune étude ne correspond.', en: 'No study matches.' },
  listing: { fr: 'Liste des images de l’étude…', en: 'Listing the study’s images…' },
  receiving: { fr: 'Réception depuis le PACS… {done}/{total} images ({mb} Mo)', en: 'Receiving from the PACS… {done}/{total} images ({mb} MB)' },
  received: { fr: 'Reçu : {total} images ({mb} Mo). Ouverture…', en: 'Received: {total} images ({mb} MB). Opening…' },
  kept: { fr: '{done}/{total} images reçues et gardées ({mb} Mo).', en: '{done}/{total} images received and kept ({mb} MB).' },
  firstImage: { fr: 'Première image reçue. Le volume s’ouvre quand toutes les images sont arrivées.', en: 'First image received. The volume opens once every image has arrived.' },
  chooseSeries: { fr: 'Cette étude a {count} séries d’images : laquelle ouvrir ?', en: 'This study has {count} image series: which one to open?' },
  images: { fr: '{count} images', en: '{count} images' },
  cancel: { fr: 'Annuler', en: 'Cancel' },
  retry: { fr: 'Réessayer', en: 'Retry' },
  // report actions
  sendSr: { fr: 'Envoyer au PACS (SR)', en: 'Send to the PACS (SR)' },
  sendViews: { fr: 'Envoyer les vues au PACS (captures)', en: 'Send the views to the PACS (captures)' },
  viewsSeries: { fr: 'Vues du coroscanner', en: 'Coronary CT views' },
  viewsSent: { fr: '{count} vue(s) enregistrée(s) sur le PACS (captures secondaires, une nouvelle série de l’étude).', en: '{count} view(s) stored on the PACS (secondary captures, a new series of the study).' },
  listSr: { fr: 'Comptes rendus sur le PACS', en: 'Reports on the PACS' },
  srSent: { fr: 'Compte rendu (SR) enregistré sur le PACS sous l’étude.', en: 'Report (SR) stored on the PACS under the study.' },
  noSr: { fr: 'Aucun compte rendu sur le PACS pour cette étude.', en: 'No report on the PACS for this study.' },
  noPacs: { fr: 'Pas de PACS connecté : renseignez-le dans « PACS » sur l’accueil.', en: 'No PACS connected: set it in “PACS” on the start page.' },
  srItem: { fr: '{description} {when}', en: '{description} {when}' },
} as const;

export type PacsKey = keyof typeof STRINGS;

export const pt: (lang: Lang, key: PacsKey, params?: MessageParams) => string = pairedCatalogue(STRINGS);
