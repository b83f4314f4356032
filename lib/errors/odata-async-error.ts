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
