/**
 * An ablation for the runtime benchmark, not an adapter: a store that keeps the port's shape
 * and its expected-version check, and nothing else the in-memory store guarantees. It checks no
 * argument, copies and freezes nothing (records share the caller's data), keeps no index of
 * event ids (a repeated id is stored twice), and answers `readAll`, snapshots and listeners
 * as an empty store would. Run under the same handler, it tells how much of a command's cost
 * is the runtime and how much the memory store's guarantees.
 */
import { Effect } from 'effect'
import type { RecordedEvent } from '../../src/codec/RecordedEvent.js'
import type { EventStore } from '../../src/store/EventStore.js'
import { matchesExpectedVersion } from '../../src/store/ExpectedVersion.js'
import { wrongExpectedVersion } from '../../src/store/StoreError.js'
import type { SyncAppend } from '../../src/store/SyncAppend.js'
import { isAppendError, withSyncAppend } from '../../src/store/SyncAppend.js'

const none: ReadonlyArray<RecordedEvent> = []

export const makeBareStore = (): EventStore => {
  const streams = new Map<string, Array<RecordedEvent>>()
  let head = 0
  const appendSync: SyncAppend = (streamId, events, options) => {
    let stream = streams.get(streamId)
    const actual = stream === undefined ? 0 : stream.length
    if (!matchesExpectedVersion(options.expectedVersion, actual))
      return wrongExpectedVersion(streamId, options.expectedVersion, actual)
    if (stream === undefined) streams.set(streamId, (stream = []))
    const records = new Array<RecordedEvent>(events.length)
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as (typeof events)[number]
      const record: RecordedEvent = {
        streamId,
        streamVersion: actual + i + 1,
        globalPosition: ++head,
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data,
        metadata: event.metadata as RecordedEvent['metadata'],
      }
      stream.push(record)
      records[i] = record
    }
    return { nextExpectedVersion: stream.length, records }
  }
  const append: EventStore['append'] = (streamId, events, options) =>
    Effect.suspend(() => {
      const result = appendSync(streamId, events, options)
      return isAppendError(result) ? Effect.fail(result) : Effect.succeed(result)
    })
  return {
    append: withSyncAppend(append, appendSync),
    readStream: (streamId, options) =>
      Effect.sync(() => {
        const stream = streams.get(streamId) ?? none
        return stream.slice(Math.max(0, (options?.from ?? 1) - 1), options?.to ?? stream.length)
      }),
    streamVersion: (streamId) => Effect.sync(() => streams.get(streamId)?.length ?? 0),
    currentVersion: (streamId) => streams.get(streamId)?.length ?? 0,
    readAll: () => Effect.succeed(none),
    headPosition: () => Effect.sync(() => head),
    onAppend: () => Effect.succeed(() => undefined),
    close: () => Effect.void,
  }
}
