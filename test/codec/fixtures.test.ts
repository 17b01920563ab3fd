/**
 * Golden fixtures: stored records of every historic version of the example events, as a store
 * wrote them. A codec change that can no longer read old data fails here.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { RecordedEvent } from '../../src/codec/index.js'
import type { VersionedEventCodec } from '../../src/codec/EventCodec.js'
import { RecordedEventCodec, formatDecodeError } from '../../src/codec/index.js'
import { decodeRecord } from '../../src/codec/RecordDecoder.js'
import { fold } from '../../src/kernel/Decider.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec } from '../../src/examples/bank.codec.js'
import { cargoShip } from '../../src/examples/cargo.js'
import { cargoEventCodec } from '../../src/examples/cargo.codec.js'
import { lootInventory } from '../../src/examples/loot.js'
import { lootEventCodec } from '../../src/examples/loot.codec.js'

const lines = (name: string): ReadonlyArray<unknown> =>
  readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as unknown)

const fixtures = [
  ['bank', bankEventCodec],
  ['loot', lootEventCodec],
  ['cargo', cargoEventCodec],
] as const

describe('golden fixtures', () => {
  for (const [name, codec] of fixtures) {
    const records = lines(`${name}.jsonl`)
    const expected = lines(`${name}.decoded.jsonl`)

    it(`${name}: every line is a valid RecordedEvent`, () => {
      for (const record of records) {
        const result = RecordedEventCodec.decode(record)
        expect(result._tag, JSON.stringify(record)).toBe('Right')
      }
    })

    it(`${name}: every record decodes to the current event it stands for`, () => {
      const c = codec as VersionedEventCodec<unknown>
      const decoded = records.map((record) => {
        const result = decodeRecord(c)(record)
        if (result._tag === 'Left') throw new Error(formatDecodeError(result.left))
        return result.right
      })
      expect(decoded).toStrictEqual(expected)
    })

    it(`${name}: the fixtures hold every schema version of every event type`, () => {
      const held = new Set(
        (records as ReadonlyArray<RecordedEvent>).map((r) => `${r.type} v${r.schemaVersion}`),
      )
      for (const [type, current] of codec.currentVersions) {
        for (let version = 1; version <= current; version++)
          expect(held).toContain(`${type} v${version}`)
      }
    })
  }

  it('the decoded histories fold to the states they were written for', () => {
    const decodeAll = <Event>(codec: VersionedEventCodec<Event>, name: string): Array<Event> =>
      lines(`${name}.jsonl`).map((record) => {
        const result = decodeRecord(codec)(record)
        if (result._tag === 'Left') throw new Error(formatDecodeError(result.left))
        return result.right
      })
    expect(fold(bankAccount)(decodeAll(bankEventCodec, 'bank'))).toStrictEqual({
      status: 'closed',
      accountId: 'acc-1',
      owner: 'Ada',
      balance: 1550,
      currency: 'EUR',
    })
    expect(fold(lootInventory)(decodeAll(lootEventCodec, 'loot'))).toStrictEqual({
      items: [{ name: 'bow', rarity: 'rare', origin: 'merchant' }],
    })
    const ship = fold(cargoShip)(decodeAll(cargoEventCodec, 'cargo'))
    expect(ship.cargo).toStrictEqual(new Map([['grain', 25]]))
    expect(ship.location).toStrictEqual({ _tag: 'AtSea' })
  })
})
