/**
 * The runtime's own error: a stored event its codec cannot read. Domain rejections and store
 * errors keep their own tags; these three families travel side by side in the error channel.
 *
 * @since 0.1.0
 */
import type { DecodeError } from '../codec/DecodeError.js'

/**
 * A stored event could not be decoded while loading a stream or running a projection.
 *
 * @category model
 * @since 0.1.0
 */
export interface EventDecodeFailed {
  readonly _tag: 'EventDecodeFailed'
  readonly streamId: string
  readonly streamVersion: number
  readonly error: DecodeError
}

/**
 * @category constructors
 * @since 0.1.0
 */
export const eventDecodeFailed = (error: DecodeError): EventDecodeFailed => ({
  _tag: 'EventDecodeFailed',
  streamId: error.streamId,
  streamVersion: error.streamVersion,
  error,
})
