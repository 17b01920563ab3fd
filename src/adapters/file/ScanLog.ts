/**
 * A full, read-only scan of a log for verification and repair: every line checked, every
 * damaged line and a torn tail reported with its offset.
 *
 * @since 0.1.0
 */
import type { LineHeader } from './LineFormat.js'
import type { LineVisit } from './LineReader.js'
import { forEachLine } from './LineReader.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A damaged line of a file: where, how long, and why.
 *
 * @category model
 * @since 0.1.0
 */
export interface DamagedRecord {
  readonly file: string
  readonly offset: number
  readonly length: number
  readonly reason: string
}

/**
 * What a full scan found.
 *
 * @category model
 * @since 0.1.0
 */
export interface LogScan {
  readonly bytes: number
  readonly records: number
  /** Each stream's version (its count of valid records). */
  readonly streams: ReadonlyMap<string, number>
  readonly damaged: ReadonlyArray<DamagedRecord>
  /**
   * What a crash mid-write leaves: an unterminated last line, and the whole lines of its append
   * before it; or the whole lines of an append whose last line is missing. (A complete damaged
   * line is never torn: it is in `damaged`.)
   */
  readonly tornTail: DamagedRecord | undefined
  /** Line starts of the valid records, in order (for checking an index). */
  readonly offsets: ReadonlyArray<number>
}

// -------------------------------------------------------------------------------------
// folding
// -------------------------------------------------------------------------------------

/**
 * Scans `fd` from 0 to `size`. A valid line out of sequence (a global position or stream
 * version skipped or repeated) is damaged unless an earlier damaged line explains the gap.
 * `valid` sees every valid line with the header it was read with (also those of a torn tail).
 *
 * @category folding
 * @since 0.1.0
 */
export const scanLog = (
  file: string,
  fd: number,
  size: number,
  valid?: (line: LineVisit, header: LineHeader) => void,
  onProgress?: (offset: number) => void,
): LogScan => {
  const streams = new Map<string, number>()
  const offsets: number[] = []
  const damaged: DamagedRecord[] = []
  let lastPosition = 0
  let pendingBad: DamagedRecord[] = []
  /** The lines of the append still open (its last line not seen yet): offsets.length, streams. */
  let openAppend: { readonly offset: number; readonly streams: string[] } | undefined
  let incompleteLast = false
  forEachLine(
    fd,
    0,
    size,
    (line) => {
      const header = line.header
      if (header === undefined) {
        incompleteLast = !line.complete
        pendingBad.push({
          file,
          offset: line.offset,
          length: line.next - line.offset,
          reason: line.damage ?? 'damaged',
        })
        return true
      }
      const explained = pendingBad.length > 0 || damaged.length > 0
      damaged.push(...pendingBad)
      pendingBad = []
      const version = streams.get(header.streamId) ?? 0
      const inSequence =
        header.globalPosition === lastPosition + 1 && header.streamVersion === version + 1
      const plausible = header.globalPosition > lastPosition && header.streamVersion > version
      if (!inSequence && !(explained && plausible)) {
        damaged.push({
          file,
          offset: line.offset,
          length: line.next - line.offset,
          reason: `out of sequence: global position ${header.globalPosition} after ${lastPosition}, stream version ${header.streamVersion} after ${version}`,
        })
        return true
      }
      lastPosition = header.globalPosition
      streams.set(header.streamId, header.streamVersion)
      offsets.push(line.offset)
      if (line.more) {
        openAppend ??= { offset: line.offset, streams: [] }
        openAppend.streams.push(header.streamId)
      } else openAppend = undefined
      valid?.(line, header)
      return true
    },
    onProgress,
  )
  // Only an unterminated last line is torn; complete damaged lines at the end are damage.
  const torn = pendingBad.length === 1 && incompleteLast ? pendingBad[0] : undefined
  if (torn === undefined) damaged.push(...pendingBad)
  let tornTail: DamagedRecord | undefined
  if (openAppend !== undefined && (torn !== undefined || pendingBad.length === 0)) {
    for (const streamId of openAppend.streams)
      streams.set(streamId, (streams.get(streamId) ?? 1) - 1)
    for (const [streamId, version] of streams) if (version === 0) streams.delete(streamId)
    offsets.length -= openAppend.streams.length
    const reason =
      torn === undefined
        ? 'an append whose last line is missing'
        : `${torn.reason}, after ${openAppend.streams.length} whole lines of the same append`
    tornTail = { file, offset: openAppend.offset, length: size - openAppend.offset, reason }
  } else if (torn !== undefined)
    tornTail = { file, offset: torn.offset, length: size - torn.offset, reason: torn.reason }
  return { bytes: size, records: offsets.length, streams, damaged, tornTail, offsets }
}
