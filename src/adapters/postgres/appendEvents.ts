/**
 * The append of the PostgreSQL store: the events are copied and frozen once (the copy refuses a
 * value that is not JSON), checked (event ids unique within the append, every value one `jsonb`
 * can hold), serialized, and queued for the group commit; its outcome becomes the append's
 * result or a store error.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { EventToAppend, RecordedEvent } from '../../codec/RecordedEvent.js'
import type { AppendResult } from '../../store/EventStore.js'
import type { ExpectedVersion } from '../../store/ExpectedVersion.js'
import { freezeStorableEvent, recordAt } from '../../store/FrozenRecord.js'
import type { StoreError } from '../../store/StoreError.js'
import { duplicateEventId, unstorableEvent, wrongExpectedVersion } from '../../store/StoreError.js'
import { fromDriver } from './errors.js'
import type { EnqueueAppend } from './groupCommit.js'
import { encodeExpectedVersion } from './rows.js'
import { jsonbRefusal } from './storable.js'

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

const noRecords: ReadonlyArray<RecordedEvent> = Object.freeze([])

/** The record at its place in the log, sharing the frozen data and metadata of `staged`. */
const placeRecord = (
  staged: RecordedEvent,
  streamVersion: number,
  globalPosition: number,
): RecordedEvent =>
  Object.freeze({
    streamId: staged.streamId,
    streamVersion,
    globalPosition,
    eventId: staged.eventId,
    type: staged.type,
    schemaVersion: staged.schemaVersion,
    data: staged.data,
    metadata: staged.metadata,
  })

/** The event as the append function reads it. */
const serialize = (staged: RecordedEvent): string =>
  JSON.stringify({
    eventId: staged.eventId,
    type: staged.type,
    schemaVersion: staged.schemaVersion,
    data: staged.data,
    metadata: staged.metadata,
  })

/** The first event id that repeats an earlier one of the same append. */
const repeatedId = (staged: ReadonlyArray<RecordedEvent>): string | undefined => {
  if (staged.length < 2) return undefined
  const seen = new Set<string>()
  for (const record of staged) {
    if (seen.has(record.eventId)) return record.eventId
    seen.add(record.eventId)
  }
  return undefined
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Appends `events` to `streamId` through `enqueue` (the stream id, the options and that `events`
 * is an array are already checked, by `checkAppendArguments`). The result's records are deep
 * frozen copies: changing the caller's input afterwards changes neither them nor the store. `published` is told the new head after a non-empty append.
 *
 * @category constructors
 * @since 0.1.0
 */
export const appendEvents = (
  enqueue: EnqueueAppend,
  published: (head: number) => void,
  streamId: string,
  events: ReadonlyArray<EventToAppend>,
  expectedVersion: ExpectedVersion,
): Effect.Effect<AppendResult, StoreError> => {
  const recordedAt = new Date().toISOString()
  const staged = new Array<RecordedEvent>(events.length)
  for (let i = 0; i < events.length; i++) {
    // The frozen copy refuses a wrong field or a value that is not JSON, before anything is sent.
    const frozen = freezeStorableEvent(streamId, events[i] as EventToAppend, recordedAt, i)
    if ('_tag' in frozen) return Effect.fail(frozen)
    staged[i] = recordAt(streamId, 0, 0, frozen)
  }
  const repeated = repeatedId(staged)
  if (repeated !== undefined) return Effect.fail(duplicateEventId(streamId, repeated))
  const serialized = new Array<string>(staged.length)
  for (let i = 0; i < staged.length; i++) {
    const record = staged[i] as RecordedEvent
    const json = serialize(record)
    const refused = jsonbRefusal(json)
    if (refused !== undefined)
      return Effect.fail(unstorableEvent(streamId, record.eventId, refused))
    serialized[i] = json
  }
  const queued = {
    s: streamId,
    x: encodeExpectedVersion(expectedVersion),
    e: `[${serialized.join(',')}]`,
  }
  return Effect.flatMap(
    fromDriver(() => enqueue(queued, staged.length)),
    (outcome): Effect.Effect<AppendResult, StoreError> => {
      switch (outcome._tag) {
        case 'VersionMismatch':
          return Effect.fail(wrongExpectedVersion(streamId, expectedVersion, outcome.actual))
        case 'DuplicateEventId':
          return Effect.fail(duplicateEventId(streamId, outcome.eventId))
        case 'Refused':
          // The server refused a value the check above let through (a size limit, a character
          // the server's encoding lacks); it does not say which event: name the first.
          return Effect.fail(
            unstorableEvent(
              streamId,
              staged[0]?.eventId ?? '',
              `the server refused the append: ${outcome.reason}`,
            ),
          )
        case 'Appended': {
          const { actual, firstPosition } = outcome
          if (staged.length === 0)
            return Effect.succeed({ nextExpectedVersion: actual, records: noRecords })
          const records = new Array<RecordedEvent>(staged.length)
          for (let i = 0; i < staged.length; i++)
            records[i] = placeRecord(staged[i] as RecordedEvent, actual + i + 1, firstPosition + i)
          published(firstPosition + staged.length - 1)
          return Effect.succeed({
            nextExpectedVersion: actual + staged.length,
            records: Object.freeze(records),
          })
        }
      }
    },
  )
}
