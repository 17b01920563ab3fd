/**
 * Combining deciders: two deciders become one over the union of their commands and events and
 * the pair of their states. A `Route` sends each command and event to the side that owns it, by
 * its discriminant; `neutral` is the decider that owns nothing, the identity of `combine`.
 *
 * Laws (property-tested in test/kernel/combine.prop.test.ts):
 * - associativity: `combine(combine(a, b), c)` and `combine(a, combine(b, c))` decide the same
 *   events and rejections, and their states correspond by `[[x, y], z] <-> [x, [y, z]]`;
 * - identity: `combine(neutral, d)` and `combine(d, neutral)` behave as `d`, their states
 *   corresponding by `[null, s] <-> s` and `[s, null] <-> s`.
 *
 * @since 0.1.0
 */
import { right } from './either.js'
import type { Decider } from './Decider.js'
import { makeDecider } from './internal.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A record discriminated on `type`: the shape of every command and event in foldwise.
 *
 * @category model
 * @since 0.1.0
 */
export interface Typed {
  readonly type: string
}

/**
 * Sends commands and events to the left or the right decider of a `combine`.
 *
 * @category model
 * @since 0.1.0
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
 * The decider that owns no command and no event: the identity of `combine`. Its state is `null`
 * and terminal (it accepts no event), so a combination is terminal exactly when the other side is.
 *
 * @category constructors
 * @since 0.1.0
 */
export const neutral: Decider<never, null, never, never> = {
  initialState: null,
  decide: () => right([]),
  evolve: (state) => state,
  isTerminal: () => true,
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * Two deciders as one: commands and events go where `route` sends them, the state is the pair
 * of both states. Evolving allocates the new pair only when a side's state changed.
 *
 * The combination is terminal when both sides are (a side without `isTerminal` never is).
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
 * @category combinators
 * @since 0.1.0
 */
export const combine = <
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
