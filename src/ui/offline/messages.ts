/** Strings of the installable / offline layer (status line, "Keep offline"), French first. */
import type { Lang } from '../../i18n/index.ts';
import { catalogue, type MessageParams } from '../../i18n/catalogue.ts';

export const fr = {
  notIsolated: 'Isolation inter-origines indisponible : pas de mémoire partagée, les calculs sont plus lents.',
  isolationReady: 'Calcul rapide disponible après rechargement.',
  reload: 'Recharger',
  updateReady: 'Une nouvelle version est prête.',
  updateActive: 'Une nouvelle version est active : rechargez la page.',
  offlineShellReady: 'L’application fonctionne hors ligne.',
  keepOffline: 'Disponible hors ligne',
  keepOfflineHint: 'Garde les cas d’entraînement sur cet ordinateur pour les ouvrir sans réseau.',
  keepOfflineProgress: 'Mise en cache… {done} / {total} fichiers ({mb} Mo)',
  keepOfflineDone: 'Cas disponibles hors ligne ({files} fichiers, {mb} Mo).',
  keepOfflineFailed: 'Mise hors ligne impossible : {reason}',
  quotaExceeded: 'espace de stockage insuffisant ({need} Mo nécessaires, {free} Mo libres). Libérez de la place ou autorisez le stockage pour ce site.',
  noCacheApi: 'ce navigateur ne permet pas le stockage hors ligne (page non sécurisée ?).',
  notOffline: 'Ce cas n’est pas disponible hors ligne : reconnectez-vous ou utilisez « Disponible hors ligne » d’abord.',
} as const;

export type OfflineMessageKey = keyof typeof fr;

export const en: Readonly<Record<OfflineMessageKey, string>> = {
  notIsolated: 'Cross-origin isolation unavailable: no shared memory, computations are slower.',
  isolationReady: 'Fast computation available after a reload.',
  reload: 'Reload',
  updateReady: 'A new version is ready.',
  updateActive: 'A new version is active: reload the page.',
  offlineShellReady: 'The app works offline.',
  keepOffline: 'Keep offline',
  keepOfflineHint: 'Keeps the training cases on this computer to open them without a network.',
  keepOfflineProgress: 'Caching… {done} / {total} files ({mb} MB)',
  keepOfflineDone: 'Cases available offline ({files} files, {mb} MB).',
  keepOfflineFailed: 'Could not keep the cases offline: {reason}',
  quotaExceeded: 'not enough storage ({need} MB needed, {free} MB free). Free some space or allow storage for this site.',
  noCacheApi: 'this browser offers no offline storage (insecure page?).',
  notOffline: 'This case is not available offline: reconnect, or use "Keep offline" first.',
};

export const offlineText: (lang: Lang, key: OfflineMessageKey, params?: MessageParams) => string = catalogue(fr, en);
