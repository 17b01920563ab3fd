/**
 * The synchronous face of a store's append, for stores that do their work in the calling
 * thread (the in-memory store). The runtime's fast path calls it directly and finishes a
 * command without running the store's effect, a fiber or an uninterruptible section: nothing
 * can interleave with a synchronous call, so the stream's lock need not even be taken.
 *
 * The face hangs on the `append` function itself, not on the store object: a wrapper that
 * replaces `append` (to count calls, inject faults, trace) hides it, so the runtime falls back
 * to the effect and the wrapper sees every append. A wrapper that keeps `append` as it is
 * keeps the face, and with it the same behaviour. The face must behave exactly as `append`
 * run synchronously: same checks, same records, same errors.
 *
 * @since 0.1.0
 */
import type { EventToAppend } from '../codec/RecordedEvent.js'
import type { AppendOptions, AppendResult, EventStore } from './EventStore.js'
import type { StoreError } from './StoreError.js'

/**
 * An append run synchronously: the result, or the error `append` would fail with.
 *
 * @category model
 * @since 0.1.0
 */
export type SyncAppend = (
  streamId: string,
  events: ReadonlyArray<EventToAppend>,
  options: AppendOptions,
) => AppendResult | StoreError

/** A registry key, so two copies of this module (two bundles) still agree. */
const syncAppendKey: unique symbol = Symbol.for('foldwise/runtime/SyncAppend')

type WithSync = EventStore['append'] & { readonly [syncAppendKey]?: SyncAppend }

/**
 * `append` carrying its synchronous face.
 *
 * @category constructors
 * @since 0.1.0
 */
export const withSyncAppend = (
  append: EventStore['append'],
  sync: SyncAppend,
): EventStore['append'] => {
  Object.defineProperty(append, syncAppendKey, { value: sync })
  return append
}

/**
 * The synchronous face of `append`, when it has one.
 *
 * @category guards
 * @since 0.1.0
 */
export const syncAppendOf = (append: EventStore['append']): SyncAppend | undefined =>
  (append as WithSync)[syncAppendKey]

/**
 * Whether a synchronous append failed (an `AppendResult` has no `_tag`).
 *
 * @category guards
 * @since 0.1.0
 */
export const isAppendError = (result: AppendResult | StoreError): result is StoreError =>
  '_tag' in result
