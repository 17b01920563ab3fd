/**
 * `foldwise/codec`: stored records, versioned event codecs with upcasting, state codecs and
 * rich field codecs. Pure: fp-ts and io-ts only.
 *
 * @since 0.1.0
 */
export type { EventMetadata, EventToAppend, Json, RecordedEvent } from './RecordedEvent.js'
export { RecordedEventCodec } from './RecordedEvent.js'
export type {
  DecodeError,
  InvalidEventData,
  UnknownEventType,
  UnsupportedSchemaVersion,
} from './DecodeError.js'
export { formatDecodeError, isDecodeError } from './DecodeError.js'
export type {
  DecodeInput,
  EncodedEvent,
  EventCodec,
  EventOf,
  VersionedEventCodec,
} from './EventCodec.js'
export { eventCodec, eventCodecFor } from './EventCodec.js'
export { upcast, versions } from './Upcast.js'
export type { StateCodec } from './SnapshotCodec.js'
export { stateCodec } from './SnapshotCodec.js'
export type { Id } from './Fields.js'
export {
  BigIntFromString,
  brandedId,
  DateFromISOString,
  ReadonlyMapFromEntries,
  SafeInteger,
} from './Fields.js'
export type {
  CommandCodec,
  CommandCodecsFor,
  CommandDecodeError,
  CommandOf,
  InvalidCommand,
  UnknownCommand,
} from './CommandCodec.js'
export {
  commandCodec,
  commandCodecFor,
  formatCommandDecodeError,
  isCommandDecodeError,
} from './CommandCodec.js'
