/**
 * Careless domain code and crowded processes under the runtime: a decider whose `decide` throws
 * or returns what its type forbids, an `evolve` or a codec that throws, events that are not
 * JSON, a projection whose view throws mid-stream, a saga that returns junk, and many
 * Promise-face handlers interleaving commands on one stream. A typed failure where the store
 * or the runtime can name what is wrong; a defect naming the broken contract where the domain
 * code is at fault; in every case nothing unacknowledged is stored, nothing acknowledged is
 * lost, and the handler stays usable.
 */
import { describe, expect, it } from 'vitest'
import { Effect } from 'effect'
import type { Either } from 'fp-ts/lib/Either.js'
import { right } from 'fp-ts/lib/Either.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import { openFileStorePromise } from '../../src/adapters/file/openFileStorePromise.js'
import type { EventCodec } from '../../src/codec/EventCodec.js'
import type { Json } from '../../src/codec/RecordedEvent.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec, bankStateCodec } from '../../src/examples/bank.codec.js'
import {
  EventStoreService,
  commandHandler,
  snapshotEvery,
  toPromiseFollowers,
  toPromiseHandler,
} from '../../src/runtime/index.js'
import type { EventStore } from '../../src/store/EventStore.js'
import { tempDir } from './fixtures.js'

/** Events are `{ n }` objects; the state counts them. */
interface Counted {
  readonly n: number
}
const countedCodec: EventCodec<Counted> = {
  encode: (event) => ({ type: 'Counted', schemaVersion: 1, data: event as unknown as Json }),
  decode: (record) => right(record.data as unknown as Counted),
}

/** A decider that answers `'ok'` with one event and `'bad'` with `bad`'s answer. */
const deciderAnswering = (
  bad: () => unknown,
  evolve = (state: number, _event: Counted) => state + 1,
) => ({
  initialState: 0,
  decide: (command: string): Either<never, ReadonlyArray<Counted>> =>
    command === 'bad' ? (bad() as Either<never, ReadonlyArray<Counted>>) : right([{ n: 1 }]),
  evolve,
})

/** The store with its synchronous append hidden: every append suspends, as on a file or a database. */
const suspending = (store: EventStore): EventStore => ({
  ...store,
  append: (streamId, events, options) =>
    Effect.andThen(Effect.yieldNow, store.append(streamId, events, options)),
})

const storeKinds: ReadonlyArray<readonly [string, () => EventStore]> = [
  ['a synchronous store', makeMemoryStore],
  ['a store that suspends', () => suspending(makeMemoryStore())],
]

const defectOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    const result = await promise
    return `resolved ${JSON.stringify(result).slice(0, 120)}`
  } catch (defect) {
    return defect instanceof Error ? defect.message : String(defect)
  }
}

