/**
 * The checksummed envelope every file of the file store uses, and the header of a log line.
 *
 * A line of the log is exactly one of
 *
 * ```text
 * {"crc32":"<8 lowercase hex digits>","event":<record JSON>}\n
 * {"crc32":"<8 lowercase hex digits>","event":<record JSON>,"more":true}\n
 * ```
 *
 * the second for every event of an append but its last: the append continues on the next line.
 * An append is whole when its last line (one without `"more"`) is; recovery cuts an append that
 * is not. Logs written before `"more"` existed read as one append per line.
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
  readonly eventId: string
}

/**
 * Where the JSON payload of an envelope lies in a buffer, or why the envelope is damaged.
 *
 * @category model
 * @since 0.1.0
 */
export type EnvelopeCheck =
  | {
      readonly _tag: 'Valid'
      readonly payloadStart: number
      readonly payloadEnd: number
      /** A log line not the last of its append (`,"more":true` after the record). */
      readonly more: boolean
    }
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
 * import { encodeEnvelope } from './src/adapters/file/LineFormat.js'
 * assert.strictEqual(encodeEnvelope('event', '{}'), '{"crc32":"a3a6bf43","event":{}}')
 *
 * @category constructors
 * @since 0.1.0
 */
export const encodeEnvelope = (key: string, json: string): string =>
  `{"crc32":"${checksum(json)}","${key}":${json}}`

/**
 * The text that ends a log line whose append continues on the next line.
 *
 * @category constructors
 * @since 0.1.0
 */
export const moreSuffix = ',"more":true}'

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

const matchAt = (bytes: Uint8Array, at: number, literal: Buffer): boolean => {
  for (let i = 0; i < literal.length; i++) if (bytes[at + i] !== literal[i]) return false
  return true
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
): EnvelopeCheck => checkPayload(key, bytes, start, end - 1, false)

const moreBytes = Buffer.from(moreSuffix)

/**
 * Checks a log line held in `bytes[start, end)` (no trailing newline): an `event` envelope,
 * ending either with `}` or with `,"more":true}`.
 *
 * @category destructors
 * @since 0.1.0
 */
export const checkLogLine = (bytes: Uint8Array, start: number, end: number): EnvelopeCheck => {
  const suffixAt = end - moreBytes.length
  const more = suffixAt > start && matchAt(bytes, suffixAt, moreBytes)
  return checkPayload('event', bytes, start, more ? suffixAt : end - 1, more)
}

const checkPayload = (
  key: string,
  bytes: Uint8Array,
  start: number,
  payloadEnd: number,
  more: boolean,
): EnvelopeCheck => {
  const tail = prefixTail(key)
  const payloadStart = start + prefixHead.length + 8 + tail.length
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
  if (!more && bytes[payloadEnd] !== closeBrace)
    return { _tag: 'Damaged', reason: 'line does not end with }' }
  const actual = crc32(bytes.subarray(payloadStart, payloadEnd))
  if (actual !== expected)
    return {
      _tag: 'Damaged',
      reason: `checksum mismatch (stored ${hex8(expected)}, computed ${hex8(actual)})`,
    }
  return { _tag: 'Valid', payloadStart, payloadEnd, more }
}

const fieldStreamId = Buffer.from('{"streamId":"')
const fieldVersion = Buffer.from(',"streamVersion":')
const fieldPosition = Buffer.from(',"globalPosition":')
const fieldEventId = Buffer.from(',"eventId":"')

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
  const streamId = readString(bytes, start + fieldStreamId.length, end)
  if (streamId === undefined) return 'bad streamId string'
  const i = streamId[1]
  if (!matchAt(bytes, i, fieldVersion)) return 'streamVersion missing'
  const version = readInteger(bytes, i + fieldVersion.length, end)
  if (version === undefined) return 'bad streamVersion'
  if (!matchAt(bytes, version[1], fieldPosition)) return 'globalPosition missing'
  const position = readInteger(bytes, version[1] + fieldPosition.length, end)
  if (position === undefined) return 'bad globalPosition'
  if (!matchAt(bytes, position[1], fieldEventId)) return 'eventId missing'
  const eventId = readString(bytes, position[1] + fieldEventId.length, end)
  if (eventId === undefined) return 'bad eventId string'
  return {
    streamId: streamId[0],
    streamVersion: version[0],
    globalPosition: position[0],
    eventId: eventId[0],
  }
}

/** Reads the JSON string whose text starts at `at` (after its quote); [value, index after it]. */
const readString = (
  bytes: Buffer,
  at: number,
  end: number,
): readonly [string, number] | undefined => {
  let i = at
  let escaped = false
  while (i < end && bytes[i] !== quote) {
    if (bytes[i] === backslash) {
      escaped = true
      i++
    }
    i++
  }
  if (i >= end) return undefined
  if (!escaped) return [bytes.toString('utf8', at, i), i + 1]
  try {
    return [JSON.parse(bytes.toString('utf8', at - 1, i + 1)) as string, i + 1]
  } catch {
    return undefined
  }
}
