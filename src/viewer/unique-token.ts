/** Eight random hex digits for the ids of Cornerstone's page-wide registries (volumes, rendering engines, tool
 *  groups, synchronisers): drawn rather than counted, so that no module keeps a counter. */
export function uniqueToken(): string {
  return [...crypto.getRandomValues(new Uint8Array(4))].map((x) => x.toString(16).padStart(2, '0')).join('');
}