describe.each(storeKinds)('a decider that breaks its contract, on %s', (_, makeStore) => {
  const answers: ReadonlyArray<readonly [string, () => unknown, string]> = [
    ['returns 42', () => 42, 'decide returned 42'],
    ['returns undefined', () => undefined, 'decide returned undefined'],
    ['returns right(undefined)', () => right(undefined), 'decide returned right(undefined)'],
    [
      "returns right('abc') (3 events of one character)",
      () => right('abc'),
      'decide returned right("abc")',
    ],
    [
      'returns right({ length: 2 })',
      () => right({ length: 2 }),
      'decide returned right(an object)',
    ],
    [
      'throws',
      () => {
        throw new Error('decide failed (test)')
      },
      'decide failed (test)',
    ],
  ]
  it.each(answers)(
    'decide %s: a defect naming it, nothing appended, the handler usable',
    async (_, bad, message) => {
      const store = makeStore()
      const handler = toPromiseHandler(commandHandler(deciderAnswering(bad), countedCodec), store)
      expect((await handler.handle('s', 'ok'))._tag).toBe('Right')
      expect(await defectOf(handler.handle('s', 'bad'))).toContain(message)
      expect(await Effect.runPromise(store.streamVersion('s'))).toBe(1)
      const after = await handler.handle('s', 'ok')
      expect(after._tag === 'Right' && after.right).toMatchObject({ state: 2, version: 2 })
    },
  )

  it('the Effect face dies with the same message', async () => {
    const handler = commandHandler(
      deciderAnswering(() => right('abc')),
      countedCodec,
    )
    const exit = await Effect.runPromiseExit(
      handler.handle('s', 'bad').pipe(Effect.provide(EventStoreService.layer(makeStore()))),
    )
    expect(exit._tag === 'Failure' && String(exit.cause)).toContain('decide returned right("abc")')
  })

  it('an evolve that throws on a new event appends nothing: the stream stays loadable', async () => {
    const store = makeStore()
    const evolve = (state: number, event: Counted): number => {
      if (event.n === 2) throw new Error('evolve failed (test)')
      return state + 1
    }
    const handler = toPromiseHandler(
      commandHandler(
        deciderAnswering(() => right([{ n: 2 }]), evolve),
        countedCodec,
      ),
      store,
    )
    await handler.handle('s', 'ok')
    expect(await defectOf(handler.handle('s', 'bad'))).toBe(
      'foldwise: evolve threw on an event decided for stream "s", so nothing was appended: evolve failed (test)',
    )
    expect(await Effect.runPromise(store.streamVersion('s'))).toBe(1)
    const fresh = toPromiseHandler(
      commandHandler(
        deciderAnswering(() => 0, evolve),
        countedCodec,
      ),
      store,
    )
    const state = await fresh.state('s')
    expect(state._tag === 'Right' && state.right).toEqual({ state: 1, version: 1 })
    const after = await handler.handle('s', 'ok')
    expect(after._tag === 'Right' && after.right).toMatchObject({ state: 2, version: 2 })
  })

  it('a codec whose encode throws appends nothing; events that are not JSON are refused, naming the field', async () => {
    const store = makeStore()
    const throwing: EventCodec<Counted> = {
      ...countedCodec,
      encode: (event) => {
        if (event.n === 2) throw new Error('encode failed (test)')
        return countedCodec.encode(event)
      },
    }
    const handler = toPromiseHandler(
      commandHandler(
        deciderAnswering(() => right([{ n: 2 }])),
        throwing,
      ),
      store,
    )
    await handler.handle('s', 'ok')
    expect(await defectOf(handler.handle('s', 'bad'))).toBe(
      'foldwise: the event codec\'s encode threw on an event decided for stream "s", so nothing was appended: encode failed (test)',
    )
    const cycle: { n: number; self?: unknown } = { n: 3 }
    cycle.self = cycle
    for (const [event, field] of [
      [{ n: 4, big: 1n }, 'data.big'],
      [cycle, 'data.self'],
    ] as const) {
      const unstorable = toPromiseHandler(
        commandHandler(
          deciderAnswering(() => right([event])),
          countedCodec,
        ),
        store,
      )
      const refused = await unstorable.handle('s', 'bad')
      expect(refused._tag === 'Left' && refused.left).toMatchObject({ _tag: 'UnstorableEvent' })
      expect(refused._tag === 'Left' && 'reason' in refused.left && refused.left.reason).toContain(
        field,
      )
    }
    expect(await Effect.runPromise(store.streamVersion('s'))).toBe(1)
    expect((await handler.handle('s', 'ok'))._tag).toBe('Right')
  })
})

describe('the bank decider made to decide events that are not events', () => {
  const cases: ReadonlyArray<readonly [string, unknown, string]> = [
    ['null', null, 'evolve threw'],
    ['undefined', undefined, 'evolve threw'],
    ['a string', 'MoneyDeposited', "the event codec's encode threw"],
    ['an unknown type', { type: 'Nope' }, "the event codec's encode threw"],
  ]
  it.each(cases)(
    '%s: a defect naming the step that threw, nothing appended',
    async (_, event, step) => {
      const store = makeMemoryStore()
      const decider = { ...bankAccount, decide: () => right([event]) }
      const accounts = toPromiseHandler(commandHandler(decider as never, bankEventCodec), store)
      expect(await defectOf(accounts.handle('a', { type: 'CloseAccount' }))).toMatch(
        new RegExp(
          `^foldwise: ${step} on an event decided for stream "a", so nothing was appended: `,
        ),
      )
      expect(await Effect.runPromise(store.streamVersion('a'))).toBe(0)
    },
  )
})

