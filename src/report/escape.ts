/**
 * Text from users and imported files is plain text. The UI sets it with textContent; where HTML must be built
 * (PDF/HTML exports, templates), escape it with escapeHtml first.
 */
const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"'`]/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}
