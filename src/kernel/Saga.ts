/**
 * The saga: a pure reaction. Given what happened (an event, usually), it answers the actions
 * (commands, usually) that should follow. It keeps no state and does no I/O; the runtime
 * delivers the actions.
 *
 * Laws (property-tested in test/kernel/Saga.prop.test.ts): `combineSagas` is associative,
 * `neutralSaga` is its identity, and a combined saga reacts with the left saga's actions followed
 * by the right saga's.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A pure reaction from an action result (an event) to the actions (commands) it triggers.
 *
 * @category model
 * @since 0.1.0
 */
export interface Saga<ActionResult, Action> {
  readonly react: (actionResult: ActionResult) => ReadonlyArray<Action>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const noActions: ReadonlyArray<never> = Object.freeze([])

/**
 * The saga that never reacts: the identity of `combineSagas`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const neutralSaga: Saga<unknown, never> = { react: () => noActions }

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * Two sagas as one: both react to every action result, the left's actions first. When one side
 * has nothing to say, the other's array is returned as it is.
 *
 * @example
 * import { combineSagas } from 'foldwise'
 * type Event = { readonly type: 'AccountOpened'; readonly owner: string }
 * const welcome = { react: (e: Event) => [{ type: 'SendWelcome', to: e.owner }] }
 * const audit = { react: (e: Event) => [{ type: 'Audit', what: e.type }] }
 * assert.deepStrictEqual(combineSagas(welcome, audit).react({ type: 'AccountOpened', owner: 'Ada' }), [
 *   { type: 'SendWelcome', to: 'Ada' },
 *   { type: 'Audit', what: 'AccountOpened' },
 * ])
 *
 * @category combinators
 * @since 0.1.0
 */
export const combineSagas = <ActionResult, LeftAction, RightAction>(
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
 * Reacts to other action results: each is turned into one the saga knows first.
 *
 * @category combinators
 * @since 0.1.0
 */
export const mapSagaActionResult = <ActionResult, Action, NewActionResult>(
  saga: Saga<ActionResult, Action>,
  f: (actionResult: NewActionResult) => ActionResult,
): Saga<NewActionResult, Action> => {
  const react = saga.react
  return { react: (actionResult) => react(f(actionResult)) }
}

/**
 * Answers other actions: each action the saga triggers is turned by `f`.
 *
 * @example
 * import { mapSagaAction } from 'foldwise'
 * const double = { react: (n: number) => [n, n] }
 * assert.deepStrictEqual(mapSagaAction(double, (n) => ({ type: 'Ping', n })).react(7), [
 *   { type: 'Ping', n: 7 },
 *   { type: 'Ping', n: 7 },
 * ])
 *
 * @category combinators
 * @since 0.1.0
 */
export const mapSagaAction = <ActionResult, Action, NewAction>(
  saga: Saga<ActionResult, Action>,
  f: (action: Action) => NewAction,
): Saga<ActionResult, NewAction> => {
  const react = saga.react
  return {
    react: (actionResult) => {
      const actions = react(actionResult)
      if (actions.length === 0) return noActions
      const mapped = new Array<NewAction>(actions.length)
      for (let i = 0; i < actions.length; i++) mapped[i] = f(actions[i] as Action)
      return mapped
    },
  }
}

/**
 * Keeps only the action results `accepts` lets through, reacting to nothing else: how a saga
 * of some events joins a stream of wider events.
 *
 * @category combinators
 * @since 0.1.0
 */
export const filterSagaActionResults = <ActionResult, Action, WiderActionResult>(
  saga: Saga<ActionResult, Action>,
  accepts: (actionResult: WiderActionResult) => actionResult is WiderActionResult & ActionResult,
): Saga<WiderActionResult, Action> => {
  const react = saga.react
  return { react: (actionResult) => (accepts(actionResult) ? react(actionResult) : noActions) }
}
