/**
 * The saga: a pure reaction. Given what happened (an event, usually), it answers the actions
 * (commands, usually) that should follow. It keeps no state and does no I/O; the runtime
 * delivers the actions.
 *
 * A saga is combined and mapped with the kernel's one set of combinators (`combine`, `neutral`,
 * `mapEvent` for what it reacts to, `mapAction` for what it answers, `filterEvents`). Laws
 * (property-tested in test/kernel/Saga.prop.test.ts): `combine` of sagas is associative,
 * `neutral` is its identity, and a combined saga reacts with the left saga's actions followed by
 * the right saga's.
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
