/**
 * The vocabulary of command handling: what `handle` needs of a decider, the options of one
 * command, its outcome and its errors, and the default retry after a version conflict.
 *
 * @since 0.1.0
 */
import { Schedule } from 'effect'
import type { Either } from 'fp-ts/lib/Either.js'
import type { Json } from '../codec/RecordedEvent.js'
import type { StoreError } from '../store/StoreError.js'
import type { EventDecodeFailed } from './errors.js'
import type { SnapshotPolicy } from './Snapshots.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What `handle` needs of a decider (a kernel `Decider` fits).
 *
 * @category model
 * @since 0.1.0
 */
export interface HandledDecider<Command, State, Event, Rejection> {
  readonly initialState: State
  readonly decide: (command: Command, state: State) => Either<Rejection, ReadonlyArray<Event>>
  readonly evolve: (state: State, event: Event) => State
}

/**
 * Options of one command. Every field may also be given as `undefined` (the default), so the
 * options can be built with all fields present and one shape.
 *
 * @category model
 * @since 0.1.0
 */
export interface HandleOptions<State> {
  /** Makes the command idempotent on its stream (see `commandIdWindow`). */
  readonly commandId?: string | undefined
  readonly correlationId?: string | undefined
  readonly causationId?: string | undefined
  /** Extra metadata fields written with every event. */
  readonly metadata?: { readonly [key: string]: Json } | undefined
  /** The decider's snapshot policy. Default: never. */
  readonly snapshots?: SnapshotPolicy<State> | undefined
  /** Retries after a version conflict. Default: `defaultConflictRetry`. */
  readonly retry?: Schedule.Schedule<unknown, unknown> | undefined
  /**
   * Retries of each store call that failed with `StoreUnavailable` (a lost connection, a
   * server restart). Default: `defaultUnavailableRetry`. An append is retried with the same
   * events and event ids at the same expected version, so it commits at most once.
   */
  readonly unavailableRetry?: Schedule.Schedule<unknown, unknown> | undefined
  /**
   * Command ids are remembered for the last this many events of a stream. Default:
   * `defaultCommandIdWindow` (1,000); `Infinity` searches the whole stream (a cold load then
   * reads every event, snapshot or not).
   */
  readonly commandIdWindow?: number | undefined
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
 * What `handle` may fail with: the domain's rejection, a store error, or an unreadable event.
 *
 * @category model
 * @since 0.1.0
 */
export type HandleError<Rejection> = Rejection | StoreError | EventDecodeFailed

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The options of a command given none (shared, so a call without options allocates none).
 *
 * @category constructors
 * @since 0.1.0
 */
export const noHandleOptions: Omit<HandleOptions<unknown>, 'snapshots'> = Object.freeze({})

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
 * How many most recent events of a stream are searched for a repeated command id when the
 * command does not set `commandIdWindow`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaultCommandIdWindow = 1_000

// -------------------------------------------------------------------------------------
// guards
// -------------------------------------------------------------------------------------

/**
 * Whether an error is a version conflict (`WrongExpectedVersion`), which `handle` retries under
 * `retry`.
 *
 * @category guards
 * @since 0.1.0
 */
export const isConflict = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  (error as { _tag?: unknown })._tag === 'WrongExpectedVersion'

/**
 * Whether an error is `StoreUnavailable`, which `handle` retries under `unavailableRetry`.
 *
 * @category guards
 * @since 0.1.0
 */
export const isUnavailable = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  (error as { _tag?: unknown })._tag === 'StoreUnavailable'
