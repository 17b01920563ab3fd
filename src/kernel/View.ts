/**
 * The view: a projection of events into a read model (`initialState`, `evolve`), the query side
 * of a decider. Every decider is also a view of its own events.
 *
 * A view is combined, mapped and folded with the kernel's one set of combinators (`combine`,
 * `neutral`, `mapEvent`, `mapState`, `filterEvents`, `fold`, `foldFrom`). Laws
 * (property-tested in test/kernel/View.prop.test.ts): `combine` of views is associative up to
 * `[[x, y], z] <-> [x, [y, z]]`, `neutral` is its identity up to `[null, s] <-> s`, and the
 * halves of a combined fold are the folds of each view.
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
