import * as fc from 'fast-check'
import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import {
  BigIntFromString,
  DateFromISOString,
  ReadonlyMapFromEntries,
  SafeInteger,
  brandedId,
} from '../../src/codec/index.js'
import { parcelCodec } from './parcel.fixture.js'
import type { ParcelId } from './parcel.fixture.js'

const through = <A, O>(codec: t.Type<A, O, unknown>, value: A) =>
  codec.decode(JSON.parse(JSON.stringify(codec.encode(value))))

const validDate = fc.date({ noInvalidDate: true, min: new Date(-8.64e15), max: new Date(8.64e15) })

describe('rich fields', () => {
  it('dates: decode(encode(d)) equals d', () => {
    fc.assert(
      fc.property(validDate, (d) => {
        expect(through(DateFromISOString, d)).toStrictEqual({ _tag: 'Right', right: d })
      }),
    )
  })

  it('dates: encode(decode(s)) equals s for canonical ISO strings', () => {
    fc.assert(
      fc.property(validDate, (d) => {
        const s = d.toISOString()
        const decoded = DateFromISOString.decode(s)
        expect(decoded._tag === 'Right' && DateFromISOString.encode(decoded.right)).toBe(s)
      }),
    )
  })

  it('dates: refuses ambiguous or invalid strings', () => {
    for (const s of [
      '2024-05-01',
      '2024-05-01T12:00:00',
      '2024-13-01T00:00:00Z',
      'soon',
      '',
      1714564800000,
    ]) {
      expect(DateFromISOString.decode(s)._tag).toBe('Left')
    }
    expect(DateFromISOString.decode('2024-05-01T14:00:00+02:00')).toStrictEqual({
      _tag: 'Right',
      right: new Date(Date.UTC(2024, 4, 1, 12)),
    })
  })

  it('big integers: decode(encode(n)) equals n, and encode(decode(s)) equals s', () => {
    fc.assert(
      fc.property(fc.bigInt(), (n) => {
        expect(through(BigIntFromString, n)).toStrictEqual({ _tag: 'Right', right: n })
        expect(BigIntFromString.encode(n)).toBe(n.toString())
      }),
    )
    for (const s of ['01', '+1', '-0', '1.0', '1e3', '', ' 1', 'x'])
      expect(BigIntFromString.decode(s)._tag).toBe('Left')
  })

  it('branded ids: round trip, refuse the wrong form', () => {
    const ShipId = brandedId('ShipId', /^imo-[0-9]{7}$/)
    fc.assert(
      fc.property(fc.stringMatching(/^imo-[0-9]{7}$/), (s) => {
        expect(through(ShipId, s as t.TypeOf<typeof ShipId>)).toStrictEqual({
          _tag: 'Right',
          right: s,
        })
      }),
    )
    expect(ShipId.decode('imo-1')._tag).toBe('Left')
    expect(ShipId.decode('')._tag).toBe('Left')
    expect(brandedId('Any').decode('')._tag).toBe('Left')
  })

  it('maps: decode(encode(m)) equals m; duplicate keys are refused', () => {
    const Cargo = ReadonlyMapFromEntries(t.string, SafeInteger)
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.integer())), (entries) => {
        const map: ReadonlyMap<string, number> = new Map(entries)
        expect(through(Cargo, map)).toStrictEqual({ _tag: 'Right', right: map })
      }),
    )
    expect(
      Cargo.decode([
        ['a', 1],
        ['a', 2],
      ])._tag,
    ).toBe('Left')
    expect(Cargo.decode([['a', 1.5]])._tag).toBe('Left')
    expect(Cargo.is(new Map([['a', 1]]))).toBe(true)
    expect(Cargo.is(new Map([['a', 'x']]))).toBe(false)
  })

  it('events with rich fields: decode(encode(e)) equals e', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.integer({ min: 0, max: 1e6 }),
        fc.constantFrom('g', 'kg'),
        validDate,
        fc.bigInt(),
        (n, value, unit, shippedAt, declaredValue) => {
          const event = {
            type: 'ParcelShipped' as const,
            parcelId: `parcel-${n}` as t.TypeOf<typeof ParcelId>,
            weight: { value, unit },
            shippedAt,
            declaredValue,
          }
          const encoded = JSON.parse(JSON.stringify(parcelCodec.encode(event))) as ReturnType<
            typeof parcelCodec.encode
          >
          expect(encoded.schemaVersion).toBe(3)
          expect(typeof (encoded.data as { declaredValue: unknown }).declaredValue).toBe('string')
          expect(parcelCodec.decode({ streamId: 's', streamVersion: 1, ...encoded })).toStrictEqual(
            { _tag: 'Right', right: event },
          )
        },
      ),
    )
  })
})
