import type { ODataProtocolVersion } from './literals.js';

type JsonObject = Readonly<Record<string, unknown>>;

/** Keys a v2 collection wrapper may carry next to `results` (inline count, server paging, delta link). */
const V2_COLLECTION_KEYS: ReadonlySet<string> = new Set(['results', '__count', '__next', '__delta']);

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
  return protocol === 'v4' ? unwrapV4(body) : unwrapV2(body, operationName);
}

function unwrapV4(body: JsonObject): unknown {
  if (!hasOwn(body, 'value')) return body;
  const context = body['@odata.context'];
  if (typeof context === 'string' && context.endsWith('$entity')) return body;
  return Object.keys(body).every((key) => key === 'value' || key.includes('@')) ? body['value'] : body;
}

function unwrapV2(body: JsonObject, operationName: string | undefined): unknown {
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== 'd') return body;
  const d = body['d'];
  if (Array.isArray(d)) return d;
  if (!isJsonObject(d)) return body;

  const dKeys = Object.keys(d);
  const results = d['results'];
  if (Array.isArray(results) && dKeys.every((key) => V2_COLLECTION_KEYS.has(key))) return results;

  // A result wrapper has exactly one key; with `__metadata` next to it, `d` is an entity.
  const [onlyKey] = dKeys;
  if (dKeys.length === 1 && onlyKey !== undefined) {
    const value = d[onlyKey];
    if (onlyKey === operationName || isPrimitive(value)) return value;
  }
  return d;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOwn(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function isPrimitive(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
