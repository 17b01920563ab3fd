/**
 * The runtime's own errors, and the wrapper that keeps domain rejections apart from them.
 * Three families travel in the error channel of a command: `Rejected` (the domain said no: its
 * rejection is inside, whatever tag the domain gave it), store errors, and `EventDecodeFailed`.
 * Retry decisions look only at the tags of the last two, so a domain may name its rejections
 * freely, even `WrongExpectedVersion` or `Rejected`.
 *
 * @since 0.1.0
 */
import { Predicate } from 'effect'
import type { DecodeError } from '../codec/DecodeError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A stored event could not be decoded while loading a stream or running a projection.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface EventDecodeFailed {
  readonly _tag: 'EventDecodeFailed'
  readonly streamId: string
  readonly streamVersion: number
  readonly error: DecodeError
}

/**
 * The decider rejected the command: the domain's rejection, under the runtime's one tag.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface Rejected<Rejection> {
  readonly _tag: 'Rejected'
  readonly rejection: Rejection
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * An event its codec cannot read.
 *
 * @category constructors
 * @since 0.1.0
 */
export const eventDecodeFailed = (error: DecodeError): EventDecodeFailed => ({
  _tag: 'EventDecodeFailed',
  streamId: error.streamId,
  streamVersion: error.streamVersion,
  error,
})

/**
 * A rejection, wrapped so that no tag the domain chose can be taken for an infrastructure one.
 *
 * @example
 * import { rejected } from './src/runtime/errors.js'
 * const error = rejected({ _tag: 'WrongExpectedVersion' })
 * assert.strictEqual(error._tag, 'Rejected')
 * assert.deepStrictEqual(error.rejection, { _tag: 'WrongExpectedVersion' })
 *
 * @category constructors
 * @since 0.1.0
 */
export const rejected = <Rejection>(rejection: Rejection): Rejected<Rejection> => ({
  _tag: 'Rejected',
  rejection,
})

// -------------------------------------------------------------------------------------
// guards
// -------------------------------------------------------------------------------------

/**
 * The one tag guard of the runtime: whether a value is an object whose `_tag` is `tag`. Use it
 * only on values of the runtime's own families (store and runtime errors), never to tell a
 * domain rejection from an infrastructure error: that is what `Rejected` is for.
 *
 * @example
 * import { hasTag } from './src/runtime/errors.js'
 * assert.strictEqual(hasTag('StoreUnavailable')({ _tag: 'StoreUnavailable', reason: 'down' }), true)
 * assert.strictEqual(hasTag('StoreUnavailable')('StoreUnavailable'), false)
 *
 * @category guards
 * @since 0.1.0
 */
export const hasTag =
  <Tag extends string>(tag: Tag) =>
  (u: unknown): u is { readonly _tag: Tag } =>
    Predicate.isTagged(u, tag)

/**
 * Whether a command's error is the domain's rejection.
 *
 * @category guards
 * @since 0.1.0
 */
export const isRejected: <E>(error: E) => error is Extract<E, Rejected<unknown>> = hasTag(
  'Rejected',
) as <E>(error: E) => error is Extract<E, Rejected<unknown>>

/**
 * A projection or saga runs on a store without a checkpoint store.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface CheckpointsUnsupported {
  readonly _tag: 'CheckpointsUnsupported'
}

/**
 * A projection's saved read model cannot be read back by its codec.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface ReadModelUnreadable {
  readonly _tag: 'ReadModelUnreadable'
  readonly name: string
  readonly reason: unknown
}

/**
 * @category constructors
 * @since 0.1.0
 */
export const checkpointsUnsupported: CheckpointsUnsupported = Object.freeze({
  _tag: 'CheckpointsUnsupported',
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const readModelUnreadable = (name: string, reason: unknown): ReadModelUnreadable => ({
  _tag: 'ReadModelUnreadable',
  name,
  reason,
})
