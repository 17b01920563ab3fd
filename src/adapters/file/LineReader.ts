/**
 * Reading a log file line by line in large chunks, checking each line's envelope: the one
 * primitive that opening, catching up, verifying and repairing share.
 *
 * @since 0.1.0
 */
import { readSync } from 'node:fs'
import type { LineHeader } from './LineFormat.js'
import { checkLogLine, readLineHeader } from './LineFormat.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One line of the log as read: where it lies, whether it ends with a newline, and either its
 * header (checksum good) or why it is damaged. `bytes[lineStart, lineEnd)` holds the line
 * without its newline while the visitor runs (the buffer is reused afterwards).
 *
 * @category model
 * @since 0.1.0
 */
export interface LineVisit {
  /** File offset of the line's first byte. */
  readonly offset: number
  /** File offset just after the line (after its newline when complete). */
  readonly next: number
  readonly complete: boolean
  readonly header: LineHeader | undefined
  /** A valid line that is not the last of its append. */
  readonly more: boolean
  readonly damage: string | undefined
  readonly bytes: Buffer
  readonly lineStart: number
  readonly lineEnd: number
  readonly payloadStart: number
  readonly payloadEnd: number
}

const chunkSize = 8 * 1024 * 1024
const newline = 0x0a

// -------------------------------------------------------------------------------------
// folding
// -------------------------------------------------------------------------------------

/**
 * Visits the lines of `fd` between file offsets `from` and `to`, the last one possibly
 * incomplete (no newline). The visitor returns `false` to stop. Returns the offset reached.
 *
 * @category folding
 * @since 0.1.0
 */
export const forEachLine = (
  fd: number,
  from: number,
  to: number,
  visit: (line: LineVisit) => boolean,
  onProgress?: (offset: number) => void,
): number => {
  let buffer = Buffer.allocUnsafe(Math.min(chunkSize, Math.max(4096, to - from)))
  let filled = 0 // bytes of buffer holding file data, starting at file offset `base`
  let base = from
  let eof = false
  while (true) {
    if (!eof && base + filled < to) {
      if (filled === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2)
        buffer.copy(bigger, 0, 0, filled)
        buffer = bigger
      }
      const want = Math.min(buffer.length - filled, to - base - filled)
      const got = readSync(fd, buffer, filled, want, base + filled)
      if (got === 0) eof = true
      filled += got
      if (base + filled >= to) eof = true
    } else eof = true
    let cursor = 0
    while (cursor < filled) {
      const at = buffer.indexOf(newline, cursor)
      if (at < 0 || at >= filled) break
      if (!visit(makeVisit(buffer, base, cursor, at, true))) return base + cursor
      cursor = at + 1
    }
    if (eof) {
      if (cursor < filled && !visit(makeVisit(buffer, base, cursor, filled, false)))
        return base + cursor
      return base + filled
    }
    // Keep the incomplete line at the front of the buffer and read on.
    buffer.copy(buffer, 0, cursor, filled)
    base += cursor
    filled -= cursor
    onProgress?.(base)
  }
}

const makeVisit = (
  buffer: Buffer,
  base: number,
  start: number,
  end: number,
  complete: boolean,
): LineVisit => {
  const envelope = checkLogLine(buffer, start, end)
  let header: LineHeader | undefined
  let more = false
  let damage: string | undefined
  let payloadStart = 0
  let payloadEnd = 0
  if (!complete) damage = 'incomplete line (no newline)'
  else if (envelope._tag === 'Damaged') damage = envelope.reason
  else {
    payloadStart = envelope.payloadStart
    payloadEnd = envelope.payloadEnd
    const read = readLineHeader(buffer, payloadStart, payloadEnd)
    if (typeof read === 'string') damage = read
    else {
      header = read
      more = envelope.more
    }
  }
  return {
    offset: base + start,
    next: base + end + (complete ? 1 : 0),
    complete,
    header,
    more,
    damage,
    bytes: buffer,
    lineStart: start,
    lineEnd: end,
    payloadStart,
    payloadEnd,
  }
}
