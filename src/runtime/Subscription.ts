/**
 * A catch-up subscription over the store-wide log: it delivers the stored events from a
 * position in order, then the new ones as they are appended, as an Effect `Stream`. It is
 * pull-based: a page is read only when the consumer asks for more (back-pressure), and a
 * caught-up subscription sleeps until the store's `onAppend` notification wakes it.
 *
 * A subscription that follows (no `stopWhenCaughtUp`) runs until it is interrupted or fails
 * with an error that says why: while it waits it keeps the Node process alive (the adapters'
 * watchers and poll timers do not, on purpose), and a `StoreUnavailable` (a lost connection,
 * a database restart) is retried with backoff from the same position (Reconnect.ts). A store
 * closed under a waiting subscription ends it with `StoreClosed`: closing wakes it.
 *
 * @since 0.1.0
 */
import { Effect, Option, Stream } from 'effect'
import type { RecordedEvent } from '../codec/RecordedEvent.js'
import type { StoreError } from '../store/StoreError.js'
import type { ReconnectPolicy } from './Reconnect.js'
import { retryWhileUnavailable } from './Reconnect.js'
import { EventStoreService } from './services.js'
import { checkFollowOptions } from './ReadArguments.js'

/**
 * Options of a subscription.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface SubscribeOptions {
  /** The first global position delivered (inclusive). Default 1. */
  readonly fromPosition?: number
  /** Events read per page. Default 1,000. */
  readonly pageSize?: number
  /** End the stream once caught up instead of waiting for new events. Default false. */
  readonly stopWhenCaughtUp?: boolean
  /** How an unavailable store is retried. Default: backoff from 100 ms to 5 s, no bound. */
  readonly reconnect?: ReconnectPolicy
}

/** Longer than any wait; the timer only holds the event loop open. */
const keepAliveMs = 2 ** 30

/**
 * Holds the Node process alive while the scope is open: a follower waiting for events is work
 * in progress even when no socket or timer of the adapter is pending.
 */
const keepProcessAlive = Effect.acquireRelease(
  Effect.sync(() => setInterval(() => undefined, keepAliveMs)),
  (timer) => Effect.sync(() => clearInterval(timer)),
)

/**
 * Subscribes to every event from `fromPosition` on.
 *
 * @example
 * import { Effect, Stream } from 'effect'
 * import { makeMemoryStore } from 'foldwise/adapters/memory'
 * import { EventStoreService, subscribeAll } from 'foldwise/runtime'
 * const events = await Effect.runPromise(
 *   Stream.runCollect(subscribeAll({ stopWhenCaughtUp: true })).pipe(Effect.provide(EventStoreService.layer(makeMemoryStore()))),
 * )
 * assert.strictEqual(events.length, 0)
 *
 * @category constructors
 * @since 0.1.0
 */
export const subscribeAll = (
  options: SubscribeOptions = {},
): Stream.Stream<RecordedEvent, StoreError, EventStoreService> =>
  Stream.unwrap(
    Effect.gen(function* () {
      const refused = checkFollowOptions('subscribeAll', options)
      if (refused !== undefined) return yield* Effect.fail(refused)
      const store = yield* EventStoreService
      const pageSize = options.pageSize ?? 1_000
      const reconnect = options.reconnect ?? {}
      if (options.stopWhenCaughtUp !== true) yield* keepProcessAlive
      // Counts notifications, so one that lands between a read and the wait is not lost.
      let notified = 0
      let wake: (() => void) | undefined
      yield* Effect.acquireRelease(
        retryWhileUnavailable(
          store.events.onAppend(() => {
            notified++
            const resume = wake
            wake = undefined
            if (resume !== undefined) resume()
          }),
          reconnect,
          'subscription (onAppend)',
        ),
        (unsubscribe) => Effect.sync(unsubscribe),
      )
      // The store wakes its listeners once more when it closes (EventStore's `onAppend`), so
      // a wait never outlives the store: the next read meets `StoreClosed`.
      const waitFor = (seen: number): Effect.Effect<void> =>
        Effect.callback<void>((resume) => {
          if (notified !== seen) return resume(Effect.void)
          wake = () => resume(Effect.void)
          return Effect.sync(() => {
            wake = undefined
          })
        })
      const nextPage = (
        position: number,
      ): Effect.Effect<ReadonlyArray<RecordedEvent>, StoreError> =>
        Effect.gen(function* () {
          for (;;) {
            const seen = notified
            const page = yield* retryWhileUnavailable(
              store.events.readAll({ fromPosition: position, limit: pageSize }),
              reconnect,
              `subscription (reading from position ${position})`,
            )
            if (page.length > 0 || options.stopWhenCaughtUp === true) return page
            yield* waitFor(seen)
          }
        })
      return Stream.paginate(options.fromPosition ?? 1, (position: number) =>
        Effect.map(nextPage(position), (page) => {
          const last = page[page.length - 1]
          const next: Option.Option<number> =
            last === undefined ? Option.none() : Option.some(last.globalPosition + 1)
          return [page, next] as const
        }),
      )
    }),
  )
