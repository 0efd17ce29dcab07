/** The languages of the app, the CLI and the reports: French first, English. */
export type Lang = 'fr' | 'en';
