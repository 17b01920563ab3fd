/**
 * Adapting a decider to other shapes: other commands (`mapCommand`), other events (`mapEvent`,
 * decode on the way in and encode on the way out), another state (`mapState`, through an
 * isomorphism) and other rejections (`mapRejection`). Each keeps `isTerminal`.
 *
 * Laws (property-tested in test/kernel/mapDecider.prop.test.ts): mapping with identities changes
 * nothing; mapping twice equals mapping once with the composed functions; with `decode` and
 * `encode` inverse to each other, `mapEvent` folds the encoded history to the same state.
 *
 * @since 0.1.0
 */
import { isLeft, left, right } from './either.js'
import type { Decider } from './Decider.js'
import { makeDecider } from './internal.js'

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * Accepts other commands: each is turned into one the decider knows before it decides.
 *
 * @example
 * import { mapCommand } from 'foldwise'
 * import { right } from 'fp-ts/lib/Either.js'
 * const adder = {
 *   initialState: 0,
 *   decide: (by: number, _: number) => right([by]),
 *   evolve: (n: number, by: number) => n + by,
 * }
 * const fromText = mapCommand(adder, (text: string) => Number(text))
 * assert.deepStrictEqual(fromText.decide('5', 0), right([5]))
 *
 * @category combinators
 * @since 0.1.0
 */
export const mapCommand = <Command, State, Event, Rejection, NewCommand>(
  decider: Decider<Command, State, Event, Rejection>,
  f: (command: NewCommand) => Command,
): Decider<NewCommand, State, Event, Rejection> => {
  const decide = decider.decide
  return makeDecider<NewCommand, State, Event, Rejection>(
    decider.initialState,
    (command, state) => decide(f(command), state),
    decider.evolve,
    decider.isTerminal,
  )
}

/**
 * Speaks other events: `decode` turns an outside event into the decider's own before it is
 * evolved, `encode` turns each decided event into an outside one. The decided list is encoded
 * into a new array once per decision; folding calls `decode` once per event and adds nothing.
 *
 * @example
 * import { fold, mapEvent } from 'foldwise'
 * import { right } from 'fp-ts/lib/Either.js'
 * const adder = {
 *   initialState: 0,
 *   decide: (by: number, _: number) => right([by]),
 *   evolve: (n: number, by: number) => n + by,
 * }
 * type Added = { readonly type: 'Added'; readonly by: number }
 * const typed = mapEvent(adder, (e: Added) => e.by, (by): Added => ({ type: 'Added', by }))
 * assert.deepStrictEqual(typed.decide(2, 0), right([{ type: 'Added', by: 2 }]))
 * assert.strictEqual(fold(typed)([{ type: 'Added', by: 2 }, { type: 'Added', by: 3 }]), 5)
 *
 * @category combinators
 * @since 0.1.0
 */
export const mapEvent = <Command, State, Event, Rejection, NewEvent>(
  decider: Decider<Command, State, Event, Rejection>,
  decode: (event: NewEvent) => Event,
  encode: (event: Event) => NewEvent,
): Decider<Command, State, NewEvent, Rejection> => {
  const decide = decider.decide
  const evolve = decider.evolve
  return makeDecider<Command, State, NewEvent, Rejection>(
    decider.initialState,
    (command, state) => {
      const decided = decide(command, state)
      if (isLeft(decided)) return decided
      const events = decided.right
      const encoded = new Array<NewEvent>(events.length)
      for (let i = 0; i < events.length; i++) encoded[i] = encode(events[i] as Event)
      return right(encoded)
    },
    (state, event) => evolve(state, decode(event)),
    decider.isTerminal,
  )
}

/**
 * Keeps another state: `to` and `from` must be inverse to each other (an isomorphism), e.g. a
 * record and the tuple of its fields. Each evolve goes through `from` and `to` once.
 *
 * @example
 * import { fold, mapState } from 'foldwise'
 * import { right } from 'fp-ts/lib/Either.js'
 * const adder = {
 *   initialState: 0,
 *   decide: (by: number, _: number) => right([by]),
 *   evolve: (n: number, by: number) => n + by,
 * }
 * const boxed = mapState(adder, (total) => ({ total }), (box: { readonly total: number }) => box.total)
 * assert.deepStrictEqual(fold(boxed)([1, 2]), { total: 3 })
 *
 * @category combinators
 * @since 0.1.0
 */
export const mapState = <Command, State, Event, Rejection, NewState>(
  decider: Decider<Command, State, Event, Rejection>,
  to: (state: State) => NewState,
  from: (state: NewState) => State,
): Decider<Command, NewState, Event, Rejection> => {
  const decide = decider.decide
  const evolve = decider.evolve
  const isTerminal = decider.isTerminal
  return makeDecider<Command, NewState, Event, Rejection>(
    to(decider.initialState),
    (command, state) => decide(command, from(state)),
    (state, event) => to(evolve(from(state), event)),
    isTerminal === undefined ? undefined : (state) => isTerminal(from(state)),
  )
}

/**
 * Reports other rejections: each rejection is turned by `f`, the events are untouched.
 *
 * @example
 * import { mapRejection } from 'foldwise'
 * import { left } from 'fp-ts/lib/Either.js'
 * const refuser = {
 *   initialState: 0,
 *   decide: (_: number, __: number) => left('no'),
 *   evolve: (n: number, _: never) => n,
 * }
 * const tagged = mapRejection(refuser, (reason) => ({ _tag: 'Refused', reason }))
 * assert.deepStrictEqual(tagged.decide(1, 0), left({ _tag: 'Refused', reason: 'no' }))
 *
 * @category combinators
 * @since 0.1.0
 */
export const mapRejection = <Command, State, Event, Rejection, NewRejection>(
  decider: Decider<Command, State, Event, Rejection>,
  f: (rejection: Rejection) => NewRejection,
): Decider<Command, State, Event, NewRejection> => {
  const decide = decider.decide
  return makeDecider<Command, State, Event, NewRejection>(
    decider.initialState,
    (command, state) => {
      const decided = decide(command, state)
      return isLeft(decided) ? left(f(decided.left)) : decided
    },
    decider.evolve,
    decider.isTerminal,
  )
}
