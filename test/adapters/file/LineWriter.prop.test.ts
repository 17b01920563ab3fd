/**
 * The commit's line writer must produce exactly the bytes of `encodeLine` (the format the
 * readers, `verify` and `repair` check), for any stream id, event and place.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { checkLogLine, readLineHeader } from '../../../src/adapters/file/LineFormat.js'
import {
  emptyLineBuffer,
  lineBytes,
  recordHead,
  resetLineBuffer,
  writeLogLine,
} from '../../../src/adapters/file/LineWriter.js'
import { encodeLine, encodeTail } from '../../../src/adapters/file/RecordCodec.js'
import type { Json } from '../../../src/codec/RecordedEvent.js'
import type { FrozenEvent } from '../../../src/store/FrozenRecord.js'
import { freezeStorableEvent } from '../../../src/store/FrozenRecord.js'

const freezeEvent = (
  toAppend: Parameters<typeof freezeStorableEvent>[1],
  at: string,
): FrozenEvent => {
  const frozen = freezeStorableEvent('s', toAppend, at)
  if ('_tag' in frozen) throw new Error(`refused: ${frozen.reason}`)
  return frozen
}

const text = fc.string({ unit: 'grapheme', maxLength: 40 })
// Event ids and types are refused when empty or holding control characters (StoreArguments.ts).
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/
const name = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
  .filter((s) => !controlCharacter.test(s))
// The header reader takes numbers of up to 15 digits.
const line = fc.record({
  streamId: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }), text),
  eventId: name,
  type: name,
  data: fc.jsonValue() as fc.Arbitrary<Json>,
  version: fc.integer({ min: 1, max: 999_999_999_999_999 }),
  position: fc.integer({ min: 1, max: 999_999_999_999_999 }),
  more: fc.boolean(),
})

describe('LineWriter', () => {
  test.prop([fc.array(line, { minLength: 1, maxLength: 20 })])(
    'the lines written equal encodeLine’s, concatenated, and each reads back',
    (lines) => {
      const buffer = emptyLineBuffer()
      // A used buffer first: reset must leave nothing of it behind.
      writeLogLine(
        buffer,
        recordHead('x'),
        1,
        1,
        encodeTail(freezeEvent(event('y', 'z', 1), 'a')),
        false,
      )
      resetLineBuffer(buffer)
      const expected: string[] = []
      const lengths: number[] = []
      for (const l of lines) {
        const tail = encodeTail(freezeEvent(event(l.eventId, l.type, l.data), 't'))
        expected.push(encodeLine(JSON.stringify(l.streamId), l.version, l.position, tail, l.more))
        lengths.push(
          writeLogLine(buffer, recordHead(l.streamId), l.version, l.position, tail, l.more),
        )
      }
      const bytes = lineBytes(buffer)
      expect(bytes.equals(Buffer.from(expected.join('')))).toBe(true)
      let offset = 0
      lines.forEach((l, i) => {
        const end = offset + (lengths[i] as number)
        expect(bytes[end - 1]).toBe(0x0a)
        const check = checkLogLine(bytes, offset, end - 1)
        if (check._tag !== 'Valid') throw new Error(check.reason)
        expect(check.more).toBe(l.more)
        const header = readLineHeader(bytes, check.payloadStart, check.payloadEnd)
        expect(header).toEqual({
          streamId: l.streamId,
          streamVersion: l.version,
          globalPosition: l.position,
          eventId: l.eventId,
        })
        offset = end
      })
      expect(offset).toBe(bytes.length)
    },
  )
})

const event = (eventId: string, type: string, data: Json) => ({
  eventId,
  type,
  schemaVersion: 1,
  data,
  metadata: {},
})