describe('a snapshot codec that throws', () => {
  const open = { type: 'OpenAccount', accountId: 'a', owner: 'Ada', initialBalance: 1 } as const
  const deposit = { type: 'Deposit', amount: 1 } as const

  it('on encode: the snapshot is not saved, and the command that committed is still acknowledged', async () => {
    const store = makeMemoryStore()
    const throwing = {
      ...bankStateCodec,
      encode: () => {
        throw new Error('snapshot encode failed (test)')
      },
    }
    const accounts = toPromiseHandler(
      commandHandler(bankAccount, bankEventCodec, { snapshots: snapshotEvery(2, throwing) }),
      store,
    )
    await accounts.handle('a', open)
    const second = await accounts.handle('a', deposit)
    expect(second._tag === 'Right' && second.right.version).toBe(2)
    expect(await Effect.runPromise(store.loadSnapshot('a'))).toBeUndefined()
    expect((await accounts.handle('a', deposit))._tag).toBe('Right')
  })

  it('on decode: the snapshot is ignored and the state rebuilt from the events', async () => {
    const store = makeMemoryStore()
    const writer = toPromiseHandler(
      commandHandler(bankAccount, bankEventCodec, { snapshots: snapshotEvery(2, bankStateCodec) }),
      store,
    )
    await writer.handle('a', open)
    await writer.handle('a', deposit)
    expect(await Effect.runPromise(store.loadSnapshot('a'))).toBeDefined()
    const throwing = {
      ...bankStateCodec,
      decode: () => {
        throw new Error('snapshot decode failed (test)')
      },
    }
    const reader = toPromiseHandler(
      commandHandler({ ...bankAccount }, bankEventCodec, { snapshots: snapshotEvery(2, throwing) }),
      store,
    )
    const state = await reader.state('a')
    expect(state._tag === 'Right' && state.right).toMatchObject({
      version: 2,
      state: { balance: 2 },
    })
    const third = await reader.handle('a', deposit)
    expect(third._tag === 'Right' && third.right).toMatchObject({
      version: 3,
      state: { balance: 3 },
    })
  })
})

