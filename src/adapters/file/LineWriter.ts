/**
 * Writing a commit's log lines straight into one buffer: each record's UTF-8 bytes are written
 * once, its checksum computed over them in place and its 8 hex digits filled in before it, so a
 * commit costs one encoding per event and no string joins, copies or byte-length scans. The
 * bytes are those of `encodeLine` (see `LineFormat.ts` for the format).
 *
 * @since 0.1.0
 */
import { crc32 } from 'node:zlib'
import { moreSuffix } from './LineFormat.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The bytes of the lines written so far (`bytes[0, length)`), in a buffer that grows.
 *
 * @category model
 * @since 0.1.0
 */
export interface LineBuffer {
  bytes: Buffer
  length: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const initialSize = 64 * 1024
/** A commit that needed more is given a fresh small buffer afterwards, not kept holding it. */
const keptSize = 1024 * 1024

/**
 * An empty line buffer.
 *
 * @category constructors
 * @since 0.1.0
 */
export const emptyLineBuffer = (): LineBuffer => ({
  bytes: Buffer.allocUnsafe(initialSize),
  length: 0,
})

/**
 * Empties `buffer` for the next commit (its bytes must no longer be in use), letting go of a
 * buffer grown past 1 MiB.
 *
 * @category constructors
 * @since 0.1.0
 */
export const resetLineBuffer = (buffer: LineBuffer): void => {
  buffer.length = 0
  if (buffer.bytes.length > keptSize) buffer.bytes = Buffer.allocUnsafe(initialSize)
}

/**
 * The start of a record's header up to its stream version, written once per append:
 * `{"streamId":<JSON string>,"streamVersion":`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const recordHead = (streamId: string): string =>
  `{"streamId":${JSON.stringify(streamId)},"streamVersion":`

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

const envelopeHead = '{"crc32":"'
const envelopeKey = '","event":'
/** `{"crc32":"` + 8 hex digits + `","event":`: where the record JSON starts in a line. */
const payloadOffset = envelopeHead.length + 8 + envelopeKey.length
const hexDigits = Buffer.from('0123456789abcdef')
const newline = 0x0a
const closeBrace = 0x7d
/** The most bytes a line adds besides its head and tail (envelope, numbers, suffix, newline). */
const fixedBound = payloadOffset + 2 * 16 + ',"globalPosition":'.length + 1 + moreSuffix.length + 1

const ensure = (buffer: LineBuffer, extra: number): void => {
  const needed = buffer.length + extra
  if (needed <= buffer.bytes.length) return
  const bigger = Buffer.allocUnsafe(Math.max(needed, buffer.bytes.length * 2))
  buffer.bytes.copy(bigger, 0, 0, buffer.length)
  buffer.bytes = bigger
}

/**
 * Appends the log line (with its newline) of a record to `buffer`: `head` from `recordHead`,
 * its stream version and global position, and `tail`, the record JSON after its header fields
 * (`encodeTail`); `more` when the append continues on the next line. Returns the line's length
 * in bytes.
 *
 * @category combinators
 * @since 0.1.0
 */
export const writeLogLine = (
  buffer: LineBuffer,
  head: string,
  streamVersion: number,
  globalPosition: number,
  tail: string,
  more: boolean,
): number => {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  ensure(buffer, fixedBound + 3 * (head.length + tail.length))
  const bytes = buffer.bytes
  const start = buffer.length
  let at = start + bytes.write(envelopeHead, start, 'latin1')
  const digitsAt = at
  at += 8
  at += bytes.write(envelopeKey, at, 'latin1')
  const payloadStart = at
  at += bytes.write(head, at)
  at += bytes.write(`${streamVersion},"globalPosition":${globalPosition},`, at, 'latin1')
  at += bytes.write(tail, at)
  let crc = crc32(bytes.subarray(payloadStart, at))
  for (let i = 7; i >= 0; i--) {
    bytes[digitsAt + i] = hexDigits[crc & 0xf] as number
    crc >>>= 4
  }
  if (more) at += bytes.write(moreSuffix, at, 'latin1')
  else bytes[at++] = closeBrace
  bytes[at++] = newline
  buffer.length = at
  return at - start
}

/**
 * The bytes written so far (a view of the buffer, valid until it is reset or written to).
 *
 * @category destructors
 * @since 0.1.0
 */
export const lineBytes = (buffer: LineBuffer): Buffer => buffer.bytes.subarray(0, buffer.length)
