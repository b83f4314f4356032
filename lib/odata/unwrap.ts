import type { ODataProtocolVersion } from './literals.js';

type JsonObject = Readonly<Record<string, unknown>>;

/**
 * Takes an operation's result out of the OData JSON wrapper around it.
 *
 * v4:
 * - `{"@odata.context":..,"value":X}` → `X` (a primitive, a collection): the object has
 *   `value` and otherwise only annotations (keys containing `@`; OData names cannot).
 *   Not when `@odata.context` says `$entity`: that is an entity with a `value` property.
 * - anything else (an entity, a complex value) → the body itself.
 *
 * v2 (JSON verbose, only when `d` is the body's only key):
 * - `{"d":{"results":[..]}}`, also with `__count`, `__next`, `__delta` → the array;
 * - `{"d":{"<Name>":X}}` where `<Name>` is `operationName`, or the only key and `X` a
 *   primitive (string, number, boolean, null) → `X`. A `d` with `__metadata` is an entity,
 *   never such a wrapper;
 * - `{"d":{..entity..}}` → the entity; `{"d":[..]}` (v1 JSON) → the array;
 * - anything else → the body itself.
 *
 * @example
 * unwrapPayload({ d: { GetTotal: 42 } }, 'v2', 'GetTotal')               // → 42
 * unwrapPayload({ '@odata.context': '$metadata#Edm.String', value: 'x' }, 'v4') // → 'x'
 *
 * @param body The parsed JSON body.
 * @param protocol Which wrapper to expect.
 * @param operationName The function import's name, for v2 `{"d":{"<Name>":..}}`.
 * @return The payload, or `body` when there is no wrapper to remove.
 */
export function unwrapPayload(body: unknown, protocol: ODataProtocolVersion, operationName?: string): unknown {
  if (!isJsonObject(body)) return body;
  const keys = Object.keys(body);
  if (protocol === 'v4') {
    const context = body['@odata.context'];
    const isEntity = typeof context === 'string' && context.endsWith('$entity');
    return keys.includes('value') && !isEntity && keys.every((key) => key === 'value' || key.includes('@')) ? body['value'] : body;
  }
  const d = body['d'];
  if (keys.length !== 1 || keys[0] !== 'd') return body; // `d` must be the only key
  if (Array.isArray(d)) return d;
  if (!isJsonObject(d)) return body;
  const dKeys = Object.keys(d);
  // Keys a v2 collection wrapper may carry next to `results`: inline count, server paging, delta link.
  if (Array.isArray(d['results']) && dKeys.every((key) => /^(?:results|__count|__next|__delta)$/.test(key))) return d['results'];
  // A result wrapper has exactly one key; with `__metadata` next to it, `d` is an entity.
  const [onlyKey = ''] = dKeys;
  const value = d[onlyKey];
  return dKeys.length === 1 && (onlyKey === operationName || typeof value !== 'object' || value === null) ? value : d;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