describe('followers with careless domain code', () => {
  const seeded = async (accounts: number) => {
    const store = makeMemoryStore()
    const handler = toPromiseHandler(commandHandler(bankAccount, bankEventCodec), store)
    for (let i = 0; i < accounts; i++)
      await handler.handle(`a${i}`, {
        type: 'OpenAccount',
        accountId: `a${i}`,
        owner: 'Ada',
        initialBalance: 1,
      })
    return { store, handler }
  }
  const counting = (evolve: (count: number) => number) => ({
    name: 'count',
    view: { initialState: 0, evolve },
    codec: bankEventCodec,
    readModel: { encode: (n: number) => n, decode: (json: Json) => right(json as number) },
    pageSize: 2,
  })

  it('a view that throws mid-stream ends the run with a defect naming the projection and the event; the rerun resumes from the last whole page, none applied twice', async () => {
    const { store } = await seeded(5)
    const followers = toPromiseFollowers(store)
    let applied = 0
    const failing = counting((n) => {
      if (++applied === 3) throw new Error('view failed (test)')
      return n + 1
    })
    expect(await defectOf(followers.runProjection(failing, { stopWhenCaughtUp: true }))).toMatch(
      /^foldwise: projection count's view threw on event \S+ \(stream "a2", version 1, position 3\): view failed \(test\)$/,
    )
    const saved = await followers.loadProjection(failing)
    expect(saved._tag === 'Right' && saved.right).toEqual({ readModel: 2, position: 2 })
    const rerun = await followers.runProjection(
      counting((n) => n + 1),
      { stopWhenCaughtUp: true },
    )
    expect(rerun._tag === 'Right' && rerun.right).toEqual({ readModel: 5, position: 5 })
  })

  it("a saga's react that returns a string is a defect naming it, not one dispatch per character", async () => {
    const { store } = await seeded(1)
    const dispatched: Array<unknown> = []
    const ran = followersRun(
      store,
      () => 'xy',
      (action) => {
        dispatched.push(action)
        return Promise.resolve(right(action))
      },
    )
    expect(await defectOf(ran)).toContain('saga s\'s react returned "xy"')
    expect(dispatched).toEqual([])
  })

  it("a saga's react or dispatch that throws is a defect naming the saga and the event, the thrown error as its cause", async () => {
    const { store } = await seeded(2)
    const thrown = new Error('react failed (test)')
    const reacting = await followersRun(
      store,
      () => {
        throw thrown
      },
      () => Promise.resolve(right(1)),
    ).catch((defect: unknown) => defect)
    expect(reacting).toBeInstanceOf(Error)
    expect((reacting as Error).message).toMatch(
      /^foldwise: saga s's react threw on event \S+ \(stream "a0", version 1, position 1\): react failed \(test\)$/,
    )
    expect((reacting as Error).cause).toBe(thrown)
    const dispatching = await followersRun(
      store,
      () => [1],
      () => Promise.reject(new Error('dispatch failed (test)')),
    ).catch((defect: unknown) => defect)
    expect((dispatching as Error).message).toMatch(
      /^foldwise: saga s's dispatch threw on event .*: dispatch failed \(test\)$/,
    )
  })

  it("a saga's dispatch that resolves to no Either is a defect naming it", async () => {
    const { store } = await seeded(1)
    const ran = followersRun(
      store,
      () => [1],
      () => Promise.resolve(undefined as never),
    )
    expect(await defectOf(ran)).toContain("saga s's dispatch resolved to undefined")
  })

  it('a saga command for an invalid stream id stops the saga with InvalidStreamId, its checkpoint before that event', async () => {
    const { store, handler } = await seeded(2)
    const ran = await followersRun(
      store,
      () => [1],
      (_action, context) =>
        context.event.streamId === 'a1'
          ? handler.handle('', { type: 'CloseAccount' }, { commandId: context.commandId })
          : Promise.resolve(right(1)),
    )
    expect(ran._tag === 'Left' && ran.left).toMatchObject({ _tag: 'InvalidStreamId' })
    const checkpoint = await Effect.runPromise(store.loadCheckpoint('saga:s'))
    expect(checkpoint?.position).toBe(1)
  })
})

const followersRun = (
  store: EventStore,
  react: () => unknown,
  dispatch: (
    action: unknown,
    context: { readonly commandId: string; readonly event: { readonly streamId: string } },
  ) => Promise<Either<unknown, unknown>>,
) =>
  toPromiseFollowers(store).runSaga(
    { name: 's', codec: bankEventCodec, saga: { react: react as never }, dispatch },
    { stopWhenCaughtUp: true },
  )

