/**
 * foldwise: the pure kernel. Deciders (aggregates), views (projections) and sagas (reactions)
 * as plain functions, with their combinators and folds. Importing it loads no Node module, no
 * driver and no effect runtime.
 *
 * Naming, one scheme for the three kinds:
 * - a Decider's combinators have bare names: `combine`, `neutral`, `mapCommand`, `mapEvent`,
 *   `mapState`, `mapRejection`, `many`;
 * - a View's or a Saga's counterpart is the same verb with the kind after it: `combineViews` /
 *   `combineSagas`, `neutralView` / `neutralSaga`, `mapViewEvent` / `mapViewState`,
 *   `filterViewEvents`; a Saga's parts are named for what it handles: `mapSagaAction`,
 *   `mapSagaActionResult`, `filterSagaActionResults`;
 * - folding is one pair for every kind: `fold` and `foldFrom` take anything with `initialState`
 *   and `evolve` (a decider or a view), so there is no `foldView`.
 *
 * @since 0.1.0
 */
export type { Decider, Decision } from './kernel/Decider.js'
export { decideAndEvolve, fold, foldFrom } from './kernel/Decider.js'
export type { Route } from './kernel/combine.js'
export { allToLeft, allToRight, combine, neutral, routeByType } from './kernel/combine.js'
export { mapCommand, mapEvent, mapRejection, mapState } from './kernel/mapDecider.js'
export { many, stateOf } from './kernel/many.js'
export type { View } from './kernel/View.js'
export {
  combineViews,
  filterViewEvents,
  mapViewEvent,
  mapViewState,
  neutralView,
} from './kernel/View.js'
export type { Saga } from './kernel/Saga.js'
export {
  combineSagas,
  filterSagaActionResults,
  mapSagaAction,
  mapSagaActionResult,
  neutralSaga,
} from './kernel/Saga.js'
