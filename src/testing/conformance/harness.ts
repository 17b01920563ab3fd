/**
 * What the conformance suites share: the factory type, running effects in tests, and small
 * event builders.
 *
 * @since 0.1.0
 */
import type { Result } from 'effect'
import { Effect } from 'effect'
import type { EventToAppend, Json } from '../../codec/RecordedEvent.js'
import type { EventStore } from '../../store/EventStore.js'
import type { StoreError } from '../../store/StoreError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A store made for one test, and how to dispose of it. The suites close the store (when it can
 * be closed) before calling `cleanup`, so `cleanup` must accept a closed store.
 *
 * @category model
 * @since 0.1.0
 */
export interface StoreUnderTest<Store = EventStore> {
  readonly store: Store
  readonly cleanup?: () => Promise<void>
}

/**
 * Makes a fresh, empty store for each test (and for each run of the model-based property).
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export type MakeStore<Store = EventStore> = () => Promise<StoreUnderTest<Store>>

// -------------------------------------------------------------------------------------
// running
// -------------------------------------------------------------------------------------

/**
 * Runs a store effect; a store error rejects (the test fails).
 *
 * @category running
 * @since 0.1.0
 */
export const run = <A>(effect: Effect.Effect<A, StoreError>): Promise<A> =>
  Effect.runPromise(effect)

/**
 * Runs a store effect and returns its outcome, success or store error, without rejecting.
 *
 * @category running
 * @since 0.1.0
 */
export const attempt = <A>(
  effect: Effect.Effect<A, StoreError>,
): Promise<Result.Result<A, StoreError>> => Effect.runPromise(Effect.result(effect))

/**
 * Runs a store effect that must fail and returns its error; a success rejects.
 *
 * @category running
 * @since 0.1.0
 */
export const runError = async <A>(effect: Effect.Effect<A, StoreError>): Promise<StoreError> => {
  const result = await Effect.runPromise(Effect.result(effect))
  if (result._tag === 'Success')
    throw new Error(`expected a store error, got ${JSON.stringify(result.success)}`)
  return result.failure
}

/**
 * A test body run against a fresh store, closed and cleaned up afterwards whatever happens.
 *
 * @category running
 * @since 0.1.0
 */
export const withStore =
  <Store extends { readonly close?: () => Effect.Effect<void> }>(
    makeStore: MakeStore<Store>,
    body: (store: Store) => Promise<void>,
  ) =>
  async (): Promise<void> => {
    const { store, cleanup } = await makeStore()
    try {
      await body(store)
    } finally {
      try {
        if (store.close !== undefined) await Effect.runPromise(store.close())
      } finally {
        await cleanup?.()
      }
    }
  }

/**
 * Waits until `condition` holds, polling every few milliseconds, for at most `timeoutMs`.
 *
 * @category running
 * @since 0.1.0
 */
export const eventually = async (condition: () => boolean, timeoutMs = 2_000): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return true
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * An event to append with a fixed `recordedAt`, so stored records can be compared exactly.
 *
 * @category constructors
 * @since 0.1.0
 */
export const testEvent = (
  eventId: string,
  data: Json = { id: eventId },
  type = 'TestEvent',
): EventToAppend => ({
  eventId,
  type,
  schemaVersion: 1,
  data,
  metadata: { recordedAt: '2024-01-01T00:00:00.000Z' },
})

/**
 * `count` events with ids `${prefix}-1` .. `${prefix}-count`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const testEvents = (prefix: string, count: number): ReadonlyArray<EventToAppend> =>
  Array.from({ length: count }, (_, i) => testEvent(`${prefix}-${i + 1}`, { n: i + 1, prefix }))
