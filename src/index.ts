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
 * The same rules hold in every entry point:
 * - `make*` builds a value synchronously and acquires nothing (`makeMemoryStore`); `open*`
 *   acquires resources (a lock, files, a connection pool) and returns an Effect
 *   (`openFileStore`, `openPostgresStore`) with a Promise twin named `open*Promise`
 *   (`openFileStorePromise`, `openPostgresStorePromise`); `to*` derives one face from another
 *   (`toPromiseStore`, `toPromiseHandler`, `toPromiseFollowers`); `run*` runs a long-lived
 *   follower (`runProjection`, `runSaga`);
 * - the runtime's nouns wrap a kernel kind with a name and a codec: a `Projection` runs a
 *   `View`, a `SagaProcess` runs a `Saga`, a `CommandHandler` (from `commandHandler`) runs a
 *   `Decider`; their Promise faces add `Promise` in front (`PromiseCommandHandler`,
 *   `PromiseSagaProcess`);
 * - options mean one thing under one name in every adapter: `now` is the clock that stamps
 *   `recordedAt` when the caller gives none, `pollIntervalMs` the period of the polling
 *   fallback behind `onAppend`;
 * - errors are tagged data named for what is wrong (`WrongExpectedVersion`, `StoreClosed`);
 *   guards are `is*` (`isStoreError`), formatters `format*` (`formatStoreError`).
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
