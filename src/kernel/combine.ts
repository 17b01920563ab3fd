/**
 * Combining: two deciders, two views or two sagas become one, and `neutral` is the identity of
 * all three. Two deciders become one over the union of their commands and events and the pair
 * of their states, a `Route` sending each command and event to the side that owns it; two views
 * see every event and keep the pair of their states; two sagas both react, the left first.
 *
 * Laws (property-tested in test/kernel/combine.prop.test.ts, View.prop.test.ts and
 * Saga.prop.test.ts):
 * - associativity: `combine(combine(a, b), c)` and `combine(a, combine(b, c))` decide (fold,
 *   react) alike, their states corresponding by `[[x, y], z] <-> [x, [y, z]]`;
 * - identity: `combine(neutral, d)` and `combine(d, neutral)` behave as `d`, their states
 *   corresponding by `[null, s] <-> s` and `[s, null] <-> s`.
 *
 * @since 0.1.0
 */
import { right } from './either.js'
import type { Decider } from './Decider.js'
import { makeDecider } from './internal.js'
import type { Saga } from './Saga.js'
import type { View } from './View.js'

const noActions: ReadonlyArray<never> = Object.freeze([])

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A record discriminated on `type`: the shape of every command and event in foldwise.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface Typed {
  readonly type: string
}

/**
 * Sends commands and events to the left or the right decider of a `combine`.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface Route<LeftCommand, RightCommand, LeftEvent, RightEvent> {
  readonly isLeftCommand: (command: LeftCommand | RightCommand) => command is LeftCommand
  readonly isLeftEvent: (event: LeftEvent | RightEvent) => event is LeftEvent
}

/**
 * Every `type` of a union, each exactly once: `{ OpenAccount: true, Deposit: true, ... }`. The
 * compiler checks the list is complete and holds nothing else.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export type TypeSet<A extends Typed> = { readonly [K in A['type']]: true }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The route that sends to the left every command and event whose `type` the left decider owns.
 * The left decider is passed only so its command and event types are inferred.
 *
 * @example
 * import { routeByType } from 'foldwise'
 * import { right } from 'fp-ts/lib/Either.js'
 * type Inc = { readonly type: 'Inc' }
 * type Incremented = { readonly type: 'Incremented' }
 * const counter = {
 *   initialState: 0,
 *   decide: (_: Inc, __: number) => right([{ type: 'Incremented' } as Incremented]),
 *   evolve: (n: number, _: Incremented) => n + 1,
 * }
 * const route = routeByType(counter, { commands: { Inc: true }, events: { Incremented: true } })
 * assert.strictEqual(route.isLeftEvent({ type: 'Incremented' }), true)
 * assert.strictEqual(route.isLeftEvent({ type: 'Toggled' }), false)
 *
 * @category constructors
 * @since 0.1.0
 */
export const routeByType = <Command extends Typed, State, Event extends Typed, Rejection>(
  _left: Decider<Command, State, Event, Rejection>,
  types: { readonly commands: TypeSet<Command>; readonly events: TypeSet<Event> },
): Route<Command, Typed, Event, Typed> => {
  const commands: ReadonlySet<string> = new Set(Object.keys(types.commands))
  const events: ReadonlySet<string> = new Set(Object.keys(types.events))
  return {
    isLeftCommand: (command): command is Command => commands.has(command.type),
    isLeftEvent: (event): event is Event => events.has(event.type),
  }
}

