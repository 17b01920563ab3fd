/**
 * Building the batch a command appends: encoded events, fresh event ids, and one metadata
 * record (recordedAt, correlation, causation, command id, user fields) shared by the batch.
 * Records are built with explicit fields so every event of every command has the same shape.
 *
 * @since 0.1.0
 */
import type { EventCodec } from '../codec/EventCodec.js'
import type { EventToAppend, Json } from '../codec/RecordedEvent.js'
import type { CommandOptions } from './CommandModel.js'
import type { IdGeneratorShape } from './services.js'

let lastMillis = Number.NaN
let lastIso = ''
let lastMetadata: EventToAppend['metadata'] = Object.freeze({ recordedAt: '' })

/**
 * The ISO-8601 form of a time in milliseconds. Formatting a date costs more than the rest of
 * a command on an in-memory store, and commands arrive many per millisecond, so the last
 * answer is kept.
 *
 * @category constructors
 * @since 0.1.0
 */
export const isoTimestamp = (millis: number): string => {
  if (millis !== lastMillis) {
    lastIso = new Date(millis).toISOString()
    lastMillis = millis
  }
  return lastIso
}

/**
 * The metadata of a command without options: one frozen object per timestamp, shared by every
 * command of that millisecond, so a store can tell it is unchanged and keep its copy.
 */
const plainMetadata = (recordedAt: string): EventToAppend['metadata'] => {
  if (lastMetadata.recordedAt !== recordedAt) lastMetadata = Object.freeze({ recordedAt })
  return lastMetadata
}

/**
 * The metadata written with every event of one command.
 *
 * @category constructors
 * @since 0.1.0
 */
export const metadataOf = (
  recordedAt: string,
  options: CommandOptions,
): EventToAppend['metadata'] => {
  if (
    options.metadata === undefined &&
    options.correlationId === undefined &&
    options.causationId === undefined &&
    options.commandId === undefined
  )
    return plainMetadata(recordedAt)
  const metadata: Record<string, Json> = {}
  if (options.metadata !== undefined)
    for (const key of Object.keys(options.metadata)) metadata[key] = options.metadata[key] as Json
  metadata['recordedAt'] = recordedAt
  if (options.correlationId !== undefined) metadata['correlationId'] = options.correlationId
  if (options.causationId !== undefined) metadata['causationId'] = options.causationId
  if (options.commandId !== undefined) metadata['commandId'] = options.commandId
  return metadata as EventToAppend['metadata']
}

/**
 * Encodes a command's events for appending, each with a fresh id and the shared metadata.
 *
 * @category constructors
 * @since 0.1.0
 */
export const encodeBatch = <Event>(
  codec: EventCodec<Event>,
  events: ReadonlyArray<Event>,
  ids: IdGeneratorShape,
  metadata: EventToAppend['metadata'],
): ReadonlyArray<EventToAppend> => {
  const batch: Array<EventToAppend> = new Array(events.length)
  for (let i = 0; i < events.length; i++) {
    const encoded = codec.encode(events[i] as Event)
    batch[i] = {
      eventId: ids.next(),
      type: encoded.type,
      schemaVersion: encoded.schemaVersion,
      data: encoded.data,
      metadata,
    }
  }
  return batch
}
