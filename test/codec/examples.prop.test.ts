import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { EncodedEvent, EventCodec } from '../../src/codec/index.js'
import type { DecodeInput } from '../../src/codec/EventCodec.js'
import { fold } from '../../src/kernel/Decider.js'
import {
  itemArbitrary,
  bankEventArbitrary,
  cargoEventArbitrary,
  lootEventArbitrary,
} from '../../docs/examples/arbitraries.js'
import type { BankEvent } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec, bankStateCodec } from '../../src/examples/bank.codec.js'
import { cargoShip } from '../../src/examples/cargo.js'
import { cargoEventCodec, cargoStateCodec } from '../../src/examples/cargo.codec.js'
import type { LootEvent } from '../../src/examples/loot.js'
import { lootInventory, mostCollected, originsByItem } from '../../src/examples/loot.js'
import { itemFromName, lootEventCodec, lootStateCodec } from '../../src/examples/loot.codec.js'

/** A stored record as a store would hand it back: through JSON. */
const stored = (encoded: EncodedEvent, streamVersion: number): DecodeInput =>
  JSON.parse(
    JSON.stringify({
      streamId: 'stream-1',
      streamVersion,
      type: encoded.type,
      schemaVersion: encoded.schemaVersion,
      data: encoded.data,
    }),
  ) as DecodeInput

const decodeAll = <Event>(
  codec: EventCodec<Event>,
  records: ReadonlyArray<DecodeInput>,
): Array<Event> =>
  records.map((record) => {
    const result = codec.decode(record)
    if (result._tag === 'Left') throw new Error(JSON.stringify(result.left))
    return result.right
  })

describe('example event codecs', () => {
  const domains = [
    ['bank', bankEventCodec, bankEventArbitrary],
    ['loot', lootEventCodec, lootEventArbitrary],
    ['cargo', cargoEventCodec, cargoEventArbitrary],
  ] as const

  for (const [name, codec, arbitrary] of domains) {
    it(`${name}: decode(encode(e)) equals e`, () => {
      fc.assert(
        fc.property(arbitrary as fc.Arbitrary<{ readonly type: string }>, (event) => {
          const c = codec as unknown as EventCodec<{ readonly type: string }>
          expect(c.decode(stored(c.encode(event), 1))).toStrictEqual({
            _tag: 'Right',
            right: event,
          })
        }),
      )
    })
  }
})

// -------------------------------------------------------------------------------------
// histories written partly at old versions
// -------------------------------------------------------------------------------------

/**
 * An event as a v1-era writer could have written it: the current event it upcasts to, and its
 * stored record at the old version. `undefined` for events that have only one version.
 */
const asBankV1 = (event: BankEvent): { event: BankEvent; encoded: EncodedEvent } | undefined =>
  event.type === 'MoneyDeposited'
    ? {
        event: { type: 'MoneyDeposited', amount: event.amount, currency: 'EUR' },
        encoded: { type: 'MoneyDeposited', schemaVersion: 1, data: { amount: event.amount } },
      }
    : undefined

const asLootV1 = (event: LootEvent): { event: LootEvent; encoded: EncodedEvent } | undefined =>
  event.type === 'ItemAdded'
    ? {
        event: { type: 'ItemAdded', item: itemFromName(event.item.name) },
        encoded: { type: 'ItemAdded', schemaVersion: 1, data: { item: event.item.name } },
      }
    : undefined

/** Writes each event at v1 where the coin says so and a v1 form exists. */
const ageHistory = <Event>(
  codec: EventCodec<Event>,
  events: ReadonlyArray<Event>,
  coins: ReadonlyArray<boolean>,
  asV1: (event: Event) => { event: Event; encoded: EncodedEvent } | undefined,
): { current: Array<Event>; records: Array<DecodeInput> } => {
  const current: Array<Event> = []
  const records: Array<DecodeInput> = []
  events.forEach((event, i) => {
    const old = coins[i] === true ? asV1(event) : undefined
    current.push(old === undefined ? event : old.event)
    records.push(stored(old === undefined ? codec.encode(event) : old.encoded, i + 1))
  })
  return { current, records }
}

