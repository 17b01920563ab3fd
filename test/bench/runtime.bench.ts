/**
 * The runtime, in one process:
 * - commands: 100,000 bank commands over 1,000 streams in memory, the first command of every
 *   stream included and 5% of them rejected (an overdraft), through a `commandHandler` (the
 *   Effect face: one program running them all; the Promise face: one `await` per command)
 *   against a hand-written async loop (a Map of states + decide + evolve + encode + a Map of
 *   arrays), fmodel-ts (its `StateStoredAggregate`, its lightest path, over a Map, keeping the
 *   encoded events too), Emmett's `CommandHandler` on its in-memory store and a Castore `Command`
 *   (getAggregate + pushEvent with `prevAggregate`) on its in-memory adapter, interleaved;
 *   with two ablations of the Promise face that say where its cost goes: short event ids (the
 *   `idGenerator` option) instead of random UUIDs, and a bare store (bareStore.ts) instead of
 *   the memory store;
 * - loading one 100,000-event stream through `handler.state` (the public load path), warm
 *   (records this process has validated) and cold (a codec that has validated nothing),
 *   against a hand loop (readStream + decode + fold), Emmett's `aggregateStream` and Castore's
 *   `getAggregate` on their in-memory stores, interleaved;
 * - the same through the file adapter (fewer commands: every append is fsynced);
 * - loading long streams cold, with and without a snapshot every 1,000 events.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CommandHandler as emmettCommandHandler,
  getInMemoryEventStore,
} from '@event-driven-io/emmett'
import { Decider as FmodelDecider, StateStoredAggregate } from '@fraktalio/fmodel-ts'
import { Context, Effect } from 'effect'
import type { BankCommand, BankEvent, BankState } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec, bankStateCodec } from '../../src/examples/bank.codec.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import type { EventToAppend } from '../../src/codec/RecordedEvent.js'
import type { EventStore } from '../../src/store/EventStore.js'
import {
  EventStoreService,
  commandHandler,
  snapshotEvery,
  toPromiseHandler,
} from '../../src/runtime/index.js'
import { makeRuntimeStore } from '../../src/runtime/services.js'
import type { Either } from 'fp-ts/lib/Either.js'
import type { Bench, BenchRow, BenchSection, InterleavedOptions } from './harness.js'
import { consume, defineRow, describeMethod, latencies, measureInterleaved } from './harness.js'
import type { CastoreBankAggregate } from './peers/castoreBank.js'
import { BankCommandRejected, makeCastoreBankCommands } from './peers/castoreCommands.js'
import { makeCastoreLoad } from './peers/castoreLoad.js'
import { makeEmmettLoad } from './peers/emmettLoad.js'
import { makeBareStore } from './bareStore.js'

const commandCount = 100_000
const streamCount = 1_000
const fileCommandCount = 2_000
const fileStreamCount = 100

const streamOf = (i: number, streams: number) => `account-${i % streams}`
/** One command in twenty after the openings is an overdraft, which the decider rejects. */
const isOverdraft = (i: number) => i % 20 === 7
const commandOf = (i: number, streams: number): BankCommand =>
  i < streams
    ? { type: 'OpenAccount', accountId: streamOf(i, streams), owner: 'Ada', initialBalance: 1000 }
    : isOverdraft(i)
      ? { type: 'Withdraw', amount: 1e9 }
      : { type: 'Deposit', amount: 5 + (i % 11) }

const nanos = () => process.hrtime.bigint()
const summarize = (samples: Float64Array, totalSeconds: number) => {
  samples.sort()
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0
  return { p50Ms: at(0.5), p99Ms: at(0.99), perSecond: samples.length / totalSeconds }
}

// -------------------------------------------------------------------------------------
// the hand-written baseline
// -------------------------------------------------------------------------------------

const makeBaseline = () => {
  const states = new Map<string, { state: BankState; version: number }>()
  const streams = new Map<string, Array<EventToAppend>>()
  return (streamId: string, command: BankCommand) => {
    const current = states.get(streamId) ?? { state: bankAccount.initialState, version: 0 }
    const decided = bankAccount.decide(command, current.state)
    if (decided._tag === 'Left') return decided
    let state = current.state
    let stream = streams.get(streamId)
    if (stream === undefined) streams.set(streamId, (stream = []))
    for (const event of decided.right) {
      const encoded = bankEventCodec.encode(event)
      stream.push({
        eventId: 'x',
        type: encoded.type,
        schemaVersion: encoded.schemaVersion,
        data: encoded.data,
        metadata: { recordedAt: '2024-01-01T00:00:00.000Z' },
      })
      state = bankAccount.evolve(state, event)
    }
    const next = { state, version: current.version + decided.right.length }
    states.set(streamId, next)
    return next
  }
}

