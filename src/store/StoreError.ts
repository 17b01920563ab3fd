/**
 * Store errors: readonly tagged data, returned in Effect's error channel (or a `Left` on the
 * Promise face), never thrown.
 *
 * @since 0.1.0
 */
import type { ExpectedVersion } from './ExpectedVersion.js'

/**
 * The stream's version is not the one the append expected.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface WrongExpectedVersion {
  readonly _tag: 'WrongExpectedVersion'
  readonly streamId: string
  readonly expected: ExpectedVersion
  /** The stream's actual version (0 when the stream does not exist). */
  readonly actual: number
}

/**
 * A stream id the store refuses: empty, too long, or holding control characters.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface InvalidStreamId {
  readonly _tag: 'InvalidStreamId'
  readonly streamId: string
  readonly reason: string
}

/**
 * A damaged record before the tail of a log: the store refuses to write until it is repaired.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface CorruptStore {
  readonly _tag: 'CorruptStore'
  readonly file: string
  readonly offset: number
  readonly reason: string
}

/**
 * The store was closed.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface StoreClosed {
  readonly _tag: 'StoreClosed'
}

/**
 * The store on disk was written by a version of foldwise that reads or locks it differently (a
 * newer format, another lock protocol, or foldwise 0.1's `flock`): sharing it would let two
 * writers in, so it is refused. `reason` says what to do.
 *
 * @category model
 * @since 0.2.0
 * @inline
 */
export interface IncompatibleStore {
  readonly _tag: 'IncompatibleStore'
  readonly path: string
  readonly reason: string
}

/**
 * A write through a store opened only for reading (`readOnly`): nothing was written, and
 * retrying cannot help, so the runtime does not retry it.
 *
 * @category model
 * @since 0.2.0
 * @inline
 */
export interface ReadOnlyStore {
  readonly _tag: 'ReadOnlyStore'
  readonly path: string
}

/**
 * The store could not be reached (I/O failure, lost connection, server restart). Nothing was
 * half-written; the operation may be retried.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface StoreUnavailable {
  readonly _tag: 'StoreUnavailable'
  readonly reason: string
}

/**
 * An append carried an event id the store already holds (a retried append whose first attempt
 * did commit, or an id generator that repeats). Nothing of the append was written.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface DuplicateEventId {
  readonly _tag: 'DuplicateEventId'
  readonly streamId: string
  readonly eventId: string
}

/**
 * The store cannot hold a value of the append (PostgreSQL's `jsonb` refuses `\u0000` in
 * strings, for instance). Nothing of the append was written.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface UnstorableEvent {
  readonly _tag: 'UnstorableEvent'
  readonly streamId: string
  readonly eventId: string
  readonly reason: string
}

/**
 * An argument the store refuses before doing anything: a field of an event to append, an
 * append or read option, a snapshot or a checkpoint whose runtime value is not what the port
 * says (a JavaScript caller, or parsed JSON forwarded as is). `field` names it as the caller
 * wrote it (`events[1].eventId`, `options.limit`, `snapshot.state.items[2]`). Nothing was
 * written and the store stays usable.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface InvalidArgument {
  readonly _tag: 'InvalidArgument'
  /** The operation called: `append`, `readAll`, … (the runtime's own: `handle`, `stateAt`, …) */
  readonly operation: string
  readonly field: string
  readonly reason: string
}

/**
 * Every error a store operation may return: one union, its members told apart by `_tag`. The
 * members are not exported one by one; narrow on the tag, or name one with `Extract`.
 *
 * @example
 * import type { StoreError } from 'foldwise/store'
 * type Conflict = Extract<StoreError, { readonly _tag: 'WrongExpectedVersion' }>
 * const describe = (error: StoreError): string =>
 *   error._tag === 'WrongExpectedVersion' ? `conflict on ${error.streamId}` : error._tag
 * const conflict: Conflict = { _tag: 'WrongExpectedVersion', streamId: 's', expected: 'no_stream', actual: 1 }
 * assert.strictEqual(describe(conflict), 'conflict on s')
 * assert.strictEqual(describe({ _tag: 'StoreClosed' }), 'StoreClosed')
 *
 * @category model
 * @since 0.1.0
 */
export type StoreError =
  | WrongExpectedVersion
  | InvalidStreamId
  | CorruptStore
  | StoreClosed
  | IncompatibleStore
  | ReadOnlyStore
  | StoreUnavailable
  | DuplicateEventId
  | UnstorableEvent
  | InvalidArgument

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** @category constructors @since 0.1.0 */
export const wrongExpectedVersion = (
  streamId: string,
  expected: ExpectedVersion,
  actual: number,
): WrongExpectedVersion => ({ _tag: 'WrongExpectedVersion', streamId, expected, actual })

