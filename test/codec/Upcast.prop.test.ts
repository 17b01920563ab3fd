import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DecodeInput } from '../../src/codec/EventCodec.js'
import { upcast, upcastersFrom } from '../../src/codec/Upcast.js'
import type { ParcelShippedV1 } from './parcel.fixture.js'
import {
  ParcelShippedV2,
  ParcelShippedV3,
  parcelCodec,
  parcelShippedVersions,
  upcastV1toV2,
  upcastV2toV3,
} from './parcel.fixture.js'

const v1Arbitrary: fc.Arbitrary<ParcelShippedV1> = fc.record({
  parcelId: fc.oneof(
    fc.nat().map((n) => `parcel-${n}`),
    fc.string(),
  ),
  weightGrams: fc.integer({ min: 0, max: 1_000_000 }),
})

const record = (schemaVersion: number, data: unknown): DecodeInput => ({
  streamId: 'parcel-stream',
  streamVersion: 1,
  type: 'ParcelShipped',
  schemaVersion,
  data: JSON.parse(JSON.stringify(data)),
})

describe('upcasting', () => {
  it('has three versions, and two upcasters from v1', () => {
    expect(parcelShippedVersions.version).toBe(3)
    expect(upcastersFrom(parcelShippedVersions, 1)).toHaveLength(2)
    expect(upcastersFrom(parcelShippedVersions, 3)).toHaveLength(0)
  })

  it('upcasting v1 straight through equals upcasting step by step', () => {
    fc.assert(
      fc.property(v1Arbitrary, (v1) => {
        const v2 = upcastV1toV2(v1)
        const v3 = upcastV2toV3(v2)
        expect(upcast(parcelShippedVersions, 1, v1)).toStrictEqual(v3)
        expect(upcast(parcelShippedVersions, 2, v2)).toStrictEqual(v3)
        // Decoding the record at each stored version gives the same current event.
        const fromV1 = parcelCodec.decode(record(1, v1))
        const fromV2 = parcelCodec.decode(record(2, ParcelShippedV2.encode(v2)))
        const fromV3 = parcelCodec.decode(record(3, ParcelShippedV3.encode(v3)))
        expect(fromV1._tag).toBe('Right')
        expect(fromV1).toStrictEqual(fromV2)
        expect(fromV2).toStrictEqual(fromV3)
      }),
    )
  })

  it('every historic version decodes to the current type (rich fields included)', () => {
    fc.assert(
      fc.property(v1Arbitrary, (v1) => {
        const result = parcelCodec.decode(record(1, v1))
        expect(
          result._tag === 'Right' &&
            result.right.type === 'ParcelShipped' &&
            ParcelShippedV3.is(result.right),
        ).toBe(true)
      }),
    )
  })

  it('an old record that fails its own version is refused, not upcast', () => {
    const result = parcelCodec.decode(record(1, { parcelId: 'p', weightGrams: 1.5 }))
    expect(result._tag === 'Left' && result.left).toMatchObject({
      _tag: 'InvalidEventData',
      schemaVersion: 1,
      errors: [{ path: 'data.weightGrams', expected: 'SafeInteger', actual: '1.5' }],
    })
  })
})