// -------------------------------------------------------------------------------------
// rows
// -------------------------------------------------------------------------------------

const effectFace = async (store: EventStore, count: number, streams: number): Promise<BenchRow> => {
  const { samples, seconds } = await effectFaceRun(store, count, streams)
  return { name: effectName, ...summarize(samples, seconds) }
}

/** The Effect face: one program running every command, each timed. */
const effectFaceRun = async (store: EventStore, count: number, streams: number) => {
  const samples = new Float64Array(count)
  const context = Context.make(EventStoreService, makeRuntimeStore(store))
  const accounts = commandHandler(bankAccount, bankEventCodec)
  const start = nanos()
  let last: unknown
  await Effect.runPromise(
    Effect.gen(function* () {
      for (let i = 0; i < count; i++) {
        const t0 = nanos()
        // A rejection is an answer, not the end of the program.
        const result = yield* Effect.result(
          accounts.handle(streamOf(i, streams), commandOf(i, streams)),
        )
        if (result._tag === 'Success') last = result.success
        samples[i] = Number(nanos() - t0) / 1e6
      }
    }).pipe(Effect.provideContext(context)),
  )
  return { samples, seconds: Number(nanos() - start) / 1e9, last }
}

const promiseFace = async (
  store: EventStore,
  count: number,
  streams: number,
): Promise<BenchRow> => {
  const { last: _, ...result } = await promiseFaceRun(store, count, streams)
  return { name: promiseName, ...result }
}

/** The Promise face: one `await` per command, each timed. */
const promiseFaceRun = async (
  store: EventStore,
  count: number,
  streams: number,
  options?: Parameters<typeof toPromiseHandler>[2],
) => {
  const accounts = toPromiseHandler(commandHandler(bankAccount, bankEventCodec), store, options)
  let last: unknown
  const result = await latencies(count, async (i) => {
    last = await accounts.handle(streamOf(i, streams), commandOf(i, streams))
  })
  return { ...result, last }
}

const emmettRun = async (count: number, streams: number) => {
  const store = getInMemoryEventStore()
  const handler = emmettCommandHandler<BankState, { type: string; data: Record<string, unknown> }>({
    evolve: (state, event) =>
      bankAccount.evolve(state, { type: event.type, ...event.data } as BankEvent),
    initialState: () => bankAccount.initialState,
  })
  let last: unknown
  const result = await latencies(count, async (i) => {
    try {
      last = await handler(store, streamOf(i, streams), (state) => {
        const decided = bankAccount.decide(commandOf(i, streams), state)
        // Emmett's way: a rejection is thrown.
        if (decided._tag === 'Left') throw new Error(decided.left._tag)
        return decided.right.map((event) => {
          const encoded = bankEventCodec.encode(event)
          return { type: encoded.type, data: encoded.data as Record<string, unknown> }
        })
      })
    } catch {
      // rejected
    }
  })
  return { ...result, last }
}

/**
 * Castore: a `Command` whose handler reads the aggregate (`getAggregate`), runs the bank
 * decider's `decide` on it and pushes the next version with `prevAggregate`, on Castore's
 * in-memory adapter (see peers/castoreCommands.ts). Castore's way: a rejection is thrown
 * (`BankCommandRejected`), caught here and counted; any other error fails the run.
 */
const castoreRun = async (count: number, streams: number) => {
  const castore = makeCastoreBankCommands()
  let last: CastoreBankAggregate | undefined
  let rejected = 0
  const result = await latencies(count, async (i) => {
    try {
      last = await castore.handle(streamOf(i, streams), commandOf(i, streams))
    } catch (error) {
      if (!(error instanceof BankCommandRejected)) throw error
      rejected += 1
    }
  })
  return { ...result, last, rejected }
}

/** fmodel-ts's command: the bank command with the stream it is for. */
interface FmodelCommand {
  readonly streamId: string
  readonly command: BankCommand
}

/**
 * fmodel-ts: a `StateStoredAggregate` (fetch state, decide, evolve, save state) over a Map of
 * states, its decide also encoding and keeping the events it decided, as every other row does.
 * A rejection is no events (fmodel's deciders return events only).
 */
