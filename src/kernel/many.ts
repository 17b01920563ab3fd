/**
 * One decider instance per id: `many(decider)` decides and evolves a whole set of instances
 * (accounts, ships, carts), each command and event carrying the id of the instance it is for,
 * the state being a `ReadonlyMap` from id to that instance's state.
 *
 * Laws (property-tested in test/kernel/many.prop.test.ts): the state `many` folds for an id
 * equals the state the decider folds from that id's events alone; deciding for an id equals the
 * decider deciding on that id's state, its events tagged with the id; no input map is mutated.
 *
 * @since 0.1.0
 */
import { isLeft, right } from './either.js'
import type { Decider } from './Decider.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A command for the instance named by `id`.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface CommandFor<Id, Command> {
  readonly id: Id
  readonly command: Command
}

/**
 * An event of the instance named by `id`.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface EventFor<Id, Event> {
  readonly id: Id
  readonly event: Event
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * The state of one instance in a `many` state: the decider's initial state for an id that has
 * seen no event.
 *
 * @example
 * import { stateOf } from './src/kernel/many.js'
 * const counter = { initialState: 0 }
 * assert.strictEqual(stateOf(counter, new Map([['a', 3]]), 'a'), 3)
 * assert.strictEqual(stateOf(counter, new Map([['a', 3]]), 'b'), 0)
 *
 * @category combinators
 * @since 0.1.0
 */
export const stateOf = <Id, State>(
  decider: { readonly initialState: State },
  states: ReadonlyMap<Id, State>,
  id: Id,
): State => (states.has(id) ? (states.get(id) as State) : decider.initialState)

/**
 * Many instances of one decider, told apart by id. An id enters the state map with its first
 * event. Evolving copies the map (the input is never mutated), so folding costs one map copy
 * per event that changes an instance: fold long multi-instance histories per id where that
 * matters.
 *
 * @example
 * import { fold, many } from 'foldwise'
 * import { right } from 'fp-ts/lib/Either.js'
 * const adder = {
 *   initialState: 0,
 *   decide: (by: number, _: number) => right([by]),
 *   evolve: (n: number, by: number) => n + by,
 * }
 * const adders = many<string, number, number, number, never>(adder)
 * const states = fold(adders)([{ id: 'a', event: 1 }, { id: 'b', event: 5 }, { id: 'a', event: 2 }])
 * assert.deepStrictEqual([...states], [['a', 3], ['b', 5]])
 * assert.deepStrictEqual(adders.decide({ id: 'b', command: 4 }, states), right([{ id: 'b', event: 4 }]))
 *
 * @category combinators
 * @since 0.1.0
 */
export const many = <Id, Command, State, Event, Rejection>(
  decider: Decider<Command, State, Event, Rejection>,
): Decider<CommandFor<Id, Command>, ReadonlyMap<Id, State>, EventFor<Id, Event>, Rejection> => {
  const decide = decider.decide
  const evolve = decider.evolve
  const initialState = decider.initialState
  const noInstances: ReadonlyMap<Id, State> = new Map()
  return {
    initialState: noInstances,
    decide: (envelope, states) => {
      const id = envelope.id
      const decided = decide(envelope.command, stateOf(decider, states, id))
      if (isLeft(decided)) return decided
      const events = decided.right
      const tagged = new Array<EventFor<Id, Event>>(events.length)
      for (let i = 0; i < events.length; i++) tagged[i] = { id, event: events[i] as Event }
      return right(tagged)
    },
    evolve: (states, envelope) => {
      const id = envelope.id
      const known = states.has(id)
      const current = known ? (states.get(id) as State) : initialState
      const next = evolve(current, envelope.event)
      if (known && next === current) return states
      const copy = new Map(states)
      copy.set(id, next)
      return copy
    },
  }
}
