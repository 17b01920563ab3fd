/**
 * A store's content as a digest per stream, to check a copy: the event count and a SHA-256 of
 * every event's identity and content in stream order (event id, type, schema version, data and
 * metadata, with object keys sorted, so a store that reorders JSON keys, like PostgreSQL's
 * jsonb, digests the same).
 *
 * @since 0.1.0
 */
import { createHash } from 'node:crypto'
import type { Hash } from 'node:crypto'
import { Effect } from 'effect'
import type { RecordedEvent } from '../codec/RecordedEvent.js'
import type { EventStore } from '../store/EventStore.js'
import type { StoreError } from '../store/StoreError.js'

/**
 * The digest of one stream.
 *
 * @category model
 * @since 0.1.0
 */
export interface StreamDigest {
  readonly events: number
  readonly sha256: string
}

/**
 * A JSON value with object keys sorted, as text.
 *
 * @example
 * import { canonicalJson } from './src/cli/StoreDigest.js'
 * assert.strictEqual(canonicalJson({ b: [1, { d: 1, c: 2 }], a: 'x' }), '{"a":"x","b":[1,{"c":2,"d":1}]}')
 *
 * @category digest
 * @since 0.1.0
 */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map(
        (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
      )
      .join(',')}}`
  return JSON.stringify(value) ?? 'null'
}

const eventLine = (record: RecordedEvent): string =>
  canonicalJson([
    record.streamVersion,
    record.eventId,
    record.type,
    record.schemaVersion,
    record.data,
    record.metadata,
  ])

const pageSize = 1_000

/**
 * The digest of every stream of a store (one pass over `readAll`).
 *
 * @category digest
 * @since 0.1.0
 */
export const digestStore = (
  store: EventStore,
): Effect.Effect<ReadonlyMap<string, StreamDigest>, StoreError> =>
  Effect.gen(function* () {
    const hashes = new Map<string, { events: number; readonly hash: Hash }>()
    let position = 1
    for (;;) {
      const page = yield* store.readAll({ fromPosition: position, limit: pageSize })
      for (const record of page) {
        let entry = hashes.get(record.streamId)
        if (entry === undefined) {
          entry = { events: 0, hash: createHash('sha256') }
          hashes.set(record.streamId, entry)
        }
        entry.events++
        entry.hash.update(eventLine(record)).update('\n')
      }
      const last = page[page.length - 1]
      if (last === undefined || page.length < pageSize) break
      position = last.globalPosition + 1
    }
    return new Map(
      Array.from(hashes, ([streamId, entry]) => [
        streamId,
        { events: entry.events, sha256: entry.hash.digest('hex') },
      ]),
    )
  })

/**
 * The first difference between two digests, as one line, or `undefined` when they match.
 *
 * @category digest
 * @since 0.1.0
 */
export const compareDigests = (
  source: ReadonlyMap<string, StreamDigest>,
  copy: ReadonlyMap<string, StreamDigest>,
): string | undefined => {
  for (const [streamId, expected] of source) {
    const found = copy.get(streamId)
    if (found === undefined) return `stream ${streamId} is missing from the copy`
    if (found.events !== expected.events)
      return `stream ${streamId} has ${found.events} events in the copy, ${expected.events} in the source`
    if (found.sha256 !== expected.sha256)
      return `stream ${streamId} differs: digest ${found.sha256.slice(0, 12)} in the copy, ${expected.sha256.slice(0, 12)} in the source`
  }
  for (const streamId of copy.keys())
    if (!source.has(streamId)) return `stream ${streamId} is in the copy but not in the source`
  return undefined
}
