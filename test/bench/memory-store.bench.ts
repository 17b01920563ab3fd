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
 *
 * The rows are measured in interleaved rounds (see `appendMethod` below): measured one after
 * another, the first row ran colder than the rest and ratios swung twofold between runs.
 */
import { InMemoryEventStorageAdapter } from '@castore/event-storage-adapter-in-memory'
import { getInMemoryEventStore } from '@event-driven-io/emmett'
import { Effect } from 'effect'
import type { BankEvent, BankState } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec } from '../../src/examples/bank.codec.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import type { EventToAppend, Json, RecordedEvent } from '../../src/codec/RecordedEvent.js'
import { toPromiseStore } from '../../src/store/index.js'
import type { Bench, InterleavedOptions, InterleavedRow } from './harness.js'
import { consume, defineRow, describeMethod, measureInterleaved } from './harness.js'
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

/**
 * The method: rows interleaved round by round, each run's result checked, the median run kept,
 * timed in process CPU time so the neighbours sharing this machine's cores cannot lengthen a
 * run by preempting it; a quick row runs again within its turn (each run a sample) until the
 * turn lasts `turnMs`. Garbage is collected before every append run, so no row pays for
 * collecting the 100,000-event store its predecessor left (without it, one run took 20 to 150
 * ms, with it 9 to 30); not before rebuild runs, whose garbage dies young: there a forced full
 * collection shrank the young generation and made every row about three times slower.
 */
const appendMethod: InterleavedOptions = {
  rounds: 8,
  statistic: 'median',
  clock: 'cpu',
  collectGarbage: true,
  turnMs: 250,
}
const rebuildMethod: InterleavedOptions = {
  rounds: 30,
  statistic: 'median',
  clock: 'cpu',
  turnMs: 50,
}
const streamOf = (i: number): string => `account-${i % streamCount}`
const perStream = appendCount / streamCount
const firstStream = streamOf(0)
const lastStream = streamOf(streamCount - 1)

/** Throws unless a stream holds the events the append loop gave it. */
const expectLength = (row: string, streamId: string, length: number | bigint): void => {
  if (Number(length) !== perStream) {
    throw new Error(`${row}: ${streamId} holds ${length} events, expected ${perStream}`)
  }
}

/** Throws unless a foldwise store holds every appended event, each stream its share. */
const checkMemoryStore = (row: string, store: ReturnType<typeof makeMemoryStore>): void => {
  const head = Effect.runSync(store.headPosition())
  if (head !== appendCount) throw new Error(`${row}: head ${head}, expected ${appendCount}`)
  for (const id of [firstStream, lastStream]) {
    expectLength(row, id, Effect.runSync(store.streamVersion(id)))
  }
}

const appendRows: ReadonlyArray<InterleavedRow> = [
  defineRow({
    name: 'Map of arrays (baseline)',
    note: 'no checks, no copies',
    run: () => {
      const store = makeBaseline()
      for (let i = 0; i < appendCount; i++) {
        const event = storedEvent(i)
        store.append(streamOf(i), event.type, event.data)
      }
      return store
    },
    check: (store) => {
      for (const id of [firstStream, lastStream])
        expectLength('baseline', id, store.read(id).length)
    },
  }),
  defineRow({
    name: 'foldwise memory, Effect.runSync',
    note: 'frozen deep copies',
    run: () => {
      const store = makeMemoryStore()
      for (let i = 0; i < appendCount; i++) {
        Effect.runSync(store.append(streamOf(i), [toAppend(i)], { expectedVersion: 'any' }))
      }
      return store
    },
    check: (store) => checkMemoryStore('runSync', store),
  }),
  defineRow({
    name: 'foldwise memory, Effect.runPromise',
    run: async () => {
      const store = makeMemoryStore()
      for (let i = 0; i < appendCount; i++) {
        await Effect.runPromise(
          store.append(streamOf(i), [toAppend(i)], { expectedVersion: 'any' }),
        )
      }
      return store
    },
    check: (store) => checkMemoryStore('runPromise', store),
  }),
  defineRow({
    name: 'foldwise memory, Promise face',
    note: 'Promise<Either>',
    run: async () => {
      const store = makeMemoryStore()
      const promiseStore = toPromiseStore(store)
      for (let i = 0; i < appendCount; i++) {
        await promiseStore.append(streamOf(i), [toAppend(i)], { expectedVersion: 'any' })
      }
      return store
    },
    check: (store) => checkMemoryStore('Promise face', store),
  }),
  defineRow({
    name: 'Emmett getInMemoryEventStore',
    note: 'await appendToStream',
    run: async () => {
      const store = getInMemoryEventStore()
      for (let i = 0; i < appendCount; i++) {
        await store.appendToStream(streamOf(i), [storedEvent(i)])
      }
      return store
    },
    check: async (store) => {
      for (const id of [firstStream, lastStream]) {
        expectLength('Emmett', id, (await store.readStream(id)).currentStreamVersion)
      }
    },
  }),
  defineRow({
    name: 'Castore InMemoryEventStorageAdapter',
    note: 'await pushEvent, caller-given version (linear scan)',
    run: async () => {
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
      return store
    },
    check: async (store) => {
      for (const id of [firstStream, lastStream]) {
        expectLength('Castore', id, (await store.getEvents(id)).events.length)
      }
    },
  }),
]

