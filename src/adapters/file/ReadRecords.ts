/**
 * Reading records from the log by global position, through the index.
 *
 * @since 0.1.0
 */
import { readSync } from 'node:fs'
import type { RecordedEvent } from '../../codec/RecordedEvent.js'
import type { CorruptStore } from '../../store/StoreError.js'
import { corruptStore } from '../../store/StoreError.js'
import type { FileLog } from './FileLog.js'
import { decodeRecord } from './RecordCodec.js'

// -------------------------------------------------------------------------------------
// reading
// -------------------------------------------------------------------------------------

let scratch = Buffer.allocUnsafe(64 * 1024)

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
): RecordedEvent[] | CorruptStore => {
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
      return corruptStore(log.path, from + got, 'the log is shorter than its index')
    for (let k = runStart; k < i; k++) {
      const position = positions[first + k] as number
      const lineStart = (offsets[position - 1] as number) - from
      const lineEnd = (offsets[position] as number) - from - 1
      const record = decodeRecord(scratch, lineStart, lineEnd, position)
      if (typeof record === 'string') return corruptStore(log.path, from + lineStart, record)
      out[k] = record
    }
  }
  return out
}
