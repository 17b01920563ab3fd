/**
 * The decider: a pure aggregate. `decide` turns a command and the current state into events
 * (or a rejection), `evolve` folds one event into the state. Nothing here does I/O, reads the
 * clock or draws random numbers.
 *
 * @since 0.1.0
 */
import type { Either } from 'fp-ts/lib/Either.js'
import { isLeft, right } from './either.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A pure aggregate over commands, state, events and rejections.
 *
 * @category model
 * @since 0.1.0
 */
export interface Decider<Command, State, Event, Rejection> {
  readonly initialState: State
  readonly decide: (command: Command, state: State) => Either<Rejection, ReadonlyArray<Event>>
  readonly evolve: (state: State, event: Event) => State
  /** A terminal state accepts no further events (a closed account, a scrapped ship). */
  readonly isTerminal?: (state: State) => boolean
}

/**
 * The events `decide` produced and the state after evolving them.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface Decision<State, Event> {
  readonly events: ReadonlyArray<Event>
  readonly state: State
}

// -------------------------------------------------------------------------------------
// folding
// -------------------------------------------------------------------------------------

/**
 * Folds events into state from a given state. A plain loop: the library allocates nothing per
 * event.
 *
 * @example
 * import { foldFrom } from 'foldwise'
 * const counter = { initialState: 0, decide: () => { throw new Error('unused') }, evolve: (s: number, e: number) => s + e }
 * assert.strictEqual(foldFrom(counter)(10, [1, 2]), 13)
 *
 * @category folding
 * @since 0.1.0
 */
export const foldFrom =
  <State, Event>(decider: { readonly evolve: (state: State, event: Event) => State }) =>
  (state: State, events: Iterable<Event>): State => {
    const evolve = decider.evolve
    let current = state
    if (Array.isArray(events)) {
      const list = events as ReadonlyArray<Event>
      for (let i = 0; i < list.length; i++) current = evolve(current, list[i] as Event)
      return current
    }
    for (const event of events) current = evolve(current, event)
    return current
  }

/**
 * Folds events into state from the decider's initial state.
 *
 * @example
 * import { fold } from 'foldwise'
 * const counter = { initialState: 0, evolve: (s: number, e: number) => s + e }
 * assert.strictEqual(fold(counter)([1, 2, 3]), 6)
 * assert.strictEqual(fold(counter)(new Set([4, 5])), 9)
 *
 * @category folding
 * @since 0.1.0
 */
export const fold = <State, Event>(decider: {
  readonly initialState: State
  readonly evolve: (state: State, event: Event) => State
}): ((events: Iterable<Event>) => State) => {
  const from = foldFrom(decider)
  return (events) => from(decider.initialState, events)
}

/**
 * Decides, then evolves the new events: the events and the state they lead to. A rejection is
 * returned as it is, never thrown.
 *
 * @example
 * import { decideAndEvolve } from 'foldwise'
 * import { left, right } from 'fp-ts/lib/Either.js'
 * const adder = {
 *   initialState: 0,
 *   decide: (by: number, _: number) => (by > 0 ? right([by]) : left({ _tag: 'NotPositive' as const })),
 *   evolve: (n: number, by: number) => n + by,
 * }
 * assert.deepStrictEqual(decideAndEvolve(adder)(2, 40), right({ events: [2], state: 42 }))
 * assert.deepStrictEqual(decideAndEvolve(adder)(-1, 40), left({ _tag: 'NotPositive' }))
 *
 * @category folding
 * @since 0.1.0
 */
export const decideAndEvolve =
  <Command, State, Event, Rejection>(decider: Decider<Command, State, Event, Rejection>) =>
  (command: Command, state: State): Either<Rejection, Decision<State, Event>> => {
    const decided = decider.decide(command, state)
    if (isLeft(decided)) return decided
    const events = decided.right
    const evolve = decider.evolve
    let next = state
    for (let i = 0; i < events.length; i++) next = evolve(next, events[i] as Event)
    return right({ events, state: next })
  }
