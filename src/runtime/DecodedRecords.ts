/**
 * Decoding stored records once per process. Loading a stream decodes (and so validates) every
 * record it folds; a record this process already decoded with the same codec is not validated
 * again: its decoded event is kept beside it, in a WeakMap keyed by the record. Only frozen
 * records are remembered (every adapter of foldwise hands out records deep-frozen at append
 * time, so what was validated cannot have changed since); a record read fresh from a file or
 * a database is a new object, so it is always validated. Nothing unvalidated is trusted.
 *
 * Measured on a 100,000-event bank stream in memory (io-ts codec): decoding was most of a
 * load's cost; a WeakMap hit costs a few tens of nanoseconds.
 *
 * @since 0.1.0
 */
import type { EventCodec } from '../codec/EventCodec.js'
import type { RecordedEvent } from '../codec/RecordedEvent.js'
import type { EventDecodeFailed } from './errors.js'
import { eventDecodeFailed } from './errors.js'
import { Failed } from './Step.js'

const decodedBy = new WeakMap<object, WeakMap<RecordedEvent, unknown>>()

/**
 * The events `codec` has decoded from frozen records in this process.
 *
 * @category constructors
 * @since 0.1.0
 */
export const decodedRecordsOf = <Event>(
  codec: EventCodec<Event>,
): WeakMap<RecordedEvent, Event> => {
  let known = decodedBy.get(codec)
  if (known === undefined) decodedBy.set(codec, (known = new WeakMap()))
  return known as WeakMap<RecordedEvent, Event>
}

/**
 * The event of a stored record: remembered when this process decoded the same frozen record
 * with the same codec, else decoded (and remembered when the record is frozen).
 *
 * @category combinators
 * @since 0.1.0
 */
export const decodeRecord = <Event>(
  codec: EventCodec<Event>,
  known: WeakMap<RecordedEvent, Event>,
  record: RecordedEvent,
): Event | Failed<EventDecodeFailed> => {
  const seen = known.get(record)
  if (seen !== undefined) return seen
  const decoded = codec.decode(record)
  if (decoded._tag === 'Left') return new Failed(eventDecodeFailed(decoded.left))
  if (Object.isFrozen(record)) known.set(record, decoded.right)
  return decoded.right
}