describe('historic versions', () => {
  it('every historic bank version decodes to the current type', () => {
    fc.assert(
      fc.property(bankEventArbitrary, (event) => {
        const old = asBankV1(event)
        if (old === undefined) return
        expect(bankEventCodec.decode(stored(old.encoded, 1))).toStrictEqual({
          _tag: 'Right',
          right: old.event,
        })
      }),
    )
  })

  it('every historic loot version decodes to the current type', () => {
    fc.assert(
      fc.property(itemArbitrary, (item) => {
        const old = asLootV1({ type: 'ItemAdded', item })
        expect(old !== undefined && lootEventCodec.decode(stored(old.encoded, 1))).toStrictEqual({
          _tag: 'Right',
          right: {
            type: 'ItemAdded',
            item: { name: item.name, rarity: 'common', origin: 'unknown' },
          },
        })
      }),
    )
  })

  it('bank: folding upcast events equals folding events written at the current version', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(bankEventArbitrary, fc.boolean()), { maxLength: 40 }),
        (pairs) => {
          const { current, records } = ageHistory(
            bankEventCodec,
            pairs.map((p) => p[0]),
            pairs.map((p) => p[1]),
            asBankV1,
          )
          expect(fold(bankAccount)(decodeAll(bankEventCodec, records))).toStrictEqual(
            fold(bankAccount)(current),
          )
        },
      ),
    )
  })

  it('loot: folding upcast events equals folding events written at the current version (state and views)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(lootEventArbitrary, fc.boolean()), { maxLength: 40 }),
        (pairs) => {
          const { current, records } = ageHistory(
            lootEventCodec,
            pairs.map((p) => p[0]),
            pairs.map((p) => p[1]),
            asLootV1,
          )
          const decoded = decodeAll(lootEventCodec, records)
          for (const decider of [lootInventory, mostCollected, originsByItem] as const) {
            const f = fold(
              decider as {
                readonly initialState: unknown
                readonly evolve: (s: unknown, e: LootEvent) => unknown
              },
            )
            expect(f(decoded)).toStrictEqual(f(current))
          }
        },
      ),
    )
  })

  it('cargo: folding decoded events equals folding the events', () => {
    fc.assert(
      fc.property(fc.array(cargoEventArbitrary, { maxLength: 40 }), (events) => {
        const records = events.map((e, i) => stored(cargoEventCodec.encode(e), i + 1))
        expect(fold(cargoShip)(decodeAll(cargoEventCodec, records))).toStrictEqual(
          fold(cargoShip)(events),
        )
      }),
    )
  })
})

describe('example state codecs', () => {
  const through = (json: unknown): unknown => JSON.parse(JSON.stringify(json))

  it('decode(encode(state)) equals state for every folded state of the three domains', () => {
    fc.assert(
      fc.property(
        fc.array(bankEventArbitrary, { maxLength: 30 }),
        fc.array(lootEventArbitrary, { maxLength: 30 }),
        fc.array(cargoEventArbitrary, { maxLength: 30 }),
        (bank, loot, cargo) => {
          const b = fold(bankAccount)(bank)
          const l = fold(lootInventory)(loot)
          const c = fold(cargoShip)(cargo)
          expect(
            bankStateCodec.decode({ stateVersion: 1, state: through(bankStateCodec.encode(b)) }),
          ).toStrictEqual({ _tag: 'Right', right: b })
          expect(
            lootStateCodec.decode({ stateVersion: 1, state: through(lootStateCodec.encode(l)) }),
          ).toStrictEqual({ _tag: 'Right', right: l })
          expect(
            cargoStateCodec.decode({ stateVersion: 1, state: through(cargoStateCodec.encode(c)) }),
          ).toStrictEqual({ _tag: 'Right', right: c })
        },
      ),
    )
  })
})
