/**
 * The in-memory store against Emmett's in-memory event store, Castore's in-memory storage
 * adapter and a hand-written baseline (a Map of arrays), in one process:
 * - append: 100,000 single-event appends spread over 1,000 streams, expected version 'any'
 *   (Emmett's default), each on a fresh store; Castore has no 'any': its `pushEvent` takes the
 *   event's version from the caller and refuses a version already stored, so the loop supplies
 *   each aggregate's next version;
 * - rebuild: read one 1,000-event bank-account stream and fold it with the bank decider's
 *   `evolve` (Emmett through its `aggregateStream`, Castore through its `getAggregate`).
 * Every row turns stored `{type, data}` (Castore: `{type, payload}`) into a `BankEvent` with the
 * same explicit mapping, so the ratios measure what each store adds; one extra row decodes with
 * the io-ts bank codec. Rows that store a timestamp are given one, so none reads the clock.
 */
import { InMemoryEventStorageAdapter } from '@castore/event-storage-adapter-in-memory'
import { getInMemoryEventStore } from '@event-driven-io/emmett'
import { Effect } from 'effect'
import type { BankEvent, BankState } from '../../docs/examples/bank.js'
import { bankAccount } from '../../docs/examples/bank.js'
import { bankEventCodec } from '../../docs/examples/bank.codec.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import type { EventToAppend, Json, RecordedEvent } from '../../src/codec/RecordedEvent.js'
import { toPromiseStore } from '../../src/store/index.js'
import type { Bench, BenchRow } from './harness.js'
import { bestRate, consume } from './harness.js'
import { makeCastoreStoredBankEventStore } from './peers/castoreStoredBank.js'

const appendCount = 100_000
const streamCount = 1_000
const rebuildLength = 1_000
const rebuilds = 200
const recordedAt = '2024-01-01T00:00:00.000Z'

type Data = { readonly [key: string]: Json }

/** The i-th event of an account's history, as stored: a type and its data. */
const storedEvent = (i: number): { readonly type: string; readonly data: Data } =>
  i === 0
    ? {
        type: 'AccountOpened',
        data: { accountId: 'acc-1', owner: 'Ada', initialBalance: 1000, currency: 'EUR' },
      }
    : i % 3 === 0
      ? { type: 'MoneyWithdrawn', data: { amount: 7 } }
      : { type: 'MoneyDeposited', data: { amount: 5 + (i % 11), currency: 'EUR' } }

/** The same explicit mapping for every row: stored `{type, data}` to a domain event. */
const toBankEvent = (type: string, data: Data): BankEvent => {
  switch (type) {
    case 'AccountOpened':
      return {
        type,
        accountId: data['accountId'] as string,
        owner: data['owner'] as string,
        initialBalance: data['initialBalance'] as number,
        currency: data['currency'] as string,
      }
    case 'MoneyDeposited':
      return { type, amount: data['amount'] as number, currency: data['currency'] as string }
    case 'MoneyWithdrawn':
      return { type, amount: data['amount'] as number }
    default:
      return { type: 'AccountClosed' }
  }
}

const toAppend = (i: number): EventToAppend => {
  const event = storedEvent(i)
  return {
    eventId: `e${i}`,
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    metadata: { recordedAt },
  }
}

const evolve = bankAccount.evolve
const foldRecords = (records: ReadonlyArray<RecordedEvent>): BankState => {
  let state = bankAccount.initialState
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as RecordedEvent
    state = evolve(state, toBankEvent(record.type, record.data as Data))
  }
  return state
}

// -------------------------------------------------------------------------------------
// the baseline: a Map of arrays
// -------------------------------------------------------------------------------------

interface BaselineRecord {
  readonly streamId: string
  readonly streamVersion: number
  readonly globalPosition: number
  readonly type: string
  readonly data: Data
}

