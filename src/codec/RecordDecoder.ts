/**
 * Decoding records of unknown shape: a JSON line or a value read from outside, checked as a
 * `DecodeInput` before the event codec decodes it. Never throws; every failure is a
 * `DecodeError` whose field errors name the bad part of the record.
 *
 * @since 0.1.0
 */
import type { Either } from 'fp-ts/lib/Either.js'
import { left } from '../kernel/either.js'
import type { DecodeError, FieldError } from './DecodeError.js'
import { invalidEventData } from './DecodeError.js'
import type { EventCodec } from './EventCodec.js'
import { renderValue } from './FieldErrors.js'

const isVersion = (u: unknown): u is number =>
  typeof u === 'number' && Number.isSafeInteger(u) && u >= 1

const field = (path: string, expected: string, actual: unknown): FieldError => ({
  path,
  expected,
  actual: renderValue(actual),
})

/**
 * Decodes a value of unknown shape that should be a stored record (a `RecordedEvent` or any
 * `DecodeInput`): a record whose envelope is wrong gives `InvalidEventData` naming each bad
 * envelope field (its stream and versions as far as they could be read).
 *
 * @example
 * import * as t from 'io-ts'
 * import { eventCodec, versions } from 'foldwise/codec'
 * import { decodeRecord } from './src/codec/RecordDecoder.js'
 * const codec = eventCodec({ Pinged: versions(t.type({})) })
 * const result = decodeRecord(codec)({ streamId: 's', streamVersion: 'one', type: 'Pinged', schemaVersion: 1, data: {} })
 * assert.strictEqual(result._tag, 'Left')
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeRecord =
  <Event>(codec: EventCodec<Event>) =>
  (u: unknown): Either<DecodeError, Event> => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) {
      return left(
        invalidEventData({ streamId: '', streamVersion: 0, type: '', schemaVersion: 0 }, [
          field('', 'a record object', u),
        ]),
      )
    }
    const record = u as Readonly<Record<string, unknown>>
    const { streamId, streamVersion, type, schemaVersion } = record
    const errors: Array<FieldError> = []
    if (typeof streamId !== 'string') errors.push(field('streamId', 'string', streamId))
    if (!isVersion(streamVersion))
      errors.push(field('streamVersion', 'PositiveInteger', streamVersion))
    if (typeof type !== 'string') errors.push(field('type', 'string', type))
    if (!isVersion(schemaVersion))
      errors.push(field('schemaVersion', 'PositiveInteger', schemaVersion))
    if (!('data' in record)) errors.push(field('data', 'JSON', undefined))
    if (errors.length > 0) {
      return left(
        invalidEventData(
          {
            streamId: typeof streamId === 'string' ? streamId : '',
            streamVersion: typeof streamVersion === 'number' ? streamVersion : 0,
            type: typeof type === 'string' ? type : '',
            schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 0,
          },
          errors,
        ),
      )
    }
    return codec.decode({
      streamId: streamId as string,
      streamVersion: streamVersion as number,
      type: type as string,
      schemaVersion: schemaVersion as number,
      data: record['data'],
    })
  }

/**
 * Decodes one JSON line holding a stored record. A line that is not JSON (truncated, damaged)
 * gives `InvalidEventData` at the empty path.
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeJsonLine = <Event>(
  codec: EventCodec<Event>,
): ((line: string) => Either<DecodeError, Event>) => {
  const decode = decodeRecord(codec)
  return (line) => {
    let parsed: unknown
    try {
      parsed = JSON.parse(line)
    } catch {
      // JSON.parse's only way to say "not JSON": turned into data here, never rethrown.
      return left(
        invalidEventData({ streamId: '', streamVersion: 0, type: '', schemaVersion: 0 }, [
          field('', 'a JSON record', line),
        ]),
      )
    }
    return decode(parsed)
  }
}
