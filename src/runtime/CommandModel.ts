/**
 * The vocabulary of command handling: a handler's settings (with their defaults, merged in one
 * place), the options of one command, its outcome and its errors.
 *
 * The retry budget. A version conflict means another writer appended to the stream between
 * this command's load and its append; the command is then caught up and decided again, up to
 * `conflictRetry`'s count (default: 4 retries, 5 attempts, jittered backoff from 5 ms). With N
 * writers racing on one stream, each attempt loses to at most N - 1 others, so a command needs
 * up to about N attempts in the worst case: 5 processes hammering one stream need `times: 8`
 * or more to make a leftover `WrongExpectedVersion` rare (see docs/runtime.md, "Sizing the
 * retry budget"). Commands on different streams never conflict.
 *
 * @since 0.1.0
 */
import { Schedule } from 'effect'
import type { Json } from '../codec/RecordedEvent.js'
import type { StoreError } from '../store/StoreError.js'
import type { EventDecodeFailed, Rejected } from './errors.js'
import { hasTag } from './errors.js'
import type { SnapshotPolicy } from './Snapshots.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What a command handler is configured with, once: everything that belongs to the decider and
 * its stream rather than to one command. Checked when the handler is built: a wrong value (a
 * `NaN` window, a retry that is not a `Schedule`) makes every call of the handler fail with
 * `InvalidArgument` naming the setting.
 *
 * @category model
 * @since 0.1.0
 */
export interface HandlerSettings<State> {
  /** The decider's snapshot policy. Default: never. */
  readonly snapshots?: SnapshotPolicy<State> | undefined
  /** Retries after a version conflict. Default: `defaultConflictRetry` (4 retries). */
  readonly conflictRetry?: Schedule.Schedule<unknown, unknown> | undefined
  /**
   * Retries of each store call that failed with `StoreUnavailable` (a lost connection, a
   * server restart). Default: `defaultUnavailableRetry`. An append is retried with the same
   * events and event ids at the same expected version, so it commits at most once.
   */
  readonly unavailableRetry?: Schedule.Schedule<unknown, unknown> | undefined
  /**
   * Command ids are remembered for the last this many events of a stream. Default:
   * `defaultCommandIdWindow` (1,000); `Infinity` searches the whole stream.
   */
  readonly commandIdWindow?: number | undefined
  /**
   * Streams whose state this handler keeps in memory (0 turns the cache off). Default: the
   * runtime store's `cacheSize` (10,000). The first handler of a decider on a store sets it.
   */
  readonly cacheSize?: number | undefined
}

/**
 * Settings with every default filled in.
 *
 * @category model
 * @since 0.1.0
 */
export interface ResolvedSettings<State> {
  readonly snapshots: SnapshotPolicy<State> | undefined
  readonly conflictRetry: Schedule.Schedule<unknown, unknown>
  readonly unavailableRetry: Schedule.Schedule<unknown, unknown>
  readonly commandIdWindow: number
  /** `undefined`: the store's own default (`RuntimeStoreOptions.cacheSize`). */
  readonly cacheSize: number | undefined
}

/**
 * Options of one command. Every field may also be given as `undefined` (the default).
 *
 * @category model
 * @since 0.1.0
 */
export interface CommandOptions {
  /** Makes the command idempotent on its stream (see `commandIdWindow`). */
  readonly commandId?: string | undefined
  readonly correlationId?: string | undefined
  readonly causationId?: string | undefined
  /**
   * Extra metadata fields written with every event. The fields the runtime writes itself
   * (`recordedAt`, `commandId`, `correlationId`, `causationId`) are refused here.
   */
  readonly metadata?: { readonly [key: string]: Json } | undefined
}

/**
 * The result of a handled command.
 *
 * @category model
 * @since 0.1.0
 */
export interface Outcome<State, Event> {
  readonly events: ReadonlyArray<Event>
  readonly state: State
  readonly version: number
}

/**
 * What a command may fail with: the domain's rejection (wrapped in `Rejected`), a store error,
 * or an unreadable event. The runtime refuses a wrong setting or option as the store's
 * `InvalidArgument`, naming it (`settings.cacheSize`, `options.commandId`).
 *
 * @category model
 * @since 0.1.0
 */
export type HandleError<Rejection> = Rejected<Rejection> | StoreError | EventDecodeFailed

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The options of a command given none (shared, so a call without options allocates none).
 *
 * @category constructors
 * @since 0.1.0
 */
export const noCommandOptions: CommandOptions = Object.freeze({})

/**
 * Up to four retries after a version conflict, with jittered exponential backoff from 5 ms.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaultConflictRetry: Schedule.Schedule<unknown, unknown> = Schedule.exponential(
  '5 millis',
).pipe(Schedule.jittered, Schedule.upTo({ times: 4 }))

/**
 * Up to eight retries of a store call that failed with `StoreUnavailable`, with jittered
 * exponential backoff from 50 ms capped at one second: about four and a half seconds in all,
 * enough to ride out a PostgreSQL restart or a dropped connection.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaultUnavailableRetry: Schedule.Schedule<unknown, unknown> = Schedule.min([
  Schedule.exponential('50 millis'),
  Schedule.spaced('1 second'),
]).pipe(Schedule.jittered, Schedule.upTo({ times: 8 }))

/**
 * How many most recent events of a stream are searched for a repeated command id by default.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaultCommandIdWindow = 1_000

/**
 * A conflict retry sized for `writers` processes (or fibers in different processes) racing on
 * one stream: each attempt can lose to every other writer once, so the budget grows with them.
 * Jittered exponential backoff from 5 ms, capped at 200 ms between tries.
 *
 * @example
 * import { retryBudget } from 'foldwise/runtime'
 * import { Schedule } from 'effect'
 * assert.ok(Schedule.isSchedule(retryBudget({ writers: 5 })))
 *
 * @category constructors
 * @since 0.1.0
 */
export const retryBudget = (sizing: {
  readonly writers: number
}): Schedule.Schedule<unknown, unknown> =>
  Schedule.min([Schedule.exponential('5 millis'), Schedule.spaced('200 millis')]).pipe(
    Schedule.jittered,
    Schedule.upTo({ times: Math.max(4, 2 * Math.ceil(sizing.writers)) }),
  )

/**
 * A handler's settings with the defaults filled in: the one place defaults are merged.
 *
 * @category constructors
 * @since 0.1.0
 */
export const resolveSettings = <State>(
  settings: HandlerSettings<State> = {},
): ResolvedSettings<State> => ({
  snapshots: settings.snapshots ?? undefined,
  conflictRetry: settings.conflictRetry ?? defaultConflictRetry,
  unavailableRetry: settings.unavailableRetry ?? defaultUnavailableRetry,
  commandIdWindow: settings.commandIdWindow ?? defaultCommandIdWindow,
  cacheSize: settings.cacheSize,
})

// -------------------------------------------------------------------------------------
// guards
// -------------------------------------------------------------------------------------

/**
 * Whether a store or runtime error is a version conflict (`WrongExpectedVersion`), which a
 * handler retries under `conflictRetry`. Domain rejections arrive wrapped in `Rejected`, so
 * their own tags never count.
 *
 * @category guards
 * @since 0.1.0
 */
export const isConflict: (error: HandleError<unknown>) => boolean = hasTag('WrongExpectedVersion')

/**
 * Whether a store or runtime error is `StoreUnavailable`, retried under `unavailableRetry`.
 *
 * @category guards
 * @since 0.1.0
 */
export const isUnavailable: (error: HandleError<unknown>) => boolean = hasTag('StoreUnavailable')
