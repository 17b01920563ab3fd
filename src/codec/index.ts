/**
 * `foldwise/codec`: stored records, versioned event codecs with upcasting, state codecs and
 * rich field codecs. Pure: fp-ts and io-ts only.
 *
 * @since 0.1.0
 */
export * from './RecordedEvent.js'
export * from './DecodeError.js'
export * from './EventCodec.js'
export * from './Upcast.js'
export * from './SnapshotCodec.js'
export * from './Fields.js'
export * from './FieldErrors.js'
export * from './RecordDecoder.js'
export {
  commandCodec,
  commandCodecFor,
  formatCommandDecodeError,
  invalidCommand,
  isCommandDecodeError,
  unknownCommand,
  type CommandCodec,
  type CommandCodecsFor,
  type CommandDecodeError,
  type CommandOf,
  type InvalidCommand,
  type UnknownCommand,
} from './CommandCodec.js'
