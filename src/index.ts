/**
 * foldwise: the pure kernel. Deciders (aggregates), views (projections) and sagas (reactions)
 * as plain functions, with their combinators and folds. Importing it loads no Node module, no
 * driver and no effect runtime.
 *
 * Naming, one scheme for the three kinds: a combinator is named for what it does and the part
 * it acts on, never for the kind it is given; the kind is told by the argument (the overloads
 * keep each kind's types):
 * - `combine` makes two deciders (with a route: `routeByType`), two views or two sagas one;
 *   `neutral` is its identity for every kind;
 * - `mapX` adapts the part X wherever a kind has it: `mapEvent` (a decider decodes and encodes,
 *   a view or a saga only decodes: a saga's events are the action results it reacts to),
 *   `mapState` (deciders and views, through an isomorphism), `mapCommand` and `mapRejection`
 *   (deciders), `mapAction` (sagas);
 * - `filterEvents` lets a view or a saga see a wider stream of events;
 * - folding is one pair for every kind: `fold` and `foldFrom` take anything with `initialState`
 *   and `evolve` (a decider or a view); `decideAndEvolve` decides, then folds the decision;
 * - `many` runs one decider per id.
 * There is no per-kind twin (`combineViews`, `mapViewEvent`, `neutralSaga`, `foldView`): a new
 * combinator gets one name and an overload per kind it fits.
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
 * - errors are tagged data, each family one exported union (`StoreError`, `DecodeError`,
 *   `CommandDecodeError`, the runtime's `HandleError` and `ProjectionError`) whose members are
 *   told apart by a `_tag` named for what is wrong (`'WrongExpectedVersion'`, `'StoreClosed'`);
 *   a member is named as `Extract<StoreError, { readonly _tag: 'StoreClosed' }>`; guards are
 *   `is*` (`isStoreError`), formatters `format*` (`formatStoreError`);
 * - one constructor per concept, its variants by overload: `eventCodec(definitions)` derives
 *   the event type, `eventCodec<Event>()(definitions)` checks a given one (so `commandCodec`);
 *   `toPromiseStore` derives the Promise face of every store part it is given.
 *
 * @since 0.1.0
 */
export type { Decider } from './kernel/Decider.js'
export { decideAndEvolve, fold, foldFrom } from './kernel/Decider.js'
export type { View } from './kernel/View.js'
export type { Saga } from './kernel/Saga.js'
export { combine, neutral, routeByType } from './kernel/combine.js'
export {
  filterEvents,
  mapAction,
  mapCommand,
  mapEvent,
  mapRejection,
  mapState,
} from './kernel/mapping.js'
export { many } from './kernel/many.js'
