/**
 * A deliberately simple model of the store port, written differently from any adapter (filters
 * and sorts rather than slices), which the suites compare adapters against.
 *
 * @since 0.1.0
 */
import type { EventToAppend, RecordedEvent } from '../../codec/RecordedEvent.js'
import type { AppendResult, ReadAllOptions, ReadStreamOptions } from '../../store/EventStore.js'
import type { ExpectedVersion } from '../../store/ExpectedVersion.js'
import type { WrongExpectedVersion } from '../../store/StoreError.js'

/**
 * The records of one stream an adapter must answer for `options`.
 *
 * @category model
 * @since 0.1.0
 */
export const expectedStreamRange = (
  stream: ReadonlyArray<RecordedEvent>,
  options: ReadStreamOptions = {},
): ReadonlyArray<RecordedEvent> => {
  const from = options.from ?? 1
  const to = options.to ?? Number.POSITIVE_INFINITY
  const inRange = stream.filter((r) => r.streamVersion >= from && r.streamVersion <= to)
  const ordered =
    options.direction === 'backward'
      ? [...inRange].sort((a, b) => b.streamVersion - a.streamVersion)
      : [...inRange].sort((a, b) => a.streamVersion - b.streamVersion)
  return options.limit === undefined ? ordered : ordered.slice(0, Math.max(0, options.limit))
}

/**
 * The records of the store-wide log an adapter must answer for `options`.
 *
 * @category model
 * @since 0.1.0
 */
export const expectedLogRange = (
  log: ReadonlyArray<RecordedEvent>,
  options: ReadAllOptions = {},
): ReadonlyArray<RecordedEvent> => {
  const from = options.fromPosition ?? 1
  const after = log.filter((r) => r.globalPosition >= from)
  return options.limit === undefined ? after : after.slice(0, Math.max(0, options.limit))
}

/**
 * The model: streams and the log as plain arrays.
 *
 * @category model
 * @since 0.1.0
 */
export class StoreModel {
  readonly streams = new Map<string, ReadonlyArray<RecordedEvent>>()
  log: ReadonlyArray<RecordedEvent> = []

  version(streamId: string): number {
    return this.streams.get(streamId)?.length ?? 0
  }

  /** What an append must answer; the model changes only when it succeeds. */
  append(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    expected: ExpectedVersion,
  ):
    | { readonly _tag: 'Right'; readonly right: AppendResult }
    | { readonly _tag: 'Left'; readonly left: WrongExpectedVersion } {
    const actual = this.version(streamId)
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && actual === 0) ||
      (expected === 'stream_exists' && actual > 0) ||
      expected === actual
    if (!ok)
      return { _tag: 'Left', left: { _tag: 'WrongExpectedVersion', streamId, expected, actual } }
    const records = events.map((event, i): RecordedEvent => ({
      streamId,
      streamVersion: actual + i + 1,
      globalPosition: this.log.length + i + 1,
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: { ...event.metadata, recordedAt: event.metadata.recordedAt ?? '' },
    }))
    if (records.length > 0) {
      this.streams.set(streamId, [...(this.streams.get(streamId) ?? []), ...records])
      this.log = [...this.log, ...records]
    }
    return { _tag: 'Right', right: { nextExpectedVersion: actual + records.length, records } }
  }

  readStream(streamId: string, options?: ReadStreamOptions): ReadonlyArray<RecordedEvent> {
    return expectedStreamRange(this.streams.get(streamId) ?? [], options)
  }

  readAll(options?: ReadAllOptions): ReadonlyArray<RecordedEvent> {
    return expectedLogRange(this.log, options)
  }
}
