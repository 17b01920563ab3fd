/**
 * Adapting deciders, views and sagas to other shapes, one verb per part whatever the kind:
 * other commands (`mapCommand`, deciders), other events (`mapEvent`: deciders decode on the way
 * in and encode on the way out, views and sagas only decode; a saga's events are the action
 * results it reacts to), another state (`mapState`, through an isomorphism: deciders and views),
 * other rejections (`mapRejection`, deciders), other actions (`mapAction`, sagas) and a wider
 * stream of events of which only some are seen (`filterEvents`: views and sagas). A decider keeps
 * its `isTerminal`.
 *
 * Laws (property-tested in test/kernel/mapping.prop.test.ts, View.prop.test.ts and
 * Saga.prop.test.ts): mapping with identities changes nothing; mapping twice equals mapping once
 * with the composed functions; with `decode` and `encode` inverse to each other, `mapEvent`
 * folds the encoded history to the same state.
 *
 * @since 0.1.0
 */
import { isLeft, left, right } from './either.js'
import type { Decider } from './Decider.js'
import { makeDecider } from './internal.js'
import type { Saga } from './Saga.js'
import type { View } from './View.js'

const noActions: ReadonlyArray<never> = Object.freeze([])

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

const mapDeciderEvent = <Command, State, Event, Rejection, NewEvent>(
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
 * Speaks other events. A decider takes `decode`, turning an outside event into its own before it
 * is evolved, and `encode`, turning each decided event into an outside one (the decided list is
 * encoded into a new array once per decision; folding calls `decode` once per event). A view
 * takes `decode` alone; so does a saga, decoding each event (action result) it reacts to.
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
 * const sum = { initialState: 0, evolve: (n: number, e: number) => n + e }
 * assert.strictEqual(fold(mapEvent(sum, (e: Added) => e.by))([{ type: 'Added', by: 4 }]), 4)
 *
 * @category combinators
 * @since 0.1.0
 */
export function mapEvent<Command, State, Event, Rejection, NewEvent>(
  decider: Decider<Command, State, Event, Rejection>,
  decode: (event: NewEvent) => Event,
  encode: (event: Event) => NewEvent,
): Decider<Command, State, NewEvent, Rejection>
export function mapEvent<Event, Action, NewEvent>(
  saga: Saga<Event, Action>,
  decode: (event: NewEvent) => Event,
): Saga<NewEvent, Action>
export function mapEvent<State, Event, NewEvent>(
  view: View<State, Event>,
  decode: (event: NewEvent) => Event,
): View<State, NewEvent>
export function mapEvent(
  kind: object,
  decode: (event: unknown) => unknown,
  encode?: (event: unknown) => unknown,
): object {
  if (encode !== undefined)
    return mapDeciderEvent(kind as Decider<unknown, unknown, unknown, unknown>, decode, encode)
  if ('react' in kind) {
    const react = (kind as Saga<unknown, unknown>).react
    const saga: Saga<unknown, unknown> = { react: (event) => react(decode(event)) }
    return saga
  }
  const view = kind as View<unknown, unknown>
  const evolve = view.evolve
  const mapped: View<unknown, unknown> = {
    initialState: view.initialState,
    evolve: (state, event) => evolve(state, decode(event)),
  }
  return mapped
}

/**
 * Keeps another state: `to` and `from` must be inverse to each other (an isomorphism), e.g. a
 * record and the tuple of its fields. Each evolve goes through `from` and `to` once. Works on a
 * decider and on a view (its read model).
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
export function mapState<Command, State, Event, Rejection, NewState>(
  decider: Decider<Command, State, Event, Rejection>,
  to: (state: State) => NewState,
  from: (state: NewState) => State,
): Decider<Command, NewState, Event, Rejection>
export function mapState<State, Event, NewState>(
  view: View<State, Event>,
  to: (state: State) => NewState,
  from: (state: NewState) => State,
): View<NewState, Event>
export function mapState(
  kind: object,
  to: (state: unknown) => unknown,
  from: (state: unknown) => unknown,
): object {
  const view = kind as View<unknown, unknown>
  const evolve = view.evolve
  const mappedEvolve = (state: unknown, event: unknown): unknown => to(evolve(from(state), event))
  if (!('decide' in kind)) {
    const mapped: View<unknown, unknown> = {
      initialState: to(view.initialState),
      evolve: mappedEvolve,
    }
    return mapped
  }
  const decider = kind as Decider<unknown, unknown, unknown, unknown>
  const decide = decider.decide
  const isTerminal = decider.isTerminal
  return makeDecider<unknown, unknown, unknown, unknown>(
    to(decider.initialState),
    (command, state) => decide(command, from(state)),
    mappedEvolve,
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

/**
 * Answers other actions: each action the saga triggers is turned by `f`.
 *
 * @example
 * import { mapAction } from 'foldwise'
 * const double = { react: (n: number) => [n, n] }
 * assert.deepStrictEqual(mapAction(double, (n) => ({ type: 'Ping', n })).react(7), [
 *   { type: 'Ping', n: 7 },
 *   { type: 'Ping', n: 7 },
 * ])
 *
 * @category combinators
 * @since 0.1.0
 */
export const mapAction = <Event, Action, NewAction>(
  saga: Saga<Event, Action>,
  f: (action: Action) => NewAction,
): Saga<Event, NewAction> => {
  const react = saga.react
  return {
    react: (event) => {
      const actions = react(event)
      if (actions.length === 0) return noActions
      const mapped = new Array<NewAction>(actions.length)
      for (let i = 0; i < actions.length; i++) mapped[i] = f(actions[i] as Action)
      return mapped
    },
  }
}

/**
 * Sees a wider stream of events, of which only those `accepts` lets through reach the view or
 * the saga: a view leaves its state as it is for the rest, a saga does not react to them. How a
 * view or saga of some events joins a stream of wider ones (and how two views of different
 * events become views of the same events, for `combine`).
 *
 * @example
 * import { filterEvents, fold } from 'foldwise'
 * type Deposited = { readonly type: 'Deposited'; readonly amount: number }
 * type Closed = { readonly type: 'Closed' }
 * const deposits = { initialState: 0, evolve: (n: number, e: Deposited) => n + e.amount }
 * const view = filterEvents(deposits, (e: Deposited | Closed): e is Deposited => e.type === 'Deposited')
 * assert.strictEqual(fold(view)([{ type: 'Deposited', amount: 4 }, { type: 'Closed' }]), 4)
 *
 * @category combinators
 * @since 0.1.0
 */
export function filterEvents<Event, Action, WiderEvent>(
  saga: Saga<Event, Action>,
  accepts: (event: WiderEvent) => event is WiderEvent & Event,
): Saga<WiderEvent, Action>
export function filterEvents<State, Event, WiderEvent>(
  view: View<State, Event>,
  accepts: (event: WiderEvent) => event is WiderEvent & Event,
): View<State, WiderEvent>
export function filterEvents(kind: object, accepts: (event: unknown) => boolean): object {
  if ('react' in kind) {
    const react = (kind as Saga<unknown, unknown>).react
    const saga: Saga<unknown, unknown> = {
      react: (event) => (accepts(event) ? react(event) : noActions),
    }
    return saga
  }
  const view = kind as View<unknown, unknown>
  const evolve = view.evolve
  const filtered: View<unknown, unknown> = {
    initialState: view.initialState,
    evolve: (state, event) => (accepts(event) ? evolve(state, event) : state),
  }
  return filtered
}