const fmodelRun = async (count: number, streams: number) => {
  const states = new Map<string, BankState>()
  const stored = new Map<string, Array<EventToAppend>>()
  let current = ''
  const decider = new FmodelDecider<FmodelCommand, BankState, BankEvent>(
    (c, state) => {
      const decided = bankAccount.decide(c.command, state)
      if (decided._tag === 'Left') return []
      let stream = stored.get(c.streamId)
      if (stream === undefined) stored.set(c.streamId, (stream = []))
      for (const event of decided.right) {
        const encoded = bankEventCodec.encode(event)
        stream.push({
          eventId: 'x',
          type: encoded.type,
          schemaVersion: encoded.schemaVersion,
          data: encoded.data,
          metadata: { recordedAt: '2024-01-01T00:00:00.000Z' },
        })
      }
      return decided.right
    },
    bankAccount.evolve,
    bankAccount.initialState,
  )
  const aggregate = new StateStoredAggregate<FmodelCommand, BankState, BankEvent>(decider, {
    fetchState: (c) => {
      current = c.streamId
      return Promise.resolve(states.get(c.streamId) ?? null)
    },
    save: (state) => {
      states.set(current, state)
      return Promise.resolve(state)
    },
  })
  let last: unknown
  const result = await latencies(count, async (i) => {
    last = await aggregate.handle({
      streamId: streamOf(i, streams),
      command: commandOf(i, streams),
    })
  })
  return { ...result, last }
}

const baselineName = 'hand-written async loop (Map + decide + evolve + encode)'
const fmodelName = 'fmodel-ts StateStoredAggregate (Map)'
const effectName = 'foldwise commandHandler (Effect face)'
const promiseName = 'foldwise toPromiseHandler (Promise face)'
const emmettName = 'Emmett CommandHandler (in-memory store)'
const shortIdsName = 'foldwise Promise face, short event ids (idGenerator option)'
const bareName = 'foldwise Promise face over a bare store (ablation)'

/**
 * Event ids a user may choose over random UUIDs: a random prefix drawn once (96 bits, so two
 * generators collide with odds like two UUIDs) and a counter, about 20 characters.
 */
const shortIds = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  const prefix = Array.from(bytes, (byte) => byte.toString(36).padStart(2, '0')).join('')
  let counter = 0
  return { next: () => prefix + (counter++).toString(36) }
}
const castoreName = 'Castore Command (getAggregate + pushEvent, in-memory adapter)'

/**
 * The in-memory section's method: rows interleaved round by round after a discarded warm-up
 * round, timed in process CPU time (neighbours on this shared machine cannot lengthen a run by
 * preempting it), the median run kept, and garbage collected before every run so no row pays
 * for collecting the 100,000-event store its predecessor left (measured one after the other,
 * the Promise face paid a full collection of the Effect face's store). Latencies are those of
 * each row's last run.
 */
const memoryMethod: InterleavedOptions = {
  rounds: 5,
  statistic: 'median',
  clock: 'cpu',
  collectGarbage: true,
}

/** The last command deposits 5 + (count - 1) % 11 on the last stream: check the outcome. */
const lastBalance = (count: number, streams: number): number => {
  let balance = 1000
  for (let i = count - 1; i >= streams; i -= streams) if (!isOverdraft(i)) balance += 5 + (i % 11)
  return balance
}

const expectBalance = (row: string, balance: unknown, count: number, streams: number): void => {
  const expected = lastBalance(count, streams)
  if (balance !== expected) throw new Error(`${row}: last balance ${balance}, expected ${expected}`)
}

/** Every overdraft after the openings is rejected, and nothing else: count them. */
const expectRejections = (row: string, rejected: number, count: number, streams: number): void => {
  let expected = 0
  for (let i = streams; i < count; i++) if (isOverdraft(i)) expected += 1
  if (rejected !== expected) throw new Error(`${row}: ${rejected} rejections, expected ${expected}`)
}