const makeBaseline = () => {
  const streams = new Map<string, BaselineRecord[]>()
  const log: BaselineRecord[] = []
  return {
    append: (streamId: string, type: string, data: Data): void => {
      let stream = streams.get(streamId)
      if (stream === undefined) streams.set(streamId, (stream = []))
      const record = {
        streamId,
        streamVersion: stream.length + 1,
        globalPosition: log.length + 1,
        type,
        data,
      }
      stream.push(record)
      log.push(record)
    },
    read: (streamId: string): ReadonlyArray<BaselineRecord> =>
      (streams.get(streamId) ?? []).slice(),
  }
}

// -------------------------------------------------------------------------------------
// sections
// -------------------------------------------------------------------------------------

const appendSection = async (): Promise<ReadonlyArray<BenchRow>> => {
  const streamOf = (i: number) => `account-${i % streamCount}`
  const baseline = await bestRate(appendCount, () => {
    const store = makeBaseline()
    for (let i = 0; i < appendCount; i++) {
      const event = storedEvent(i)
      store.append(streamOf(i), event.type, event.data)
    }
    consume(store)
  })
  const runSync = await bestRate(appendCount, () => {
    const store = makeMemoryStore()
    for (let i = 0; i < appendCount; i++) {
      Effect.runSync(store.append(streamOf(i), [toAppend(i)], { expectedVersion: 'any' }))
    }
    consume(store)
  })
  const runPromise = await bestRate(appendCount, async () => {
    const store = makeMemoryStore()
    for (let i = 0; i < appendCount; i++) {
      await Effect.runPromise(store.append(streamOf(i), [toAppend(i)], { expectedVersion: 'any' }))
    }
    consume(store)
  })
  const promiseFace = await bestRate(appendCount, async () => {
    const store = toPromiseStore(makeMemoryStore())
    for (let i = 0; i < appendCount; i++) {
      await store.append(streamOf(i), [toAppend(i)], { expectedVersion: 'any' })
    }
    consume(store)
  })
  const emmett = await bestRate(appendCount, async () => {
    const store = getInMemoryEventStore()
    for (let i = 0; i < appendCount; i++) {
      await store.appendToStream(streamOf(i), [storedEvent(i)])
    }
    consume(store)
  })
  const castore = await bestRate(appendCount, async () => {
    const store = makeCastoreStoredBankEventStore(toBankEvent, new InMemoryEventStorageAdapter())
    for (let i = 0; i < appendCount; i++) {
      const event = storedEvent(i)
      await store.pushEvent({
        aggregateId: streamOf(i),
        version: Math.floor(i / streamCount) + 1,
        type: event.type as BankEvent['type'],
        timestamp: recordedAt,
        payload: event.data,
      })
    }
    consume(store)
  })
  return [
    { name: 'Map of arrays (baseline)', perSecond: baseline, note: 'no checks, no copies' },
    { name: 'foldwise memory, Effect.runSync', perSecond: runSync, note: 'frozen deep copies' },
    { name: 'foldwise memory, Effect.runPromise', perSecond: runPromise },
    { name: 'foldwise memory, Promise face', perSecond: promiseFace, note: 'Promise<Either>' },
    { name: 'Emmett getInMemoryEventStore', perSecond: emmett, note: 'await appendToStream' },
    {
      name: 'Castore InMemoryEventStorageAdapter',
      perSecond: castore,
      note: 'await pushEvent, caller-given version (linear scan)',
    },
  ]
}

