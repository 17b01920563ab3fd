/**
 * Codec benchmark: decode 1,000,000 JSON event lines (bank events) with `JSON.parse` alone,
 * with `JSON.parse` plus a hand-written check (the baseline), with a plain io-ts union, and
 * with the foldwise codec, at the current version and with an upcast step.
 * Target: the foldwise codec at 0.5x of the baseline's rate or better.
 */
import * as t from 'io-ts'
import type { BankEvent } from '../../src/examples/bank.js'
import { bankEventCodec } from '../../src/examples/bank.codec.js'
import type { DecodeInput } from '../../src/codec/EventCodec.js'
import { decodeRecord } from '../../src/codec/RecordDecoder.js'
import type { Bench } from './harness.js'
import { bestRate, consume } from './harness.js'

const total = 1_000_000
const distinct = 10_000

const eventAt = (i: number): BankEvent => {
  switch (i % 4) {
    case 0:
      return { type: 'MoneyDeposited', amount: 100 + (i % 997), currency: 'EUR' }
    case 1:
      return { type: 'MoneyWithdrawn', amount: 1 + (i % 89) }
    case 2:
      return { type: 'MoneyDeposited', amount: 7 + (i % 331), currency: 'EUR' }
    default:
      return {
        type: 'AccountOpened',
        accountId: `acc-${i}`,
        owner: 'Ada',
        initialBalance: i % 5000,
        currency: 'EUR',
      }
  }
}

/** 1,000,000 lines drawn from `distinct` stored records; `v1` writes deposits at v1. */
const makeLines = (v1: boolean): ReadonlyArray<string> => {
  const pool: Array<string> = []
  for (let i = 0; i < distinct; i++) {
    const event = eventAt(i)
    const encoded = bankEventCodec.encode(event)
    const old = v1 && event.type === 'MoneyDeposited'
    pool.push(
      JSON.stringify({
        streamId: `account-${i % 100}`,
        streamVersion: 1 + (i % 1000),
        globalPosition: i + 1,
        eventId: `e-${i}`,
        type: encoded.type,
        schemaVersion: old ? 1 : encoded.schemaVersion,
        data: old ? { amount: (encoded.data as { amount: number }).amount } : encoded.data,
        metadata: { recordedAt: '2024-01-01T00:00:00.000Z' },
      }),
    )
  }
  return Array.from({ length: total }, (_, i) => pool[i % distinct] as string)
}

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)
const isInt = (u: unknown): u is number => typeof u === 'number' && Number.isSafeInteger(u)

/** The baseline: what a careful engineer writes by hand for these three event types. */
const handDecode = (u: unknown): BankEvent | undefined => {
  if (!isRecord(u) || typeof u['streamId'] !== 'string' || !isInt(u['streamVersion']))
    return undefined
  const data = u['data']
  if (!isRecord(data)) return undefined
  switch (u['type']) {
    case 'MoneyDeposited':
      if (
        u['schemaVersion'] !== 2 ||
        !isInt(data['amount']) ||
        typeof data['currency'] !== 'string'
      )
        return undefined
      return { type: 'MoneyDeposited', amount: data['amount'], currency: data['currency'] }
    case 'MoneyWithdrawn':
      if (u['schemaVersion'] !== 1 || !isInt(data['amount'])) return undefined
      return { type: 'MoneyWithdrawn', amount: data['amount'] }
    case 'AccountOpened': {
      const { accountId, owner, initialBalance, currency } = data
      if (u['schemaVersion'] !== 1 || typeof accountId !== 'string' || typeof owner !== 'string')
        return undefined
      if (!isInt(initialBalance) || typeof currency !== 'string') return undefined
      return { type: 'AccountOpened', accountId, owner, initialBalance, currency }
    }
    default:
      return undefined
  }
}

const SafeInt = t.refinement(t.number, (n) => Number.isSafeInteger(n), 'SafeInteger')
/** What io-ts users usually write: one union of every event's full record, tried in turn. */
const naiveUnion = t.type({
  streamId: t.string,
  streamVersion: SafeInt,
  data: t.union([
    t.type({ accountId: t.string, owner: t.string, initialBalance: SafeInt, currency: t.string }),
    t.type({ amount: SafeInt, currency: t.string }),
    t.type({ amount: SafeInt }),
  ]),
  type: t.keyof({ AccountOpened: null, MoneyDeposited: null, MoneyWithdrawn: null }),
})

const run = (lines: ReadonlyArray<string>, decode: (u: unknown) => unknown) => () => {
  let ok = 0
  for (let i = 0; i < lines.length; i++) {
    const result = decode(JSON.parse(lines[i] as string))
    if (result !== undefined) ok++
    consume(result)
  }
  if (ok !== lines.length) throw new Error(`decoded ${ok} of ${lines.length}`)
}

const bench: Bench = async () => {
  const current = makeLines(false)
  const upcast = makeLines(true)
  const decodeUnknown = decodeRecord(bankEventCodec)
  const foldwise = (u: unknown) => {
    const r = bankEventCodec.decode(u as DecodeInput)
    return r._tag === 'Right' ? r.right : undefined
  }
  const foldwiseChecked = (u: unknown) => {
    const r = decodeUnknown(u)
    return r._tag === 'Right' ? r.right : undefined
  }
  const ioTs = (u: unknown) => {
    const r = naiveUnion.decode(u)
    return r._tag === 'Right' ? r.right : undefined
  }
  const rows = [
    {
      name: 'JSON.parse alone',
      perSecond: await bestRate(
        total,
        run(current, (u) => u),
        3,
      ),
    },
    {
      name: 'JSON.parse + hand-written check',
      perSecond: await bestRate(total, run(current, handDecode), 3),
    },
    {
      name: 'JSON.parse + plain io-ts union',
      perSecond: await bestRate(total, run(current, ioTs), 3),
      note: 'no versions, no upcasting',
    },
    {
      name: 'foldwise codec, current version',
      perSecond: await bestRate(total, run(current, foldwise), 3),
      note: 'codec.decode(record)',
    },
    {
      name: 'foldwise codec + envelope check',
      perSecond: await bestRate(total, run(current, foldwiseChecked), 3),
      note: 'decodeRecord(codec)(unknown)',
    },
    {
      name: 'foldwise codec, half the events upcast v1 -> v2',
      perSecond: await bestRate(total, run(upcast, foldwise), 3),
      note: 'MoneyDeposited written at v1',
    },
  ]
  return [
    {
      title: `Decoding ${total.toLocaleString('en-US')} JSON event lines (bank events)`,
      baseline: 'JSON.parse + hand-written check',
      rows,
    },
  ]
}

export default bench
