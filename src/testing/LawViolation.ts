/**
 * The error a broken decider law throws inside a property: what is wrong, plus the history that
 * shows it (the events before, the command, and what `decide` returned), from which a
 * ready-to-paste given/when/then test is written.
 *
 * @since 0.1.0
 */
import type { Either } from 'fp-ts/lib/Either.js'
import { isLeft } from 'fp-ts/lib/Either.js'
import { toSource } from './toSource.js'

/**
 * A broken law, carrying the reachable history that breaks it.
 *
 * @category errors
 * @since 0.1.0
 */
export class LawViolation extends Error {
  override readonly name = 'LawViolation'
  constructor(
    readonly reason: string,
    readonly givenEvents: ReadonlyArray<unknown>,
    readonly whenCommand: unknown,
    readonly observed?: Either<unknown, ReadonlyArray<unknown>>,
    options?: { readonly cause?: unknown },
  ) {
    super(reason, options)
  }

  /** The failing case as a ready-to-paste given/when/then test. */
  snippet(deciderName = 'decider'): string {
    return givenWhenThenSnippet(deciderName, this.givenEvents, this.whenCommand, this.observed)
  }
}

const thenLine = (observed: Either<unknown, ReadonlyArray<unknown>> | undefined): string => {
  const note = '// what decide returned: state what it should return'
  if (observed === undefined) return '  .then([]) // state the events you expect'
  if (isLeft(observed)) return `  .thenRejects(${toSource(observed.left, '  ')}) ${note}`
  if (observed.right.length === 0) return `  .thenNothingHappens() ${note}`
  return `  .then(${toSource(observed.right, '  ')}) ${note}`
}

/**
 * Writes a given/when/then test for a history: the events before and the command, with the
 * outcome `decide` gave (if known) as the expectation for the reader to correct. Without a
 * command (a law broken by the initial state), the snippet folds the events only.
 *
 * @example
 * import { givenWhenThenSnippet } from './src/testing/LawViolation.js'
 * const text = givenWhenThenSnippet('bankAccount', [], { type: 'CloseAccount' })
 * assert.ok(text.startsWith('given(bankAccount, [])'))
 *
 * @category rendering
 * @since 0.1.0
 */
export const givenWhenThenSnippet = (
  deciderName: string,
  events: ReadonlyArray<unknown>,
  command: unknown,
  observed?: Either<unknown, ReadonlyArray<unknown>>,
): string =>
  command === undefined
    ? `given(${deciderName}, ${toSource(events)}).state() // the state these events fold to`
    : [
        `given(${deciderName}, ${toSource(events)})`,
        `  .when(${toSource(command, '  ')})`,
        thenLine(observed),
      ].join('\n')
