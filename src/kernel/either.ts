/**
 * The three `Either` functions the kernel and the codecs call (`right`, `left`, `isLeft`),
 * written out here rather than imported from fp-ts at run time. The values are fp-ts's own
 * shape (`{ _tag: 'Right', right }` / `{ _tag: 'Left', left }`) and the types are fp-ts's
 * (a type-only import), so callers see fp-ts `Either` everywhere.
 *
 * Why: fp-ts 2.16 ships CommonJS under `fp-ts/lib/*` and extensionless ES modules under
 * `fp-ts/es6/*` with no `exports` map. Node cannot load `fp-ts/es6/*` as ES modules, and
 * bundlers cannot tree-shake `fp-ts/lib/*`: a browser bundle of the kernel carried all of
 * `fp-ts/lib/Either` (7.9 kB gzipped measured with esbuild, against 1.3 kB for the whole kernel with these).
 * Users' own code may import fp-ts any way it likes; the values are interchangeable.
 *
 * @internal
 */
import type { Either, Left } from 'fp-ts/lib/Either.js'

/**
 * A successful `Either` (fp-ts's `right`).
 *
 * @internal
 */
export const right = <E = never, A = never>(a: A): Either<E, A> => ({ _tag: 'Right', right: a })

/**
 * A failed `Either` (fp-ts's `left`).
 *
 * @internal
 */
export const left = <E = never, A = never>(e: E): Either<E, A> => ({ _tag: 'Left', left: e })

/**
 * Whether an `Either` failed (fp-ts's `isLeft`).
 *
 * @internal
 */
export const isLeft = <E, A>(ma: Either<E, A>): ma is Left<E> => ma._tag === 'Left'
