/**
 * Reading records from the log through the index: by global position, a stream's range, the
 * store-wide log, and whether an event id is stored. Damage found while reading poisons the
 * log, so the store refuses to write until it is repaired and reopened.
 *
 * @since 0.1.0
 */
import { readSync } from 'node:fs'
import type { RecordedEvent } from '../../codec/RecordedEvent.js'
import type { ReadAllOptions, ReadStreamOptions } from '../../store/EventStore.js'
import { corruptStore } from '../../store/StoreError.js'
import { hashEventId, hasHash, positionsWithHash } from './EventIds.js'
import type { FileLog, LogFailure } from './FileLog.js'
import { poison, readBytes } from './FileLog.js'
import { checkLogLine, readLineHeader } from './LineFormat.js'
import { decodeRecord } from './RecordCodec.js'

const noRecords: ReadonlyArray<RecordedEvent> = Object.freeze([])

// -------------------------------------------------------------------------------------
// reading
// -------------------------------------------------------------------------------------

const baselineSize = 64 * 1024
/** A read that needed more gets a fresh baseline buffer afterwards, not kept holding it. */
const keptSize = 1024 * 1024
let scratch = Buffer.allocUnsafe(baselineSize)

/**
 * The size in bytes of the read buffer shared by every store of the process (for tests: it
 * returns to its baseline after a large read).
 *
 * @category reading
 * @since 0.1.0
 */
export const readBufferSize = (): number => scratch.length

/**
 * Reads the records of the given global positions (ascending), coalescing adjacent lines into
 * one read. Every line's checksum is checked again.
 *
 * @category reading
 * @since 0.1.0
 */
export const readPositions = (
  log: FileLog,
  positions: ReadonlyArray<number>,
  first: number,
  count: number,
): RecordedEvent[] | LogFailure => {
  try {
    return readRuns(log, positions, first, count)
  } finally {
    // A page of large events once grew it to hundreds of MB, held for the process's life.
    if (scratch.length > keptSize) scratch = Buffer.allocUnsafe(baselineSize)
  }
}

const readRuns = (
  log: FileLog,
  positions: ReadonlyArray<number>,
  first: number,
  count: number,
): RecordedEvent[] | LogFailure => {
  const out = new Array<RecordedEvent>(count)
  const offsets = log.index.offsets
  let i = 0
  while (i < count) {
    const runStart = i
    const startPosition = positions[first + i] as number
    let endPosition = startPosition
    i++
    while (i < count && positions[first + i] === endPosition + 1 && i - runStart < 4096) {
      endPosition++
      i++
    }
    const from = offsets[startPosition - 1] as number
    const to = offsets[endPosition] as number
    if (scratch.length < to - from)
      scratch = Buffer.allocUnsafe(Math.max(to - from, scratch.length * 2))
    const got = readSync(log.fd, scratch, 0, to - from, from)
    if (got !== to - from)
      return poison(log, corruptStore(log.path, from + got, 'the log is shorter than its index'))
    for (let k = runStart; k < i; k++) {
      const position = positions[first + k] as number
      const lineStart = (offsets[position - 1] as number) - from
      const lineEnd = (offsets[position] as number) - from - 1
      const record = decodeRecord(scratch, lineStart, lineEnd, position)
      if (typeof record === 'string')
        return poison(log, corruptStore(log.path, from + lineStart, record))
      out[k] = record
    }
  }
  return out
}

/**
 * The records of a stream between inclusive versions, ordered by `direction`, the first
 * `limit` kept.
 *
 * @category reading
 * @since 0.1.0
 */
export const readStreamRecords = (
  log: FileLog,
  streamId: string,
  options: ReadStreamOptions | undefined,
): ReadonlyArray<RecordedEvent> | LogFailure => {
  const held = log.index.streams.get(streamId)
  if (held === undefined) return noRecords
  const first = Math.max(1, options?.from ?? 1)
  const last = Math.min(held.length, options?.to ?? held.length)
  const limit = options?.limit ?? Number.POSITIVE_INFINITY
  const count = Math.min(last - first + 1, limit)
  if (!(count > 0)) return noRecords
  if (options?.direction !== 'backward') return readPositions(log, held, first - 1, count)
  const records = readPositions(log, held, last - count, count)
  return Array.isArray(records) ? records.reverse() : records
}

/**
 * The store-wide log from `fromPosition` (inclusive, default 1), the first `limit` kept.
 *
 * @category reading
 * @since 0.1.0
 */
export const readAllRecords = (
  log: FileLog,
  options: ReadAllOptions | undefined,
): ReadonlyArray<RecordedEvent> | LogFailure => {
  const from = Math.max(1, options?.fromPosition ?? 1)
  const limit = options?.limit ?? Number.POSITIVE_INFINITY
  const count = Math.min(log.index.count - from + 1, limit)
  if (!(count > 0)) return noRecords
  const positions = new Array<number>(count)
  for (let i = 0; i < count; i++) positions[i] = from + i
  return readPositions(log, positions, 0, count)
}

/**
 * Whether a record of the index holds `eventId` (whose hash is `hash`): the hash finds the
 * candidates, and each candidate's id is read from the log to confirm it (a hash collision is
 * not a duplicate).
 *
 * @category reading
 * @since 0.1.0
 */
export const isEventIdStored = (
  log: FileLog,
  eventId: string,
  hash: number = hashEventId(eventId),
): boolean | LogFailure => {
  if (!hasHash(log.index.ids, hash)) return false
  const offsets = log.index.offsets
  for (const position of positionsWithHash(log.index.ids, hash)) {
    const start = offsets[position - 1] as number
    const line = readBytes(log.fd, start, offsets[position] as number)
    const envelope = checkLogLine(line, 0, line.length - 1)
    const header =
      envelope._tag === 'Valid'
        ? readLineHeader(line, envelope.payloadStart, envelope.payloadEnd)
        : envelope.reason
    if (typeof header === 'string') return poison(log, corruptStore(log.path, start, header))
    if (header.eventId === eventId) return true
  }
  return false
}
