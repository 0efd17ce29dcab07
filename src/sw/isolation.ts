/**
 * Cross-origin isolation from the service worker, for hosts that cannot set headers (the coi-serviceworker
 * technique): every same-origin response the worker hands the page gets COOP/COEP (and CORP), so the page and
 * its workers are crossOriginIsolated after the first controlled load and the compute pool may share memory.
 * A response that already carries a COEP header (the server set them) is passed through untouched.
 */
export function withIsolation(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  if (response.headers.has('Cross-Origin-Embedder-Policy')) return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  if (!headers.has('Cross-Origin-Resource-Policy')) headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  // 101, 204, 205 and 304 carry no body
  const body = [101, 204, 205, 304].includes(response.status) ? null : response.body;
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
