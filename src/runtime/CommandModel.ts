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
 * Options of one command.
 *
 * @category model
 * @since 0.1.0
 */
export interface HandleOptions<State> {
  /** Makes the command idempotent on its stream. */
  readonly commandId?: string
  readonly correlationId?: string
  readonly causationId?: string
  /** Extra metadata fields written with every event. */
  readonly metadata?: { readonly [key: string]: Json }
  /** The decider's snapshot policy. Default: never. */
  readonly snapshots?: SnapshotPolicy<State>
  /** Retries after a version conflict. Default: `defaultConflictRetry`. */
  readonly retry?: Schedule.Schedule<unknown, unknown>
  /** How many most recent events are searched for a repeated command id. Default: all. */
  readonly commandIdWindow?: number
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
 * Up to four retries after a version conflict, with jittered exponential backoff from 5 ms.
 *
 * @category constructors
 * @since 0.1.0
 */
export const defaultConflictRetry: Schedule.Schedule<unknown, unknown> = Schedule.exponential(
  '5 millis',
).pipe(Schedule.jittered, Schedule.upTo({ times: 4 }))

// -------------------------------------------------------------------------------------
// guards
// -------------------------------------------------------------------------------------

/**
 * Whether an error is a version conflict (`WrongExpectedVersion`), the one error `handle`
 * retries.
 *
 * @category guards
 * @since 0.1.0
 */
export const isConflict = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  (error as { _tag?: unknown })._tag === 'WrongExpectedVersion'