const memorySection = async (): Promise<BenchSection> => {
  const latencyOf = new Map<string, { p50Ms: number; p99Ms: number }>()
  const keep = (name: string, samples: { p50Ms: number; p99Ms: number }) =>
    latencyOf.set(name, { p50Ms: samples.p50Ms, p99Ms: samples.p99Ms })
  /** A Promise-face row on a fresh store of `makeStore` each run. */
  const promiseRow = (
    name: string,
    makeStore: () => EventStore,
    ablation?: { readonly note: string; readonly options?: Parameters<typeof toPromiseHandler>[2] },
  ) =>
    defineRow({
      name,
      ...(ablation === undefined ? {} : { note: ablation.note }),
      run: async () => {
        const run = await promiseFaceRun(makeStore(), commandCount, streamCount, ablation?.options)
        keep(name, run)
        return run.last as Either<unknown, { state: BankState }>
      },
      check: (last) =>
        expectBalance(
          name,
          last._tag === 'Right' ? last.right.state.balance : last,
          commandCount,
          streamCount,
        ),
    })
  const rows = [
    defineRow({
      name: baselineName,
      run: async () => {
        const baseline = makeBaseline()
        let last: unknown
        const result = await latencies(commandCount, (i) => {
          last = baseline(streamOf(i, streamCount), commandOf(i, streamCount))
        })
        keep(baselineName, result)
        return last as { state: BankState }
      },
      check: (last) => expectBalance(baselineName, last.state.balance, commandCount, streamCount),
    }),
    defineRow({
      name: effectName,
      run: async () => {
        const run = await effectFaceRun(makeMemoryStore(), commandCount, streamCount)
        keep(effectName, summarize(run.samples, run.seconds))
        return run.last as { state: BankState }
      },
      check: (last) => expectBalance(effectName, last.state.balance, commandCount, streamCount),
    }),
    promiseRow(promiseName, makeMemoryStore),
    promiseRow(shortIdsName, makeMemoryStore, {
      note: 'the same handler and store, only the event ids differ',
      options: { idGenerator: shortIds() },
    }),
    promiseRow(bareName, makeBareStore, {
      note: 'a store that checks, copies, freezes and indexes nothing (bareStore.ts)',
    }),
    defineRow({
      name: fmodelName,
      run: async () => {
        const run = await fmodelRun(commandCount, streamCount)
        keep(fmodelName, run)
        return run.last as BankState
      },
      check: (last) => expectBalance(fmodelName, last.balance, commandCount, streamCount),
    }),
    defineRow({
      name: emmettName,
      run: async () => {
        const run = await emmettRun(commandCount, streamCount)
        keep(emmettName, run)
        return run.last as { newState: BankState }
      },
      check: (last) => expectBalance(emmettName, last.newState.balance, commandCount, streamCount),
    }),
    defineRow({
      name: castoreName,
      run: async () => {
        const run = await castoreRun(commandCount, streamCount)
        keep(castoreName, run)
        return run
      },
      check: (run) => {
        expectBalance(castoreName, run.last?.balance, commandCount, streamCount)
        expectRejections(castoreName, run.rejected, commandCount, streamCount)
      },
    }),
  ]
  const measured = await measureInterleaved(commandCount, rows, memoryMethod)
  return {
    title: `runtime: ${commandCount.toLocaleString('en-US')} commands over ${streamCount.toLocaleString('en-US')} streams, in memory (${describeMethod(memoryMethod)})`,
    baseline: baselineName,
    rows: measured.map((row) => ({ ...row, ...latencyOf.get(row.name) })),
  }
}

const fileSection = async (): Promise<BenchSection> => {
  // Loaded here, so the in-memory section runs without the file adapter.
  const { openFileStore } = await import('../../src/adapters/file/index.js')
  const rows: Array<BenchRow> = []
  const withFileStore = async (body: (store: EventStore) => Promise<BenchRow>) => {
    const dir = mkdtempSync(join(tmpdir(), 'foldwise-bench-runtime-'))
    const store = await Effect.runPromise(openFileStore(dir))
    try {
      rows.push(await body(store))
    } finally {
      await Effect.runPromise(store.close())
      rmSync(dir, { recursive: true, force: true })
    }
  }
  await withFileStore(async (store) => {
    const versions = new Map<string, number>()
    const result = await latencies(fileCommandCount, async (i) => {
      const streamId = streamOf(i, fileStreamCount)
      const decided = bankAccount.decide(
        commandOf(i, fileStreamCount),
        i < fileStreamCount
          ? bankAccount.initialState
          : { status: 'open', accountId: streamId, owner: 'Ada', balance: 1000, currency: 'EUR' },
      )
      if (decided._tag === 'Left') return
      const events = decided.right.map((event): EventToAppend => {
        const encoded = bankEventCodec.encode(event)
        return {
          eventId: `e${i}`,
          type: encoded.type,
          schemaVersion: 1,
          data: encoded.data,
          metadata: { recordedAt: '2024-01-01T00:00:00.000Z' },
        }
      })
      const expectedVersion = versions.get(streamId) ?? 0
      const appended = await Effect.runPromise(store.append(streamId, events, { expectedVersion }))
      versions.set(streamId, appended.nextExpectedVersion)
    })
    return { name: 'hand-written (decide + encode + store.append)', ...result }
  })
  await withFileStore((store) => effectFace(store, fileCommandCount, fileStreamCount))
  await withFileStore((store) => promiseFace(store, fileCommandCount, fileStreamCount))
  return {
    title: `runtime: ${fileCommandCount.toLocaleString('en-US')} commands over ${fileStreamCount} streams, file adapter`,
    baseline: 'hand-written (decide + encode + store.append)',
    rows,
  }
}

