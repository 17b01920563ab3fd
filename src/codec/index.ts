/**
 * `foldwise/codec`: stored records, versioned event codecs with upcasting, command codecs, state
 * codecs and rich field codecs. Pure: fp-ts and io-ts only. Each error family is one union told
 * apart by `_tag`, with its guard and formatter: `DecodeError` (`'UnknownEventType'`,
 * `'UnsupportedSchemaVersion'`, `'InvalidEventData'`) and `CommandDecodeError`
 * (`'UnknownCommand'`, `'InvalidCommand'`); name one member as
 * `Extract<DecodeError, { readonly _tag: 'InvalidEventData' }>`.
 *
 * @since 0.1.0
 */
export type { Json, RecordedEvent } from './RecordedEvent.js'
export { RecordedEventCodec } from './RecordedEvent.js'
export type { DecodeError } from './DecodeError.js'
export { formatDecodeError, isDecodeError } from './DecodeError.js'
export type { EncodedEvent, EventCodec, EventOf } from './EventCodec.js'
export { eventCodec } from './EventCodec.js'
export { versions } from './Upcast.js'
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
export type { CommandCodec, CommandDecodeError, CommandOf } from './CommandCodec.js'
export { commandCodec, formatCommandDecodeError, isCommandDecodeError } from './CommandCodec.js'
