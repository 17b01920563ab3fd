/**
 * A store adapter broken on purpose, to show the simulation's teeth for `acknowledgedInLog`:
 * it acknowledges one append (the `nth` it is given) with a well-formed answer, and drops it.
 * The simulation wraps it in its fault-injecting store like any adapter, so the store's own
 * ledger of stored batches believes it too; only the log tells.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import { makeMemoryStore } from '../../../src/adapters/memory/MemoryStore.js'
import type { RecordedEvent } from '../../../src/codec/RecordedEvent.js'
import type { FaultyStore } from '../../../src/testing/simulation/index.js'

/** A memory store that acknowledges its `nth` append (1-based) without storing it. */
export const dropsAnAcknowledgedAppend = (nth: number) => (): FaultyStore => {
  const inner = makeMemoryStore()
  let appends = 0
  return {
    ...inner,
    append: (streamId, events, options) =>
      Effect.gen(function* () {
        appends++
        const current = yield* inner.streamVersion(streamId)
        const expected = options.expectedVersion
        if (appends !== nth || (typeof expected === 'number' && expected !== current))
          return yield* inner.append(streamId, events, options)
        // The broken step: the answer says stored, the log never gets it.
        const head = yield* inner.headPosition()
        const records = events.map((event, k): RecordedEvent => ({
          streamId,
          streamVersion: current + k + 1,
          globalPosition: head + k + 1,
          eventId: event.eventId,
          type: event.type,
          schemaVersion: event.schemaVersion,
          data: event.data,
          metadata: { ...event.metadata, recordedAt: '2026-01-01T00:00:00.000Z' },
        }))
        return { nextExpectedVersion: current + events.length, records }
      }),
  }
}
