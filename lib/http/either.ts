// fp-ts's Either, as this library uses it: the type (from the root, which resolves everywhere) and
// three one-line functions over its `_tag`. fp-ts 2 has no subpath that both Node and bundlers read
// as ES modules: `fp-ts/lib/*` is CommonJS (a bundler then ships a second copy beside io-ts's ES
// module one), `fp-ts/Either` is a folder Node's ES module loader refuses, `fp-ts/es6/*` has
// extensionless imports Node cannot follow, and the root barrel costs 3.5 KB gz in esbuild. With
// no run-time import of fp-ts at all, every build works everywhere and an app pays a few bytes.
import type { either } from 'fp-ts';

/** fp-ts's `Either<E, A>`: what io-ts's `decode` returns, and what the body readers answer. */
export type Either<E, A> = either.Either<E, A>;

/** A failure, as fp-ts's `left`. */
export const left = <E, A = never>(value: E): Either<E, A> => ({ _tag: 'Left', left: value });

/** A success, as fp-ts's `right`. */
export const right = <A, E = never>(value: A): Either<E, A> => ({ _tag: 'Right', right: value });

/** Whether `result` is a failure, as fp-ts's `isLeft`. */
export const isLeft = <E, A>(result: Either<E, A>): result is either.Left<E> => result._tag === 'Left';
