/**
 * Build-time PACS configuration, shared by the app and whatever writes the Content-Security-Policy.
 * The environment variable VITE_PACS_URL (read by Vite at build time) is the DICOMweb root the start page
 * offers first; the CSP's connect-src must then allow its origin (a path on the app's own origin needs
 * nothing beyond 'self').
 */

export const PACS_URL_ENV = 'VITE_PACS_URL';

/** The CSP source for a DICOMweb base URL: its origin, or undefined for a same-origin path or an empty value. */
export function pacsConnectSource(baseUrl: string | undefined): string | undefined {
  const v = baseUrl?.trim();
  if (!v || v.startsWith('/')) return undefined;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new Error(`${PACS_URL_ENV}: not a URL: ${v}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`${PACS_URL_ENV}: http(s) only: ${v}`);
  if (u.username || u.password) throw new Error(`${PACS_URL_ENV}: credentials do not belong in the URL`);
  return u.origin;
}
