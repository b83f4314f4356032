/**
 * The key under which every error of this library carries its class's literal `name`. A
 * `Symbol.for` key is the same symbol in every copy of the library loaded in one process (the
 * ESM and the CommonJS build, two bundles of one app): the guards read it, so that an error from
 * one copy passes the other copy's guard, where `instanceof` alone answers `false`.
 */
export const ERROR_BRAND: unique symbol = Symbol.for('rxjs-odata-async.error');

/**
 * The base class of every error this library raises, so that one `instanceof` check
 * (or {@link isODataAsyncError}) separates them from everything else in a stream.
 */
export abstract class ODataAsyncError extends Error {
  /** The concrete class's name, e.g. `'ODataHttpError'`: a literal on each subclass, so it survives minification. */
  abstract override readonly name: string;

  /** Subclasses assign their own fields, so each is an own property (even when `undefined`) and no other key gets in. */
  protected constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    // Keep `instanceof` working when the code is down-levelled or bundled.
    Object.setPrototypeOf(this, new.target.prototype);
  }

  /**
   * The class's literal `name` under {@link ERROR_BRAND}, which the guards check. A getter on the
   * prototype: it adds no own key to an error (what a logger or `toEqual` sees stays the same).
   * @internal
   */
  get [ERROR_BRAND](): string {
    return this.name;
  }
}

/** The brand of `value` (its class's `name`), or `undefined` for anything that is not an error of this library. */
function brandOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    const brand: unknown = Reflect.get(value, ERROR_BRAND);
    return typeof brand === 'string' ? brand : undefined;
  } catch {
    // A proxy or a getter that throws: a guard answers, it never throws.
    return undefined;
  }
}

/** True for every error raised by this library, from whichever copy of it (ESM or CommonJS build) was loaded. */
export function isODataAsyncError(value: unknown): value is ODataAsyncError {
  return value instanceof ODataAsyncError || brandOf(value) !== undefined;
}

/**
 * The `isXxxError` guard of an error class: `instanceof`, or the brand that names the class, so
 * that an error from another copy of the library (ESM vs CommonJS build) is recognized too.
 *
 * @param type The class.
 * @param name Its literal `name` (`'ODataHttpError'`), the brand its instances carry.
 */
export const guardFor =
  <T extends { readonly name: string }>(type: new (...args: never[]) => T, name: T['name']) =>
  (value: unknown): value is T =>
    value instanceof type || brandOf(value) === name;
