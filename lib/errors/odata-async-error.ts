/**
 * The base class of every error this library raises, so that one `instanceof` check
 * (or {@link isODataAsyncError}) separates them from everything else in a stream.
 */
export abstract class ODataAsyncError extends Error {
  /** The concrete class's name, e.g. `'ODataHttpError'`: a literal on each subclass, so it survives minification. */
  abstract override readonly name: string;

  /**
   * @param fields the subclass's context (`status`, `url`, …), copied onto the error, so that each
   * subclass only declares its fields; `cause` becomes the standard `Error` cause.
   */
  protected constructor(message: string, { cause, ...fields }: { readonly [field: string]: unknown; cause?: unknown } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    // Keep `instanceof` working when the code is down-levelled or bundled.
    Object.setPrototypeOf(this, new.target.prototype);
    Object.assign(this, fields);
  }
}

/** True for every error raised by this library. */
export function isODataAsyncError(value: unknown): value is ODataAsyncError {
  return value instanceof ODataAsyncError;
}

/** The `isXxxError` guard of an error class: narrows a caught error (an `instanceof` check). */
export const guardFor =
  <T>(type: new (...args: never[]) => T) =>
  (value: unknown): value is T =>
    value instanceof type;
