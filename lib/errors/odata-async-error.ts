/**
 * The base class of every error this library raises, so that one `instanceof` check
 * (or {@link isODataAsyncError}) separates them from everything else in a stream.
 */
export abstract class ODataAsyncError extends Error {
  /** The concrete class's name, e.g. `'ODataHttpError'`: a literal on each subclass, so it survives minification. */
  abstract override readonly name: string;

  protected constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    // Keep `instanceof` working when the code is down-levelled or bundled.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** True for every error raised by this library. */
export function isODataAsyncError(value: unknown): value is ODataAsyncError {
  return value instanceof ODataAsyncError;
}