/**
 * The route that sends everything left: for `combine(decider, neutral, allToLeft())`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const allToLeft = <LeftCommand, LeftEvent>(): Route<
  LeftCommand,
  never,
  LeftEvent,
  never
> => ({
  isLeftCommand: (_command): _command is LeftCommand => true,
  isLeftEvent: (_event): _event is LeftEvent => true,
})

/**
 * The route that sends everything right: for `combine(neutral, decider, allToRight())`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const allToRight = <RightCommand, RightEvent>(): Route<
  never,
  RightCommand,
  never,
  RightEvent
> => ({
  isLeftCommand: (_command): _command is never => false,
  isLeftEvent: (_event): _event is never => false,
})

/**
 * What owns nothing: the identity of `combine` for deciders, views and sagas alike. As a decider
 * it accepts no command and decides nothing, its state `null` and terminal (so a combination is
 * terminal exactly when the other side is); as a view it sees every event and keeps `null`; as a
 * saga it never reacts.
 *
 * @example
 * import { combine, fold, neutral } from 'foldwise'
 * const count = { initialState: 0, evolve: (n: number, _: string) => n + 1 }
 * assert.deepStrictEqual(fold(combine(count, neutral))(['a', 'b']), [2, null])
 * const echo = { react: (e: string) => [e] }
 * assert.deepStrictEqual(combine(neutral, echo).react('hi'), ['hi'])
 *
 * @category constructors
 * @since 0.1.0
 */
