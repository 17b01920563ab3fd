/**
 * Stream ids are data, never paths: every adapter checks them the same way.
 *
 * @since 0.1.0
 */
import { describeValue } from './DescribeValue.js'
import type { InvalidStreamId } from './StoreError.js'
import { invalidStreamId } from './StoreError.js'

/**
 * The longest stream id accepted, in UTF-8 bytes.
 *
 * @category model
 * @since 0.1.0
 */
export const maxStreamIdBytes = 512

// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/**
 * Matches a control character or any surrogate (paired or not): one expression, so an id
 * without either is cleared in one native scan (measured: ~60 ns for a 36-character id,
 * against ~100-150 ns for a loop over its code units).
 */
// eslint-disable-next-line no-control-regex
const controlOrSurrogate = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/

/**
 * Why `value` is refused as an id (a stream id, an event id, an event type, a projection name),
 * or `undefined` when it is acceptable: it must be a non-empty string of valid Unicode, without
 * control characters, of at most `maxStreamIdBytes` UTF-8 bytes. One rule for every id, so
 * every adapter can store and print them (PostgreSQL's `text` refuses U+0000; a terminal obeys
 * escape sequences).
 *
 * @example
 * import { idRefusal } from './src/store/StreamId.js'
 * assert.strictEqual(idRefusal('e-1'), undefined)
 * assert.strictEqual(idRefusal(42), 'must be a string, got 42')
 *
 * @category guards
 * @since 0.1.0
 */
export const idRefusal = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return `must be a string, got ${describeValue(value)}`
  if (value.length === 0) return 'must not be empty'
  // Checked on every event appended: one scan clears most ids without running the two
  // precise expressions.
  if (controlOrSurrogate.test(value)) {
    if (controlCharacters.test(value)) return 'must not hold control characters'
    if (loneSurrogate.test(value)) return 'must be valid Unicode'
  }
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short ids need no encoding to be measured.
  if (value.length * 3 <= maxStreamIdBytes) return undefined
  const bytes = new TextEncoder().encode(value).length
  if (bytes > maxStreamIdBytes)
    return `must be at most ${maxStreamIdBytes} UTF-8 bytes, got ${bytes}`
  return undefined
}

/**
 * The reason a stream id is refused, or `undefined` when it is acceptable (see `idRefusal`).
 * Ids such as `../../etc/passwd` are acceptable: adapters store them as data.
 *
 * @example
 * import { checkStreamId } from './src/store/StreamId.js'
 * assert.strictEqual(checkStreamId('account-1'), undefined)
 * assert.strictEqual(checkStreamId('')?._tag, 'InvalidStreamId')
 *
 * @category guards
 * @since 0.1.0
 */
export const checkStreamId = (streamId: string): InvalidStreamId | undefined => {
  const refused = idRefusal(streamId)
  return refused === undefined
    ? undefined
    : invalidStreamId(
        typeof streamId === 'string' ? streamId : describeValue(streamId),
        `a stream id ${refused}`,
      )
}
