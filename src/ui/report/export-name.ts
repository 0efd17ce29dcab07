/** The stem of exported file names: the case name and the local date ("cas-2-2026-12-07"), not a UID fragment. */

/** Lower-case ASCII letters, digits and hyphens (accents dropped: "Écho cœur" → "echo-coeur"). */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `case-name-YYYY-MM-DD` (local date); the last 8 characters of the study UID stand in for an unnamed case. */
export function exportStem(caseName: string | undefined, studyUid: string, date: Date): string {
  const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  const name = caseName ? slug(caseName) : '';
  return `${name || slug(studyUid.slice(-8)) || 'etude'}-${day}`;
}
