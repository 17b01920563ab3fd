import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { EventCodec } from '../../src/codec/index.js'
import { formatDecodeError, isDecodeError } from '../../src/codec/index.js'
import { decodeRecord } from '../../src/codec/RecordDecoder.js'
import { decodeJsonLine } from '../../src/codec/RecordDecoder.js'
import {
  bankEventArbitrary,
  cargoEventArbitrary,
  lootEventArbitrary,
} from '../../docs/examples/arbitraries.js'
import { bankEventCodec } from '../../src/examples/bank.codec.js'
import { cargoEventCodec } from '../../src/examples/cargo.codec.js'
import { lootEventCodec } from '../../src/examples/loot.codec.js'
import { parcelCodec } from './parcel.fixture.js'

type AnyCodec = EventCodec<unknown>
const codecs: ReadonlyArray<readonly [string, AnyCodec, fc.Arbitrary<unknown>]> = [
  ['bank', bankEventCodec as AnyCodec, bankEventArbitrary],
  ['loot', lootEventCodec as AnyCodec, lootEventArbitrary],
  ['cargo', cargoEventCodec as AnyCodec, cargoEventArbitrary],
]

/** The result is a Right, or a Left holding a typed decode error that formats to one line. */
const expectTyped = (
  result: { readonly _tag: 'Left'; readonly left: unknown } | { readonly _tag: 'Right' },
) => {
  if (result._tag === 'Right') return
  expect(isDecodeError(result.left)).toBe(true)
  expect(typeof formatDecodeError(result.left as Parameters<typeof formatDecodeError>[0])).toBe(
    'string',
  )
}

const recordOf = (codec: AnyCodec, event: unknown, streamVersion: number) => {
  const encoded = codec.encode(event)
  return {
    streamId: 'hostile-1',
    streamVersion,
    globalPosition: streamVersion,
    eventId: `e-${streamVersion}`,
    type: encoded.type,
    schemaVersion: encoded.schemaVersion,
    data: encoded.data,
    metadata: { recordedAt: '2024-01-01T00:00:00.000Z' },
  }
}

/** Replaces the value at a path (`keys`, taken modulo the keys present) with `value`. */
const mutate = (
  root: unknown,
  picks: ReadonlyArray<number>,
  value: unknown,
  remove: boolean,
): unknown => {
  if (typeof root !== 'object' || root === null) return value
  const copy: Record<string, unknown> = Array.isArray(root) ? { ...root } : { ...(root as object) }
  const keys = Object.keys(copy)
  const [pick, ...rest] = picks
  if (keys.length === 0 || pick === undefined) return value
  const key = keys[pick % keys.length] as string
  if (rest.length === 0 && remove) delete copy[key]
  else copy[key] = mutate(copy[key], rest, value, remove)
  return copy
}

describe('hostile input never throws and always gives a typed error', () => {
  for (const [name, codec, arbitrary] of [
    ...codecs,
    ['parcel', parcelCodec as AnyCodec, fc.constant(undefined)] as const,
  ]) {
    it(`${name}: arbitrary JSON values as records`, () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          const result = decodeRecord(codec)(value)
          expect(result._tag).toBe('Left')
          expectTyped(result)
        }),
      )
    })

    it(`${name}: arbitrary JSON values as data of each known type and version`, () => {
      fc.assert(
        fc.property(
          fc.constantFrom(
            'ItemAdded',
            'MoneyDeposited',
            'CargoLoaded',
            'ParcelShipped',
            'AccountClosed',
            'x',
          ),
          fc.integer({ min: -1, max: 4 }),
          fc.jsonValue(),
          (type, schemaVersion, data) => {
            expectTyped(
              codec.decode({ streamId: 's', streamVersion: 1, type, schemaVersion, data }),
            )
          },
        ),
      )
    })

    if (name === 'parcel') continue

    it(`${name}: mutated records`, () => {
      fc.assert(
        fc.property(
          arbitrary,
          fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
          fc.jsonValue(),
          fc.boolean(),
          (event, picks, value, remove) => {
            expectTyped(
              decodeRecord(codec)(mutate(recordOf(codec, event, 1), picks, value, remove)),
            )
          },
        ),
      )
    })

    it(`${name}: truncated JSON lines`, () => {
      fc.assert(
        fc.property(arbitrary, fc.nat(), (event, cut) => {
          const line = JSON.stringify(recordOf(codec, event, 1))
          const truncated = line.slice(0, cut % line.length)
          const result = decodeJsonLine(codec)(truncated)
          expect(result._tag).toBe('Left')
          expectTyped(result)
        }),
      )
    })
  }
})
