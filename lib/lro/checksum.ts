/**
 * FNV-1a (8 hex digits) over the canonical JSON of `content`: cheap, dependency-free, enough to
 * catch a poller token or a tracker record that was edited or cut short; not a signature.
 */
export function checksumOf(content: unknown): string {
  const text = canonicalJson(content);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/**
 * JSON with object keys sorted (and `undefined` fields left out, as JSON.stringify leaves them), so
 * that data re-serialised by a browser or another tool keeps its checksum. Depth is bounded by
 * whoever parsed the data (the safe parser, structured clone). Keys are unique, so the sort never
 * compares two equal ones.
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  const fields = Object.entries(value)
    .filter(([, field]) => field !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${fields.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
}
