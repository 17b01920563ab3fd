/**
 * foldwise: the pure kernel. Deciders (aggregates), views (projections) and sagas (reactions)
 * as plain functions, with their combinators and folds. Importing it loads no Node module, no
 * driver and no effect runtime.
 *
 * @since 0.1.0
 */
export type { Decider, Decision } from './kernel/Decider.js'
export { decideAndEvolve, fold, foldFrom } from './kernel/Decider.js'
export type { Route, Typed, TypeSet } from './kernel/combine.js'
export { allToLeft, allToRight, combine, neutral, routeByType } from './kernel/combine.js'
export { mapCommand, mapEvent, mapRejection, mapState } from './kernel/mapDecider.js'
export type { CommandFor, EventFor } from './kernel/many.js'
export { many, stateOf } from './kernel/many.js'
export type { View } from './kernel/View.js'
export {
  combineViews,
  filterViewEvents,
  foldView,
  foldViewFrom,
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