const loadSection = async (): Promise<BenchSection> => {
  const rows: Array<BenchRow> = []
  const snapshots = snapshotEvery(1_000, bankStateCodec)
  for (const length of [10_000, 100_000, 1_000_000]) {
    const total = length + 500
    const store = makeMemoryStore()
    const batch: Array<EventToAppend> = []
    let state = bankAccount.initialState
    for (let v = 1; v <= total; v++) {
      const event: BankEvent =
        v === 1
          ? {
              type: 'AccountOpened',
              accountId: 'long',
              owner: 'Ada',
              initialBalance: 1000,
              currency: 'EUR',
            }
          : { type: 'MoneyDeposited', amount: 1, currency: 'EUR' }
      state = bankAccount.evolve(state, event)
      const encoded = bankEventCodec.encode(event)
      batch.push({
        eventId: `e${v}`,
        type: encoded.type,
        schemaVersion: encoded.schemaVersion,
        data: encoded.data,
        metadata: { recordedAt: '2024-01-01T00:00:00.000Z' },
      })
      if (v % 10_000 === 0 || v === total) {
        await Effect.runPromise(store.append('long', batch, { expectedVersion: v - batch.length }))
        batch.length = 0
      }
      if (v === length)
        await Effect.runPromise(
          store.saveSnapshot({
            streamId: 'long',
            streamVersion: v,
            stateVersion: bankStateCodec.version,
            state: bankStateCodec.encode(state),
          }),
        )
    }
    const context = Context.make(EventStoreService, makeRuntimeStore(store))
    const withPolicy = commandHandler(bankAccount, bankEventCodec, { snapshots })
    const withoutPolicy = commandHandler(bankAccount, bankEventCodec)
    const load = (withSnapshots: boolean) =>
      Effect.runPromise(
        (withSnapshots ? withPolicy : withoutPolicy)
          .state('long')
          .pipe(Effect.provideContext(context)),
      )
    const withSnapshot = await latencies(200, () => load(true).then(consume))
    rows.push({
      name: `${total.toLocaleString('en-US')} events, snapshot every 1,000`,
      ...withSnapshot,
      note: 'loads/s; reads the snapshot + 500 events',
    })
    const without = await latencies(length >= 1_000_000 ? 2 : 10, () => load(false).then(consume))
    rows.push({
      name: `${total.toLocaleString('en-US')} events, no snapshot`,
      ...without,
      note: 'loads/s; folds every event',
    })
  }
  return {
    title: 'runtime: loading a long stream through handler.state (memory store, io-ts bank codec)',
    baseline: rows[0]?.name ?? '',
    rows,
  }
}

const loadOneLength = 100_000

/** The long account's event at version `v`: an opening, then deposits of 1. */
const longAccountEvent = (v: number): BankEvent =>
  v === 1
    ? { type: 'AccountOpened', accountId: 'long', owner: 'Ada', initialBalance: 0, currency: 'EUR' }
    : { type: 'MoneyDeposited', amount: 1, currency: 'EUR' }

/** One account with `length` events (an opening, then deposits of 1) in a memory store. */
const longAccount = async (length: number): Promise<EventStore> => {
  const store = makeMemoryStore()
  const batch: Array<EventToAppend> = []
  for (let v = 1; v <= length; v++) {
    const event = longAccountEvent(v)
    const encoded = bankEventCodec.encode(event)
    batch.push({
      eventId: `e${v}`,
      type: encoded.type,
      schemaVersion: encoded.schemaVersion,
      data: encoded.data,
      metadata: { recordedAt: '2024-01-01T00:00:00.000Z' },
    })
    if (v % 10_000 === 0 || v === length) {
      await Effect.runPromise(store.append('long', batch, { expectedVersion: v - batch.length }))
      batch.length = 0
    }
  }
  return store
}

