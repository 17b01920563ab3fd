/**
 * The index of a log: where each record's line starts (by global position) and which global
 * positions each stream holds. Kept in memory, persisted beside the log so a big store opens
 * without parsing every record, and validated against the log before it is trusted.
 *
 * @since 0.1.0
 */
import { readFileSync } from 'node:fs'
import type { EventIds } from './EventIds.js'
import { addEventId, decodeHashes, emptyEventIds, encodeHashes, eventIdsOf } from './EventIds.js'
import { checkEnvelope, encodeEnvelope } from './LineFormat.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The in-memory index: `offsets[i]` is the file offset of the line of global position `i + 1`,
 * and `offsets[count]` the end of the last line (the committed size of the log); `ids` holds
 * the hash of every record's event id.
 *
 * @category model
 * @since 0.1.0
 */
export interface LogIndex {
  offsets: Float64Array
  count: number
  readonly streams: Map<string, number[]>
  ids: EventIds
}

/**
 * The persisted form of an index, with what it must match in the log to be trusted.
 *
 * @category model
 * @since 0.1.0
 */
interface IndexFileBody {
  readonly format: typeof indexFormat
  readonly logSize: number
  readonly records: number
  /** Checksum of the last line of the log (the bytes before `logSize`). */
  readonly lastLineCrc32: string
  /** Line lengths in global order. */
  readonly lengths: ReadonlyArray<number>
  /** Each stream with the global positions it holds, in order. */
  readonly streams: ReadonlyArray<readonly [string, ReadonlyArray<number>]>
  /** The event ids' hashes in global order (base64 of little-endian 32-bit words). */
  readonly eventIdHashes: string
}

/** Version 2 added `eventIdHashes`; an index of version 1 is rebuilt from the log on open. */
const indexFormat = 'foldwise-index/2'

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * An empty index.
 *
 * @category constructors
 * @since 0.1.0
 */
export const emptyIndex = (): LogIndex => ({
  offsets: new Float64Array(1024),
  count: 0,
  streams: new Map(),
  ids: emptyEventIds(),
})

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * The version the stream has in the index (0 when absent).
 *
 * @category combinators
 * @since 0.1.0
 */
export const versionOf = (index: LogIndex, streamId: string): number =>
  index.streams.get(streamId)?.length ?? 0

/**
 * The committed end of the log the index covers.
 *
 * @category combinators
 * @since 0.1.0
 */
export const endOf = (index: LogIndex): number => index.offsets[index.count] ?? 0

/**
 * Adds the record of a line `[start, end)` (end after the newline) to the index, with the hash
 * of its event id.
 *
 * @category combinators
 * @since 0.1.0
 */
export const addRecord = (
  index: LogIndex,
  streamId: string,
  start: number,
  end: number,
  eventIdHash: number,
): void => {
  if (index.count + 2 > index.offsets.length) {
    const bigger = new Float64Array(index.offsets.length * 2)
    bigger.set(index.offsets)
    index.offsets = bigger
  }
  index.offsets[index.count] = start
  index.count++
  index.offsets[index.count] = end
  const positions = index.streams.get(streamId)
  if (positions === undefined) index.streams.set(streamId, [index.count])
  else positions.push(index.count)
  addEventId(index.ids, eventIdHash)
}

// -------------------------------------------------------------------------------------
// persistence
// -------------------------------------------------------------------------------------

/**
 * The bytes of an index file for `index`, given the checksum of the log's last line.
 *
 * @category persistence
 * @since 0.1.0
 */
export const encodeIndexFile = (index: LogIndex, lastLineCrc32: string): string => {
  const lengths = new Array<number>(index.count)
  for (let i = 0; i < index.count; i++)
    lengths[i] = (index.offsets[i + 1] ?? 0) - (index.offsets[i] ?? 0)
  const body: IndexFileBody = {
    format: indexFormat,
    logSize: endOf(index),
    records: index.count,
    lastLineCrc32,
    lengths,
    streams: [...index.streams],
    eventIdHashes: encodeHashes(index.ids),
  }
  return encodeEnvelope('index', JSON.stringify(body)) + '\n'
}

/**
 * An index read from its file, with the log size and last-line checksum it claims, or the
 * reason it cannot be used (missing, damaged, another format). The caller checks the claims
 * against the log.
 *
 * @category persistence
 * @since 0.1.0
 */
export const readIndexFile = (
  path: string,
): { readonly index: LogIndex; readonly lastLineCrc32: string } | string => {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch {
    return 'missing'
  }
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0a ? bytes.length - 1 : bytes.length
  const envelope = checkEnvelope('index', bytes, 0, end)
  if (envelope._tag === 'Damaged') return `damaged: ${envelope.reason}`
  let body: IndexFileBody
  try {
    body = JSON.parse(
      bytes.toString('utf8', envelope.payloadStart, envelope.payloadEnd),
    ) as IndexFileBody
  } catch {
    return 'damaged: not JSON'
  }
  if (body.format !== indexFormat || body.lengths.length !== body.records) return 'unknown format'
  const offsets = new Float64Array(body.records + 1)
  let offset = 0
  for (let i = 0; i < body.records; i++) {
    offsets[i] = offset
    offset += body.lengths[i] ?? 0
  }
  offsets[body.records] = offset
  if (offset !== body.logSize) return 'damaged: lengths do not add up to the log size'
  const streams = new Map<string, number[]>()
  let positions = 0
  for (const [streamId, held] of body.streams) {
    streams.set(streamId, held.slice())
    positions += held.length
  }
  if (positions !== body.records) return 'damaged: streams do not add up to the records'
  const hashes = decodeHashes(body.eventIdHashes, body.records)
  if (hashes === undefined) return 'damaged: event id hashes do not add up to the records'
  return {
    index: { offsets, count: body.records, streams, ids: eventIdsOf(hashes, body.records) },
    lastLineCrc32: body.lastLineCrc32,
  }
}
