/**
 * A catch-up subscription over the store-wide log: it delivers the stored events from a
 * position in order, then the new ones as they are appended, as an Effect `Stream`. It is
 * pull-based: a page is read only when the consumer asks for more (back-pressure), and a
 * caught-up subscription sleeps until the store's `onAppend` notification wakes it.
 *
 * @since 0.1.0
 */
import { Effect, Option, Stream } from 'effect'
import type { RecordedEvent } from '../codec/RecordedEvent.js'
import type { StoreError } from '../store/StoreError.js'
import { EventStoreService } from './services.js'

/**
 * Options of a subscription.
 *
 * @category model
 * @since 0.1.0
 */
export interface SubscribeOptions {
  /** The first global position delivered (inclusive). Default 1. */
  readonly fromPosition?: number
  /** Events read per page. Default 1,000. */
  readonly pageSize?: number
  /** End the stream once caught up instead of waiting for new events. Default false. */
  readonly stopWhenCaughtUp?: boolean
}

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
      const store = yield* EventStoreService
      const pageSize = options.pageSize ?? 1_000
      // Counts notifications, so one that lands between a read and the wait is not lost.
      let notified = 0
      let wake: (() => void) | undefined
      yield* Effect.acquireRelease(
        store.events.onAppend(() => {
          notified++
          const resume = wake
          wake = undefined
          if (resume !== undefined) resume()
        }),
        (unsubscribe) => Effect.sync(unsubscribe),
      )
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
            const page = yield* store.events.readAll({ fromPosition: position, limit: pageSize })
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