const loadMethod: InterleavedOptions = {
  rounds: 5,
  statistic: 'median',
  clock: 'cpu',
  collectGarbage: true,
}

/**
 * Loading one 100,000-event stream: the hand loop (readStream, decode every record, fold)
 * against `handler.state` on the Promise face, warm (the records were validated by this
 * process before: the warm-up round did it) and cold (a fresh codec object each run, so every
 * record is validated again, as in a process that has never read them), and the peers with a
 * public load path over an in-memory store: Emmett's `aggregateStream` and Castore's
 * `getAggregate` (neither validates what it reads; see peers/emmettLoad.ts, castoreLoad.ts).
 * fmodel-ts has none: it ships no event store, and `EventSourcingAggregate` folds the events
 * its user's `EventRepository.fetchEvents` returns only inside `handle` (its `computeNewEvents`
 * is protected), so a load is the user's own fetch + fold, which is the hand loop's row.
 */
const loadOneSection = async (): Promise<BenchSection> => {
  const store = await longAccount(loadOneLength)
  const expected = loadOneLength - 1
  const checkBalance = (name: string) => (state: BankState) => {
    if (state.balance !== expected)
      throw new Error(`${name}: balance ${state.balance}, expected ${expected}`)
  }
  const handName = 'hand-written async loop (readStream + decode + fold)'
  const warmName = 'foldwise handler.state, warm (records validated before)'
  const coldName = 'foldwise handler.state, cold (every record validated)'
  const emmettLoadName = 'Emmett aggregateStream (in-memory store, nothing validated)'
  const castoreLoadName = 'Castore getAggregate (in-memory adapter, nothing validated)'
  const history = Array.from({ length: loadOneLength }, (_, i) => longAccountEvent(i + 1))
  const emmettLoad = await makeEmmettLoad(history, 'long')
  const castoreLoad = makeCastoreLoad(history, 'long')
  const warm = toPromiseHandler(commandHandler(bankAccount, bankEventCodec), store)
  const stateOf = async (accounts: typeof warm): Promise<BankState> => {
    const loaded = await accounts.state('long')
    if (loaded._tag === 'Left') throw new Error(loaded.left._tag)
    return loaded.right.state
  }
  const rows = [
    defineRow({
      name: handName,
      run: async () => {
        const records = await Effect.runPromise(store.readStream('long'))
        let state = bankAccount.initialState
        for (const record of records) {
          const decoded = bankEventCodec.decode(record)
          if (decoded._tag === 'Left') throw new Error(decoded.left._tag)
          state = bankAccount.evolve(state, decoded.right)
        }
        return state
      },
      check: checkBalance(handName),
    }),
    defineRow({ name: warmName, run: () => stateOf(warm), check: checkBalance(warmName) }),
    defineRow({
      name: coldName,
      run: () =>
        stateOf(
          toPromiseHandler(
            commandHandler(bankAccount, {
              encode: bankEventCodec.encode,
              decode: bankEventCodec.decode,
            }),
            store,
          ),
        ),
      check: checkBalance(coldName),
    }),
    defineRow({ name: emmettLoadName, run: emmettLoad, check: checkBalance(emmettLoadName) }),
    defineRow({
      name: castoreLoadName,
      run: castoreLoad,
      check: (aggregate) => {
        if (aggregate?.version !== loadOneLength)
          throw new Error(`${castoreLoadName}: version ${aggregate?.version}`)
        checkBalance(castoreLoadName)(aggregate)
      },
    }),
  ]
  return {
    title: `runtime: loading one ${loadOneLength.toLocaleString('en-US')}-event stream, memory store, io-ts bank codec (${describeMethod(loadMethod)}; rate in events/s)`,
    baseline: handName,
    rows: await measureInterleaved(loadOneLength, rows, loadMethod),
  }
}

/**
 * `FOLDWISE_BENCH_RUNTIME=memory,loadone,file,load` runs only the named sections (default:
 * all).
 */
const only = process.env['FOLDWISE_BENCH_RUNTIME']?.split(',')
const wanted = (name: string) => only === undefined || only.includes(name)

const bench: Bench = async () => [
  ...(wanted('memory') ? [await memorySection()] : []),
  ...(wanted('loadone') ? [await loadOneSection()] : []),
  ...(wanted('file') ? [await fileSection()] : []),
  ...(wanted('load') ? [await loadSection()] : []),
]
export default bench
