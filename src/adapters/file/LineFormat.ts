/**
 * The checksummed envelope every file of the file store uses, and the header of a log line.
 *
 * A line of the log is exactly
 *
 * ```text
 * {"crc32":"<8 lowercase hex digits>","event":<record JSON>}\n
 * ```
 *
 * where the checksum is the CRC-32 (IEEE, as zlib computes it) of the UTF-8 bytes of
 * `<record JSON>`, and `<record JSON>` is one `RecordedEvent` serialized with its fields in the
 * order `streamId, streamVersion, globalPosition, eventId, type, schemaVersion, data, metadata`.
 * Each line is valid JSON on its own (`jq` reads the log), the checksum can be checked without
 * re-serializing, and the fixed header order lets the index be rebuilt without parsing whole
 * records. Snapshots, checkpoints and the index use the same envelope with another key.
 *
 * @since 0.1.0
 */
import { crc32 } from 'node:zlib'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What the index needs of a log line, read from its fixed-order header.
 *
 * @category model
 * @since 0.1.0
 */
export interface LineHeader {
  readonly streamId: string
  readonly streamVersion: number
  readonly globalPosition: number
}

/**
 * Where the JSON payload of an envelope lies in a buffer, or why the envelope is damaged.
 *
 * @category model
 * @since 0.1.0
 */
export type EnvelopeCheck =
  | { readonly _tag: 'Valid'; readonly payloadStart: number; readonly payloadEnd: number }
  | { readonly _tag: 'Damaged'; readonly reason: string }

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0')

/**
 * The CRC-32 of a string's UTF-8 bytes or of bytes, as 8 lowercase hex digits.
 *
 * @category constructors
 * @since 0.1.0
 */
export const checksum = (data: string | Uint8Array): string => hex8(crc32(data))

/**
 * Wraps a JSON text in the checksummed envelope under `key`, without the trailing newline.
 *
 * @example
 * import { encodeEnvelope } from 'foldwise/adapters/file'
 * assert.strictEqual(encodeEnvelope('event', '{}'), '{"crc32":"a3a6bf43","event":{}}')
 *
 * @category constructors
 * @since 0.1.0
 */
export const encodeEnvelope = (key: string, json: string): string =>
  `{"crc32":"${checksum(json)}","${key}":${json}}`

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

const openBrace = 0x7b
const closeBrace = 0x7d
const quote = 0x22
const backslash = 0x5c
const prefixHead = Buffer.from('{"crc32":"')

const prefixTails = new Map<string, Buffer>()
const prefixTail = (key: string): Buffer => {
  let tail = prefixTails.get(key)
  if (tail === undefined) {
    tail = Buffer.from(`","${key}":`)
    prefixTails.set(key, tail)
  }
  return tail
}

const hexValue = (byte: number): number => {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10
  return -1
}

/**
 * Checks the envelope held in `bytes[start, end)` (no trailing newline): its fixed prefix, its
 * closing brace and the checksum of its payload.
 *
 * @category destructors
 * @since 0.1.0
 */
export const checkEnvelope = (
  key: string,
  bytes: Uint8Array,
  start: number,
  end: number,
): EnvelopeCheck => {
  const tail = prefixTail(key)
  const payloadStart = start + prefixHead.length + 8 + tail.length
  const payloadEnd = end - 1
  if (payloadEnd - payloadStart < 2) return { _tag: 'Damaged', reason: 'line too short' }
  for (let i = 0; i < prefixHead.length; i++)
    if (bytes[start + i] !== prefixHead[i]) return { _tag: 'Damaged', reason: 'bad line prefix' }
  let expected = 0
  for (let i = 0; i < 8; i++) {
    const digit = hexValue(bytes[start + prefixHead.length + i] ?? 0)
    if (digit < 0) return { _tag: 'Damaged', reason: 'bad checksum digits' }
    expected = expected * 16 + digit
  }
  const tailStart = start + prefixHead.length + 8
  for (let i = 0; i < tail.length; i++)
    if (bytes[tailStart + i] !== tail[i])
      return { _tag: 'Damaged', reason: `bad line prefix (expected "${key}")` }
  if (bytes[payloadEnd] !== closeBrace)
    return { _tag: 'Damaged', reason: 'line does not end with }' }
  const actual = crc32(bytes.subarray(payloadStart, payloadEnd))
  if (actual !== expected)
    return {
      _tag: 'Damaged',
      reason: `checksum mismatch (stored ${hex8(expected)}, computed ${hex8(actual)})`,
    }
  return { _tag: 'Valid', payloadStart, payloadEnd }
}

const fieldStreamId = Buffer.from('{"streamId":"')
const fieldVersion = Buffer.from(',"streamVersion":')
const fieldPosition = Buffer.from(',"globalPosition":')

const matchAt = (bytes: Uint8Array, at: number, literal: Buffer): boolean => {
  for (let i = 0; i < literal.length; i++) if (bytes[at + i] !== literal[i]) return false
  return true
}

/** Reads a positive decimal integer at `at`; returns [value, next index] or undefined. */
const readInteger = (
  bytes: Uint8Array,
  at: number,
  end: number,
): readonly [number, number] | undefined => {
  let value = 0
  let i = at
  while (i < end) {
    const byte = bytes[i] ?? 0
    if (byte < 0x30 || byte > 0x39) break
    value = value * 10 + (byte - 0x30)
    i++
  }
  return i === at || i - at > 15 ? undefined : [value, i]
}

/**
 * Reads the header of a checked record payload (`bytes[start, end)`) without parsing the
 * whole record: its stream id, stream version and global position.
 *
 * @category destructors
 * @since 0.1.0
 */
export const readLineHeader = (bytes: Buffer, start: number, end: number): LineHeader | string => {
  if (bytes[start] !== openBrace || !matchAt(bytes, start, fieldStreamId))
    return 'record does not start with streamId'
  const idStart = start + fieldStreamId.length
  let i = idStart
  let escaped = false
  while (i < end && bytes[i] !== quote) {
    if (bytes[i] === backslash) {
      escaped = true
      i++
    }
    i++
  }
  if (i >= end) return 'unterminated streamId'
  let streamId: string
  if (escaped) {
    try {
      streamId = JSON.parse(bytes.toString('utf8', idStart - 1, i + 1)) as string
    } catch {
      return 'bad streamId string'
    }
  } else streamId = bytes.toString('utf8', idStart, i)
  i++
  if (!matchAt(bytes, i, fieldVersion)) return 'streamVersion missing'
  const version = readInteger(bytes, i + fieldVersion.length, end)
  if (version === undefined) return 'bad streamVersion'
  if (!matchAt(bytes, version[1], fieldPosition)) return 'globalPosition missing'
  const position = readInteger(bytes, version[1] + fieldPosition.length, end)
  if (position === undefined) return 'bad globalPosition'
  return { streamId, streamVersion: version[0], globalPosition: position[0] }
}
