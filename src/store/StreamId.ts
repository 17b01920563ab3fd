/**
 * Stream ids are data, never paths: every adapter checks them the same way.
 *
 * @since 0.1.0
 */
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
 * The reason a stream id is refused, or `undefined` when it is acceptable. Ids such as
 * `../../etc/passwd` are acceptable: adapters store them as data.
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
  if (typeof streamId !== 'string')
    return invalidStreamId(String(streamId), 'a stream id must be a string')
  if (streamId.length === 0) return invalidStreamId(streamId, 'a stream id must not be empty')
  if (controlCharacters.test(streamId))
    return invalidStreamId(streamId, 'a stream id must not hold control characters')
  if (loneSurrogate.test(streamId))
    return invalidStreamId(streamId, 'a stream id must be valid Unicode')
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short ids need no encoding to be measured.
  if (streamId.length * 3 <= maxStreamIdBytes) return undefined
  const bytes = new TextEncoder().encode(streamId).length
  if (bytes > maxStreamIdBytes)
    return invalidStreamId(
      streamId,
      `a stream id must be at most ${maxStreamIdBytes} UTF-8 bytes, got ${bytes}`,
    )
  return undefined
}