export const neutral: Decider<never, null, never, never> &
  Saga<unknown, never> &
  View<null, unknown> = {
  initialState: null,
  decide: () => right([]),
  evolve: (state: null) => state,
  isTerminal: () => true,
  react: () => noActions,
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

const combineDeciders = <
  LeftCommand,
  LeftState,
  LeftEvent,
  LeftRejection,
  RightCommand,
  RightState,
  RightEvent,
  RightRejection,
>(
  left: Decider<LeftCommand, LeftState, LeftEvent, LeftRejection>,
  right: Decider<RightCommand, RightState, RightEvent, RightRejection>,
  route: Route<LeftCommand, RightCommand, LeftEvent, RightEvent>,
): Decider<
  LeftCommand | RightCommand,
  readonly [LeftState, RightState],
  LeftEvent | RightEvent,
  LeftRejection | RightRejection
> => {
  const { isLeftCommand, isLeftEvent } = route
  const leftDecide = left.decide
  const rightDecide = right.decide
  const leftEvolve = left.evolve
  const rightEvolve = right.evolve
  const leftTerminal = left.isTerminal
  const rightTerminal = right.isTerminal
  type State = readonly [LeftState, RightState]
  return makeDecider<
    LeftCommand | RightCommand,
    State,
    LeftEvent | RightEvent,
    LeftRejection | RightRejection
  >(
    [left.initialState, right.initialState],
    (command, state) =>
      isLeftCommand(command) ? leftDecide(command, state[0]) : rightDecide(command, state[1]),
    (state, event): State => {
      if (isLeftEvent(event)) {
        const next = leftEvolve(state[0], event)
        return next === state[0] ? state : [next, state[1]]
      }
      const next = rightEvolve(state[1], event)
      return next === state[1] ? state : [state[0], next]
    },
    leftTerminal === undefined || rightTerminal === undefined
      ? undefined
      : (state) => leftTerminal(state[0]) && rightTerminal(state[1]),
  )
}

const combineViews = <LeftState, RightState, Event>(
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

const combineSagas = <ActionResult, LeftAction, RightAction>(
  left: Saga<ActionResult, LeftAction>,
  right: Saga<ActionResult, RightAction>,
): Saga<ActionResult, LeftAction | RightAction> => {
  const leftReact = left.react
  const rightReact = right.react
  return {
    react: (actionResult) => {
      const l = leftReact(actionResult)
      const r = rightReact(actionResult)
      if (r.length === 0) return l
      if (l.length === 0) return r
      return [...l, ...r]
    },
  }
}

/**
 * Two as one, for each kind:
 * - two deciders and a `route`: commands and events go where `route` sends them, the state is
 *   the pair of both states, and the combination is terminal when both sides are (a side without
 *   `isTerminal` never is);
 * - two views of the same events: every event goes to both, the state is the pair of both
 *   states (to combine views of different events, widen them first with `filterEvents`);
 * - two sagas of the same events: both react to every event, the left's actions first.
 *
 * Evolving allocates a new pair only when a side's state changed; a saga side with nothing to
 * say hands the other side's array back as it is.
 *
 * @example
 * import { combine, fold, routeByType } from 'foldwise'
 * import { right } from 'fp-ts/lib/Either.js'
 * type Inc = { readonly type: 'Inc' }
 * type Incremented = { readonly type: 'Incremented' }
 * type Toggle = { readonly type: 'Toggle' }
 * type Toggled = { readonly type: 'Toggled' }
 * const counter = {
 *   initialState: 0,
 *   decide: (_: Inc, __: number) => right([{ type: 'Incremented' } as Incremented]),
 *   evolve: (n: number, _: Incremented) => n + 1,
 * }
 * const toggle = {
 *   initialState: false,
 *   decide: (_: Toggle, __: boolean) => right([{ type: 'Toggled' } as Toggled]),
 *   evolve: (on: boolean, _: Toggled) => !on,
 * }
 * const both = combine(counter, toggle, routeByType(counter, { commands: { Inc: true }, events: { Incremented: true } }))
 * const events: ReadonlyArray<Incremented | Toggled> = [{ type: 'Incremented' }, { type: 'Toggled' }, { type: 'Incremented' }]
 * assert.deepStrictEqual(fold(both)(events), [2, true])
 *
 * const count = { initialState: 0, evolve: (n: number, _: string) => n + 1 }
 * const longest = { initialState: '', evolve: (s: string, e: string) => (e.length > s.length ? e : s) }
 * assert.deepStrictEqual(fold(combine(count, longest))(['a', 'abc', 'ab']), [3, 'abc'])
 *
 * const welcome = { react: (owner: string) => [{ type: 'SendWelcome', to: owner }] }
 * const audit = { react: (owner: string) => [{ type: 'Audit', who: owner }] }
 * assert.deepStrictEqual(combine(welcome, audit).react('Ada'), [
 *   { type: 'SendWelcome', to: 'Ada' },
 *   { type: 'Audit', who: 'Ada' },
 * ])
 *
 * @category combinators
 * @since 0.1.0
 */
export function combine<Command, State, Event, Rejection>(
  left: Decider<Command, State, Event, Rejection>,
  right: typeof neutral,
  route: Route<Command, never, Event, never>,
): Decider<Command, readonly [State, null], Event, Rejection>
export function combine<Command, State, Event, Rejection>(
  left: typeof neutral,
  right: Decider<Command, State, Event, Rejection>,
  route: Route<never, Command, never, Event>,
): Decider<Command, readonly [null, State], Event, Rejection>
export function combine<
  LeftCommand,
  LeftState,
  LeftEvent,
  LeftRejection,
  RightCommand,
  RightState,
  RightEvent,
  RightRejection,
>(
  left: Decider<LeftCommand, LeftState, LeftEvent, LeftRejection>,
  right: Decider<RightCommand, RightState, RightEvent, RightRejection>,
  route: NoInfer<Route<LeftCommand, RightCommand, LeftEvent, RightEvent>>,
): Decider<
  LeftCommand | RightCommand,
  readonly [LeftState, RightState],
  LeftEvent | RightEvent,
  LeftRejection | RightRejection
>
export function combine<ActionResult, LeftAction, RightAction>(
  left: Saga<ActionResult, LeftAction>,
  right: Saga<ActionResult, RightAction>,
): Saga<ActionResult, LeftAction | RightAction>
export function combine<LeftState, RightState, Event>(
  left: View<LeftState, Event>,
  right: View<RightState, Event>,
): View<readonly [LeftState, RightState], Event>
export function combine(left: object, right: object, route?: object): object {
  if (route !== undefined)
    return combineDeciders(
      left as Decider<unknown, unknown, unknown, unknown>,
      right as Decider<unknown, unknown, unknown, unknown>,
      route as Route<unknown, unknown, unknown, unknown>,
    )
  if ('react' in left && 'react' in right)
    return combineSagas(left as Saga<unknown, unknown>, right as Saga<unknown, unknown>)
  return combineViews(left as View<unknown, unknown>, right as View<unknown, unknown>)
}