const rebuildSection = async (): Promise<ReadonlyArray<BenchRow>> => {
  const operations = rebuildLength * rebuilds
  const baselineStore = makeBaseline()
  const store = makeMemoryStore()
  const emmettStore = getInMemoryEventStore()
  const emmettEvents = []
  for (let i = 0; i < rebuildLength; i++) {
    const event = storedEvent(i)
    baselineStore.append('acc-1', event.type, event.data)
    emmettEvents.push(event)
  }
  Effect.runSync(
    store.append(
      'acc-1',
      Array.from({ length: rebuildLength }, (_, i) => toAppend(i)),
      { expectedVersion: 'no_stream' },
    ),
  )
  await emmettStore.appendToStream('acc-1', emmettEvents)
  const castoreStore = makeCastoreStoredBankEventStore(
    toBankEvent,
    new InMemoryEventStorageAdapter(),
  )
  for (let i = 0; i < rebuildLength; i++) {
    const event = storedEvent(i)
    await castoreStore.pushEvent({
      aggregateId: 'acc-1',
      version: i + 1,
      type: event.type as BankEvent['type'],
      timestamp: recordedAt,
      payload: event.data,
    })
  }
  const promiseStore = toPromiseStore(store)

  const expected = foldRecords(Effect.runSync(store.readStream('acc-1')))
  const check = (state: BankState): void => {
    if (state.balance !== expected.balance) throw new Error(`wrong balance ${state.balance}`)
    consume(state)
  }

  const baseline = await bestRate(operations, () => {
    for (let r = 0; r < rebuilds; r++) {
      let state = bankAccount.initialState
      const records = baselineStore.read('acc-1')
      for (let i = 0; i < records.length; i++) {
        const record = records[i] as BaselineRecord
        state = evolve(state, toBankEvent(record.type, record.data))
      }
      check(state)
    }
  })
  const runSync = await bestRate(operations, () => {
    for (let r = 0; r < rebuilds; r++) check(foldRecords(Effect.runSync(store.readStream('acc-1'))))
  })
  const runPromise = await bestRate(operations, async () => {
    for (let r = 0; r < rebuilds; r++)
      check(foldRecords(await Effect.runPromise(store.readStream('acc-1'))))
  })
  const promiseFace = await bestRate(operations, async () => {
    for (let r = 0; r < rebuilds; r++) {
      const read = await promiseStore.readStream('acc-1')
      if (read._tag === 'Left') throw new Error('read failed')
      check(foldRecords(read.right))
    }
  })
  const decoded = await bestRate(operations, () => {
    for (let r = 0; r < rebuilds; r++) {
      const records = Effect.runSync(store.readStream('acc-1'))
      let state = bankAccount.initialState
      for (let i = 0; i < records.length; i++) {
        const event = bankEventCodec.decode(records[i] as RecordedEvent)
        if (event._tag === 'Left') throw new Error('decode failed')
        state = evolve(state, event.right)
      }
      check(state)
    }
  })
  const emmett = await bestRate(operations, async () => {
    for (let r = 0; r < rebuilds; r++) {
      const result = await emmettStore.aggregateStream<BankState, { type: string; data: Data }>(
        'acc-1',
        {
          initialState: () => bankAccount.initialState,
          evolve: (state: BankState, event: { type: string; data: Data }) =>
            evolve(state, toBankEvent(event.type, event.data)),
        },
      )
      check(result.state)
    }
  })
  const castore = await bestRate(operations, async () => {
    for (let r = 0; r < rebuilds; r++) {
      const { aggregate } = await castoreStore.getAggregate('acc-1')
      if (aggregate === undefined || aggregate.version !== rebuildLength) {
        throw new Error('Castore built no aggregate')
      }
      check(aggregate)
    }
  })
  return [
    { name: 'Map of arrays (baseline)', perSecond: baseline, note: 'slice + fold' },
    { name: 'foldwise memory, Effect.runSync', perSecond: runSync, note: 'readStream + fold' },
    { name: 'foldwise memory, Effect.runPromise', perSecond: runPromise },
    { name: 'foldwise memory, Promise face', perSecond: promiseFace },
    {
      name: 'foldwise memory + io-ts bank codec',
      perSecond: decoded,
      note: 'validated decode, upcasts',
    },
    { name: 'Emmett aggregateStream', perSecond: emmett },
    { name: 'Castore getAggregate', perSecond: castore, note: 'getEvents copy + reduce' },
  ]
}

const bench: Bench = async () => [
  {
    title: `In-memory store: append (${appendCount.toLocaleString('en-US')} single-event appends over ${streamCount.toLocaleString('en-US')} streams, events/s)`,
    baseline: 'Map of arrays (baseline)',
    rows: await appendSection(),
  },
  {
    title: `In-memory store: rebuild state (read a ${rebuildLength.toLocaleString('en-US')}-event stream and fold it, events/s)`,
    baseline: 'Map of arrays (baseline)',
    rows: await rebuildSection(),
  },
]

export default bench