/** @category constructors @since 0.1.0 */
export const invalidStreamId = (streamId: string, reason: string): InvalidStreamId => ({
  _tag: 'InvalidStreamId',
  streamId,
  reason,
})

/** @category constructors @since 0.1.0 */
export const corruptStore = (file: string, offset: number, reason: string): CorruptStore => ({
  _tag: 'CorruptStore',
  file,
  offset,
  reason,
})

/** @category constructors @since 0.1.0 */
export const storeClosed: StoreClosed = { _tag: 'StoreClosed' }

/** @category constructors @since 0.2.0 */
export const incompatibleStore = (path: string, reason: string): IncompatibleStore => ({
  _tag: 'IncompatibleStore',
  path,
  reason,
})

/** @category constructors @since 0.2.0 */
export const readOnlyStore = (path: string): ReadOnlyStore => ({ _tag: 'ReadOnlyStore', path })

/** @category constructors @since 0.1.0 */
export const storeUnavailable = (reason: string): StoreUnavailable => ({
  _tag: 'StoreUnavailable',
  reason,
})

/** @category constructors @since 0.1.0 */
export const duplicateEventId = (streamId: string, eventId: string): DuplicateEventId => ({
  _tag: 'DuplicateEventId',
  streamId,
  eventId,
})

/** @category constructors @since 0.1.0 */
export const unstorableEvent = (
  streamId: string,
  eventId: string,
  reason: string,
): UnstorableEvent => ({ _tag: 'UnstorableEvent', streamId, eventId, reason })

/**
 * An argument refused before anything is done (see `InvalidArgument`).
 *
 * @example
 * import { formatStoreError } from 'foldwise/store'
 * import { invalidArgument } from './src/store/StoreError.js'
 * const error = invalidArgument('readAll', 'options.limit', 'must be a non-negative safe integer, got NaN')
 * assert.strictEqual(formatStoreError(error), 'readAll: invalid options.limit: must be a non-negative safe integer, got NaN')
 *
 * @category constructors
 * @since 0.1.0
 */
export const invalidArgument = (
  operation: string,
  field: string,
  reason: string,
): InvalidArgument => ({ _tag: 'InvalidArgument', operation, field, reason })

const storeErrorTags: ReadonlySet<string> = new Set<StoreError['_tag']>([
  'WrongExpectedVersion',
  'InvalidStreamId',
  'CorruptStore',
  'StoreClosed',
  'IncompatibleStore',
  'ReadOnlyStore',
  'StoreUnavailable',
  'DuplicateEventId',
  'UnstorableEvent',
  'InvalidArgument',
])

/**
 * Whether a value is one of the store errors (by its `_tag`).
 *
 * @example
 * import { isStoreError } from 'foldwise/store'
 * import { storeClosed } from './src/store/StoreError.js'
 * assert.strictEqual(isStoreError(storeClosed), true)
 * assert.strictEqual(isStoreError({ _tag: 'InsufficientFunds' }), false)
 *
 * @category guards
 * @since 0.1.0
 */
export const isStoreError = (value: unknown): value is StoreError =>
  typeof value === 'object' &&
  value !== null &&
  storeErrorTags.has((value as { readonly _tag?: unknown })._tag as string)

/**
 * One line for a human: what went wrong and where.
 *
 * @category formatting
 * @since 0.1.0
 */
export const formatStoreError = (error: StoreError): string => {
  switch (error._tag) {
    case 'WrongExpectedVersion':
      return `stream ${JSON.stringify(error.streamId)}: expected version ${String(error.expected)}, actual ${error.actual}`
    case 'InvalidStreamId':
      return `invalid stream id ${JSON.stringify(error.streamId.slice(0, 80))}: ${error.reason}`
    case 'CorruptStore':
      return `corrupt store: ${error.file} at byte ${error.offset}: ${error.reason}`
    case 'StoreClosed':
      return 'the store is closed'
    case 'IncompatibleStore':
      return `incompatible store: ${error.path}: ${error.reason}`
    case 'ReadOnlyStore':
      return `${error.path} is open read-only: nothing is written`
    case 'StoreUnavailable':
      return `store unavailable: ${error.reason}`
    case 'DuplicateEventId':
      return `stream ${JSON.stringify(error.streamId)}: event id ${JSON.stringify(error.eventId)} is already stored`
    case 'UnstorableEvent':
      return `stream ${JSON.stringify(error.streamId)}: event ${JSON.stringify(error.eventId)} cannot be stored: ${error.reason}`
    case 'InvalidArgument':
      return `${error.operation}: invalid ${error.field}: ${error.reason}`
  }
}