const rebuildRows = async (): Promise<ReadonlyArray<InterleavedRow>> => {
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

  // Every row returns the state of its last rebuild, checked against the baseline's fold.
  const expected = foldRecords(Effect.runSync(store.readStream('acc-1')))
  const check =
    (row: string) =>
    (state: BankState): void => {
      if (
        state.balance !== expected.balance ||
        state.status !== expected.status ||
        state.owner !== expected.owner
      ) {
        throw new Error(
          `${row} rebuilt ${JSON.stringify(state)}, expected ${JSON.stringify(expected)}`,
        )
      }
    }

  return [
    defineRow({
      name: 'Map of arrays (baseline)',
      note: 'slice + fold',
      // inline, not through `repeat`: as a closure called by `repeat`, V8 ran this loop at
      // half the speed (measured), while the other rows kept theirs
      run: () => {
        let state = bankAccount.initialState
        for (let r = 0; r < rebuilds; r++) {
          state = bankAccount.initialState
          const records = baselineStore.read('acc-1')
          for (let i = 0; i < records.length; i++) {
            const record = records[i] as BaselineRecord
            state = evolve(state, toBankEvent(record.type, record.data))
          }
          consume(state)
        }
        return state
      },
      check: check('baseline'),
    }),
    defineRow({
      name: 'foldwise memory, Effect.runSync',
      note: 'readStream + fold',
      run: () => repeat(() => foldRecords(Effect.runSync(store.readStream('acc-1')))),
      check: check('runSync'),
    }),
    defineRow({
      name: 'foldwise memory, Effect.runPromise',
      run: () =>
        repeatAsync(async () => foldRecords(await Effect.runPromise(store.readStream('acc-1')))),
      check: check('runPromise'),
    }),
    defineRow({
      name: 'foldwise memory, Promise face',
      run: () =>
        repeatAsync(async () => {
          const read = await promiseStore.readStream('acc-1')
          if (read._tag === 'Left') throw new Error('read failed')
          return foldRecords(read.right)
        }),
      check: check('Promise face'),
    }),
    defineRow({
      name: 'foldwise memory + io-ts bank codec',
      note: 'validated decode, upcasts',
      run: () =>
        repeat(() => {
          const records = Effect.runSync(store.readStream('acc-1'))
          let state = bankAccount.initialState
          for (let i = 0; i < records.length; i++) {
            const event = bankEventCodec.decode(records[i] as RecordedEvent)
            if (event._tag === 'Left') throw new Error('decode failed')
            state = evolve(state, event.right)
          }
          return state
        }),
      check: check('io-ts codec'),
    }),
    defineRow({
      name: 'Emmett aggregateStream',
      run: () =>
        repeatAsync(
          async () =>
            (
              await emmettStore.aggregateStream<BankState, { type: string; data: Data }>('acc-1', {
                initialState: () => bankAccount.initialState,
                evolve: (current: BankState, event: { type: string; data: Data }) =>
                  evolve(current, toBankEvent(event.type, event.data)),
              })
            ).state,
        ),
      check: check('Emmett'),
    }),
    defineRow({
      name: 'Castore getAggregate',
      note: 'getEvents copy + reduce',
      run: () =>
        repeatAsync(async () => {
          const { aggregate } = await castoreStore.getAggregate('acc-1')
          if (aggregate === undefined || aggregate.version !== rebuildLength) {
            throw new Error('Castore built no aggregate')
          }
          return aggregate
        }),
      check: check('Castore'),
    }),
  ]
}

/** Rebuilds `rebuilds` times, keeping each state alive; returns the last one for the check. */
const repeat = (rebuild: () => BankState): BankState => {
  let state = bankAccount.initialState
  for (let r = 0; r < rebuilds; r++) consume((state = rebuild()))
  return state
}
const repeatAsync = async (rebuild: () => Promise<BankState>): Promise<BankState> => {
  let state = bankAccount.initialState
  for (let r = 0; r < rebuilds; r++) consume((state = await rebuild()))
  return state
}

const bench: Bench = async () => [
  {
    title: `In-memory store: append (${appendCount.toLocaleString('en-US')} single-event appends over ${streamCount.toLocaleString('en-US')} streams, events per CPU second; ${describeMethod(appendMethod)})`,
    baseline: 'Map of arrays (baseline)',
    rows: await measureInterleaved(appendCount, appendRows, appendMethod),
  },
  {
    title: `In-memory store: rebuild state (read a ${rebuildLength.toLocaleString('en-US')}-event stream and fold it, events per CPU second; ${describeMethod(rebuildMethod)})`,
    baseline: 'Map of arrays (baseline)',
    rows: await measureInterleaved(rebuildLength * rebuilds, await rebuildRows(), rebuildMethod),
  },
]

export default bench