describe('many Promise-face handlers on one store, interleaving commands on one stream', () => {
  /**
   * `handlers` handlers (each with its own decider object, so its own cache, or all sharing
   * one) withdraw 1 from an account holding `funds`, `commands` times in parallel, every third
   * command with an id, then repeat every command with an id through another handler.
   */
  const crowd = async (
    store: EventStore,
    handlers: number,
    shared: boolean,
    funds: number,
    commands: number,
  ) => {
    const faces = Array.from({ length: handlers }, () =>
      toPromiseHandler(
        commandHandler(shared ? bankAccount : { ...bankAccount }, bankEventCodec),
        store,
      ),
    )
    const first = faces[0] as (typeof faces)[number]
    await first.handle('acc', {
      type: 'OpenAccount',
      accountId: 'acc',
      owner: 'Ada',
      initialBalance: funds,
    })
    const withdraw = { type: 'Withdraw', amount: 1 } as const
    const idOf = (i: number) => (i % 3 === 0 ? { commandId: `w${i}` } : undefined)
    const results = await Promise.all(
      Array.from({ length: commands }, (_, i) =>
        (faces[i % handlers] as typeof first).handle('acc', withdraw, idOf(i)),
      ),
    )
    const repeats = await Promise.all(
      results.flatMap((result, i) =>
        i % 3 === 0
          ? [
              (faces[(i + 1) % handlers] as typeof first)
                .handle('acc', withdraw, idOf(i))
                .then((again) => ({ result, again })),
            ]
          : [],
      ),
    )
    const accepted = results.filter((r) => r._tag === 'Right').length
    const refusedTags = new Set(results.flatMap((r) => (r._tag === 'Left' ? [r.left._tag] : [])))
    const loaded = await toPromiseHandler(
      commandHandler({ ...bankAccount }, bankEventCodec),
      store,
    ).state('acc')
    return { accepted, refusedTags, repeats, loaded }
  }

  const cases: ReadonlyArray<readonly [string, () => EventStore, boolean]> = [
    ['a synchronous store, 8 handlers, one decider', makeMemoryStore, true],
    ['a synchronous store, 8 handlers, 8 deciders', makeMemoryStore, false],
    ['a store that suspends, 8 handlers, one decider', () => suspending(makeMemoryStore()), true],
    ['a store that suspends, 8 handlers, 8 deciders', () => suspending(makeMemoryStore()), false],
  ]
  it.each(cases)(
    '%s: no lost update, no double apply, every id replayed',
    async (_, makeStore, shared) => {
      const { accepted, refusedTags, repeats, loaded } = await crowd(
        makeStore(),
        8,
        shared,
        100,
        160,
      )
      // Exactly the funds are withdrawn; the rest is refused as InsufficientFunds, never overdrawn.
      expect(accepted).toBe(100)
      expect([...refusedTags]).toEqual(['Rejected'])
      expect(loaded._tag === 'Right' && loaded.right).toMatchObject({
        version: 101,
        state: { balance: 0 },
      })
      for (const { result, again } of repeats)
        if (result._tag === 'Right')
          expect(again._tag === 'Right' && again.right.version).toBe(result.right.version)
    },
  )

  it('commands queued behind one that throws still run, each once, on a store that suspends', async () => {
    const store = suspending(makeMemoryStore())
    const handler = toPromiseHandler(
      commandHandler(
        deciderAnswering(() => {
          throw new Error('decide failed (test)')
        }),
        countedCodec,
      ),
      store,
    )
    const commands = Array.from({ length: 60 }, (_, i) => (i % 4 === 1 ? 'bad' : 'ok'))
    const settled = await Promise.allSettled(
      commands.map((command) => handler.handle('s', command)),
    )
    const versions = settled.flatMap((s) =>
      s.status === 'fulfilled' && s.value._tag === 'Right' ? [s.value.right.version] : [],
    )
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(15)
    expect(versions.sort((a, b) => a - b)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1))
    expect(await Effect.runPromise(store.streamVersion('s'))).toBe(45)
  })

  it('on the file store too', async () => {
    const { dir, remove } = tempDir('hostile-crowd')
    try {
      const opened = await openFileStorePromise(dir)
      if (opened._tag === 'Left') throw new Error(opened.left._tag)
      const { accepted, loaded, repeats } = await crowd(opened.right, 4, false, 30, 48)
      expect(accepted).toBe(30)
      expect(loaded._tag === 'Right' && loaded.right).toMatchObject({
        version: 31,
        state: { balance: 0 },
      })
      for (const { result, again } of repeats)
        if (result._tag === 'Right')
          expect(again._tag === 'Right' && again.right.version).toBe(result.right.version)
      await Effect.runPromise(opened.right.close())
    } finally {
      remove()
    }
  })
})
