import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { eventCodec, formatDecodeError, versions } from '../../src/codec/index.js'

const record = (data: unknown) => ({
  streamId: 'parcel-7',
  streamVersion: 3,
  type: 'ParcelWeighed',
  schemaVersion: 1,
  data,
})

const v2 = t.type({ grams: t.number })

describe('upcasters are user code: their failures are typed errors', () => {
  it('an upcaster that throws gives InvalidEventData naming the step, not an exception', () => {
    const codec = eventCodec({
      ParcelWeighed: versions(t.type({ kilos: t.number })).upcastTo(v2, () => {
        throw new Error('no scale attached')
      }),
    })
    const decoded = codec.decode(record({ kilos: 2 }))
    expect(isLeft(decoded)).toBe(true)
    if (!isLeft(decoded)) return
    expect(decoded.left._tag).toBe('InvalidEventData')
    expect(formatDecodeError(decoded.left)).toContain('the upcaster threw: no scale attached')
    expect(formatDecodeError(decoded.left)).toContain('parcel-7@3')
  })

  it('an upcaster whose result does not fit the current codec gives InvalidEventData naming the value', () => {
    const codec = eventCodec({
      ParcelWeighed: versions(t.type({ kilos: t.number })).upcastTo(
        v2,
        // A bug the type system cannot see: the cast hides a wrong field type.
        (v1) => ({ grams: String(v1.kilos * 1000) }) as unknown as { grams: number },
      ),
    })
    const decoded = codec.decode(record({ kilos: 2 }))
    expect(isLeft(decoded) && decoded.left._tag).toBe('InvalidEventData')
    if (!isLeft(decoded)) return
    expect(formatDecodeError(decoded.left)).toContain('"grams":"2000"')
  })

  it('a correct upcaster still decodes to the current shape', () => {
    const codec = eventCodec({
      ParcelWeighed: versions(t.type({ kilos: t.number })).upcastTo(v2, (v1) => ({
        grams: v1.kilos * 1000,
      })),
    })
    const decoded = codec.decode(record({ kilos: 2 }))
    expect(isRight(decoded) && decoded.right).toEqual({ type: 'ParcelWeighed', grams: 2000 })
  })
})
