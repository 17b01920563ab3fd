/**
 * The view: a projection of events into a read model (`initialState`, `evolve`), the query side
 * of a decider. Every decider is also a view of its own events.
 *
 * Laws (property-tested in test/kernel/View.prop.test.ts): `combineViews` is associative up to
 * `[[x, y], z] <-> [x, [y, z]]`, `neutralView` is its identity up to `[null, s] <-> s`, and the
 * halves of a combined fold are the folds of each view. A view is folded with the kernel's one
 * `fold` / `foldFrom` (they take anything with `initialState` and `evolve`).
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A projection of events into a read model.
 *
 * @category model
 * @since 0.1.0
 */
export interface View<State, Event> {
  readonly initialState: State
  readonly evolve: (state: State, event: Event) => State
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The view that sees nothing: the identity of `combineViews`. Its state is `null`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const neutralView: View<null, unknown> = {
  initialState: null,
  evolve: (state) => state,
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * Two views as one: every event goes to both, the state is the pair of both states (a new pair
 * only when a side changed). To combine views of different events, widen them first with
 * `filterViewEvents`.
 *
 * @example
 * import { combineViews, fold } from 'foldwise'
 * const count = { initialState: 0, evolve: (n: number, _: string) => n + 1 }
 * const longest = { initialState: '', evolve: (s: string, e: string) => (e.length > s.length ? e : s) }
 * assert.deepStrictEqual(fold(combineViews(count, longest))(['a', 'abc', 'ab']), [3, 'abc'])
 *
 * @category combinators
 * @since 0.1.0
 */
export const combineViews = <LeftState, RightState, Event>(
  left: View<LeftState, Event>,
  right: View<RightState, Event>,
): View<readonly [LeftState, RightState], Event> => {
  const leftEvolve = left.evolve
  const rightEvolve = right.evolve
  return {
    initialState: [left.initialState, right.initialState],
    evolve: (state, event) => {
      const l = leftEvolve(state[0], event)
      const r = rightEvolve(state[1], event)
      return l === state[0] && r === state[1] ? state : [l, r]
    },
  }
}

/**
 * Sees other events: each is turned into one the view knows before it is evolved.
 *
 * @example
 * import { fold, mapViewEvent } from 'foldwise'
 * const sum = { initialState: 0, evolve: (n: number, e: number) => n + e }
 * assert.strictEqual(fold(mapViewEvent(sum, (e: { readonly amount: number }) => e.amount))([{ amount: 2 }, { amount: 3 }]), 5)
 *
 * @category combinators
 * @since 0.1.0
 */
export const mapViewEvent = <State, Event, NewEvent>(
  view: View<State, Event>,
  f: (event: NewEvent) => Event,
): View<State, NewEvent> => {
  const evolve = view.evolve
  return { initialState: view.initialState, evolve: (state, event) => evolve(state, f(event)) }
}

/**
 * Keeps another read model, through an isomorphism (`to` and `from` inverse to each other).
 *
 * @category combinators
 * @since 0.1.0
 */
export const mapViewState = <State, Event, NewState>(
  view: View<State, Event>,
  to: (state: State) => NewState,
  from: (state: NewState) => State,
): View<NewState, Event> => {
  const evolve = view.evolve
  return {
    initialState: to(view.initialState),
    evolve: (state, event) => to(evolve(from(state), event)),
  }
}

/**
 * Sees a wider stream of events, evolving only those `accepts` lets through and leaving the
 * state as it is for the rest.
 *
 * @example
 * import { filterViewEvents, fold } from 'foldwise'
 * type Deposited = { readonly type: 'Deposited'; readonly amount: number }
 * type Closed = { readonly type: 'Closed' }
 * const deposits = { initialState: 0, evolve: (n: number, e: Deposited) => n + e.amount }
 * const view = filterViewEvents(deposits, (e: Deposited | Closed): e is Deposited => e.type === 'Deposited')
 * assert.strictEqual(fold(view)([{ type: 'Deposited', amount: 4 }, { type: 'Closed' }]), 4)
 *
 * @category combinators
 * @since 0.1.0
 */
export const filterViewEvents = <State, Event, WiderEvent>(
  view: View<State, Event>,
  accepts: (event: WiderEvent) => event is WiderEvent & Event,
): View<State, WiderEvent> => {
  const evolve = view.evolve
  return {
    initialState: view.initialState,
    evolve: (state, event) => (accepts(event) ? evolve(state, event) : state),
  }
}
