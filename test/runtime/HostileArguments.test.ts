/**
 * Untyped callers of the runtime: settings, command options, points in time and history ranges
 * as a JavaScript caller or parsed JSON hands them over (cast through `as never`). Each wrong
 * value is refused as `InvalidArgument` naming the field, nothing is written, and the handler
 * stays usable.
 */
import { describe, expect, it } from 'vitest'
import { Effect, Schedule, Stream } from 'effect'
import type { Either } from 'fp-ts/lib/Either.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec, bankStateCodec } from '../../src/examples/bank.codec.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import {
  EventStoreService,
  commandHandler,
  history,
  snapshotEvery,
  subscribeAll,
  toPromiseFollowers,
  toPromiseHandler,
} from '../../src/runtime/index.js'

const open = { type: 'OpenAccount', accountId: 'acc', owner: 'Ada', initialBalance: 10 } as const
const deposit = { type: 'Deposit', amount: 1 } as const

const leftOf = <E, A>(result: Either<E, A>): E | 'Right' =>
  result._tag === 'Left' ? result.left : 'Right'

const refusal = (operation: string, field: string) =>
  expect.objectContaining({ _tag: 'InvalidArgument', operation, field })

describe('handler settings from an untyped caller', () => {
  const settings: ReadonlyArray<readonly [string, unknown, string]> = [
    [
      'snapshotEvery(NaN)',
      { snapshots: snapshotEvery(Number.NaN as never, bankStateCodec) },
      'settings.snapshots.events',
    ],
    [
      'snapshotEvery(0)',
      { snapshots: snapshotEvery(0 as never, bankStateCodec) },
      'settings.snapshots.events',
    ],
    [
      'snapshotEvery(-1)',
      { snapshots: snapshotEvery(-1 as never, bankStateCodec) },
      'settings.snapshots.events',
    ],
    [
      'snapshotEvery(1.5)',
      { snapshots: snapshotEvery(1.5 as never, bankStateCodec) },
      'settings.snapshots.events',
    ],
    [
      "snapshotEvery('10')",
      { snapshots: snapshotEvery('10' as never, bankStateCodec) },
      'settings.snapshots.events',
    ],
    [
      'a snapshot codec without encode',
      { snapshots: snapshotEvery(2, { version: 1 } as never) },
      'settings.snapshots.codec.encode',
    ],
    ['cacheSize NaN', { cacheSize: Number.NaN }, 'settings.cacheSize'],
    ['cacheSize -1', { cacheSize: -1 }, 'settings.cacheSize'],
    ['cacheSize Infinity', { cacheSize: Number.POSITIVE_INFINITY }, 'settings.cacheSize'],
    ["cacheSize '5'", { cacheSize: '5' }, 'settings.cacheSize'],
    ['conflictRetry 3', { conflictRetry: 3 }, 'settings.conflictRetry'],
    [
      'unavailableRetry { times: 3 }',
      { unavailableRetry: { times: 3 } },
      'settings.unavailableRetry',
    ],
    ['conflictRetry null', { conflictRetry: null }, 'settings.conflictRetry'],
    ['commandIdWindow NaN', { commandIdWindow: Number.NaN }, 'settings.commandIdWindow'],
    ["commandIdWindow '3'", { commandIdWindow: '3' }, 'settings.commandIdWindow'],
    ['settings null', null, 'settings'],
  ]
  it.each(settings)(
    '%s: every call is refused, naming the setting; nothing is written',
    async (_, given, field) => {
      const store = makeMemoryStore()
      const accounts = toPromiseHandler(
        commandHandler(bankAccount, bankEventCodec, given as never),
        store,
      )
      expect(leftOf(await accounts.handle('acc', open))).toEqual(refusal('commandHandler', field))
      expect(leftOf(await accounts.state('acc'))).toEqual(refusal('commandHandler', field))
      expect(leftOf(await accounts.stateAt('acc', { version: 1 }))).toEqual(
        refusal('commandHandler', field),
      )
      expect(leftOf(await accounts.history('acc'))).toEqual(refusal('commandHandler', field))
      expect(await Effect.runPromise(store.streamVersion('acc'))).toBe(0)
    },
  )

  const bindings: ReadonlyArray<readonly [string, unknown, unknown, string]> = [
    [
      'a decider without evolve',
      { initialState: 0, decide: bankAccount.decide },
      bankEventCodec,
      'decider.evolve',
    ],
    [
      'a decider without initialState',
      { decide: bankAccount.decide, evolve: bankAccount.evolve },
      bankEventCodec,
      'decider.initialState',
    ],
    ['a null decider', null, bankEventCodec, 'decider'],
    ['a codec without encode', bankAccount, { decode: bankEventCodec.decode }, 'codec.encode'],
    ['an undefined codec', bankAccount, undefined, 'codec'],
  ]
  it.each(bindings)('%s: every call is refused naming it', async (_, decider, codec, field) => {
    const store = makeMemoryStore()
    const accounts = toPromiseHandler(commandHandler(decider as never, codec as never), store)
    expect(leftOf(await accounts.handle('acc', open))).toEqual(refusal('commandHandler', field))
    expect(leftOf(await accounts.state('acc'))).toEqual(refusal('commandHandler', field))
    expect(await Effect.runPromise(store.streamVersion('acc'))).toBe(0)
  })

  it('the settings the types allow are accepted: Infinity command-id window, cache 0, schedules', async () => {
    const accounts = toPromiseHandler(
      commandHandler(bankAccount, bankEventCodec, {
        snapshots: snapshotEvery(2, bankStateCodec),
        commandIdWindow: Number.POSITIVE_INFINITY,
        cacheSize: 0,
        conflictRetry: Schedule.recurs(2),
        unavailableRetry: Schedule.recurs(1),
      }),
      makeMemoryStore(),
    )
    expect(leftOf(await accounts.handle('acc', open, { commandId: 'c1' }))).toBe('Right')
    const again = await accounts.handle('acc', open, { commandId: 'c1' })
    expect(again._tag === 'Right' && again.right.version).toBe(1)
  })
})

describe('one command from an untyped caller', () => {
  const cases: ReadonlyArray<readonly [string, unknown, string]> = [
    ['commandId 42', { commandId: 42 }, 'options.commandId'],
    ["commandId ''", { commandId: '' }, 'options.commandId'],
    ['commandId with NUL', { commandId: 'c\u0000' }, 'options.commandId'],
    ['correlationId NaN', { correlationId: Number.NaN }, 'options.correlationId'],
    ['causationId {}', { causationId: {} }, 'options.causationId'],
    ["metadata 'x'", { metadata: 'x' }, 'options.metadata'],
    ['metadata [1]', { metadata: [1] }, 'options.metadata'],
    ['metadata.commandId', { metadata: { commandId: 'c1' } }, 'options.metadata.commandId'],
    [
      'metadata.recordedAt',
      { metadata: { recordedAt: '2020-01-01T00:00:00.000Z' } },
      'options.metadata.recordedAt',
    ],
    ['options null', null, 'options'],
    ['options 5', 5, 'options'],
  ]
  it.each(cases)(
    '%s: refused naming the field, nothing written, the handler usable',
    async (_, options, field) => {
      const store = makeMemoryStore()
      const accounts = toPromiseHandler(commandHandler(bankAccount, bankEventCodec), store)
      expect(leftOf(await accounts.handle('acc', open, options as never))).toEqual(
        refusal('handle', field),
      )
      expect(await Effect.runPromise(store.streamVersion('acc'))).toBe(0)
      expect(leftOf(await accounts.handle('acc', open, { commandId: 'c1' }))).toBe('Right')
    },
  )

  it('the Effect face refuses the same options the same way', async () => {
    const exit = await Effect.runPromise(
      Effect.flip(
        commandHandler(bankAccount, bankEventCodec).handle('acc', open, { commandId: 42 } as never),
      ).pipe(Effect.provide(EventStoreService.layer(makeMemoryStore()))),
    )
    expect(exit).toEqual(refusal('handle', 'options.commandId'))
  })

  it('a stream id that is not a valid id is InvalidStreamId, and the handler stays usable', async () => {
    const accounts = toPromiseHandler(
      commandHandler(bankAccount, bankEventCodec),
      makeMemoryStore(),
    )
    for (const streamId of [42, undefined, '', 'a\u0000b'])
      expect(leftOf(await accounts.handle(streamId as never, open))).toMatchObject({
        _tag: 'InvalidStreamId',
      })
    expect(leftOf(await accounts.handle('acc', open))).toBe('Right')
  })

  it('metadata that is not JSON is refused by the store, naming the field; nothing written', async () => {
    const store = makeMemoryStore()
    const accounts = toPromiseHandler(commandHandler(bankAccount, bankEventCodec), store)
    const refused = leftOf(
      await accounts.handle('acc', open, { metadata: { at: new Date() } } as never),
    )
    expect(refused).toMatchObject({ _tag: 'UnstorableEvent' })
    expect((refused as { readonly reason: string }).reason).toContain('metadata.at')
    expect(await Effect.runPromise(store.streamVersion('acc'))).toBe(0)
  })
})

describe('stateAt and history from an untyped caller', () => {
  const seeded = async () => {
    const store = makeMemoryStore()
    const accounts = toPromiseHandler(commandHandler(bankAccount, bankEventCodec), store)
    await accounts.handle('acc', open)
    await accounts.handle('acc', deposit)
    return { store, accounts }
  }
  const points: ReadonlyArray<readonly [string, unknown, string]> = [
    ['version NaN', { version: Number.NaN }, 'point.version'],
    ['version -1', { version: -1 }, 'point.version'],
    ["version '3'", { version: '3' }, 'point.version'],
    ["at 'yesterday'", { at: 'yesterday' }, 'point.at'],
    ["at new Date('x')", { at: new Date('x') }, 'point.at'],
    ['at a Date', { at: new Date() }, 'point.at'],
    ['both version and at', { version: 1, at: '2024-01-01T00:00:00.000Z' }, 'point'],
    ['neither', {}, 'point'],
    ['null', null, 'point'],
  ]
  it.each(points)('stateAt %s is refused naming the field', async (_, point, field) => {
    const { accounts } = await seeded()
    expect(leftOf(await accounts.stateAt('acc', point as never))).toEqual(refusal('stateAt', field))
    const now = await accounts.stateAt('acc', { version: 2 })
    expect(now._tag === 'Right' && now.right.state.balance).toBe(11)
  })

  const ranges: ReadonlyArray<readonly [string, unknown, string]> = [
    ['reversed', { from: 3, to: 1 }, 'range.to'],
    ['from -1', { from: -1 }, 'range.from'],
    ["from '2'", { from: '2' }, 'range.from'],
    ['to NaN', { to: Number.NaN }, 'range.to'],
    ["at 'nope'", { at: 'nope' }, 'range.at'],
    ['at a Date', { at: new Date() }, 'range.at'],
    ['null', null, 'range'],
  ]
  it.each(ranges)(
    'history with a range %s is refused naming the field',
    async (_, range, field) => {
      const { store } = await seeded()
      const refused = await Effect.runPromise(
        Effect.flip(history(bankEventCodec, 'acc', range as never)).pipe(
          Effect.provide(EventStoreService.layer(store)),
        ),
      )
      expect(refused).toEqual(refusal('history', field))
    },
  )
})

describe('follower options from an untyped caller', () => {
  const options: ReadonlyArray<readonly [string, unknown, string]> = [
    ['pageSize 0 (would never advance)', { pageSize: 0 }, 'options.pageSize'],
    ['pageSize NaN', { pageSize: Number.NaN }, 'options.pageSize'],
    ['fromPosition -1', { fromPosition: -1 }, 'options.fromPosition'],
    [
      'reconnect.initialDelayMs NaN (a tight loop)',
      { reconnect: { initialDelayMs: Number.NaN } },
      'options.reconnect.initialDelayMs',
    ],
    ['reconnect.maxDelayMs -5', { reconnect: { maxDelayMs: -5 } }, 'options.reconnect.maxDelayMs'],
    [
      "reconnect.maxRetries '3'",
      { reconnect: { maxRetries: '3' } },
      'options.reconnect.maxRetries',
    ],
  ]
  it.each(options)('subscribeAll with %s is refused naming the field', async (_, given, field) => {
    const refused = await Effect.runPromise(
      Effect.flip(
        Stream.runDrain(subscribeAll({ stopWhenCaughtUp: true, ...(given as object) })),
      ).pipe(Effect.provide(EventStoreService.layer(makeMemoryStore()))),
    )
    expect(refused).toEqual(refusal('subscribeAll', field))
  })

  it('a projection or saga with page size 0 is refused naming it, before it reads anything', async () => {
    const followers = toPromiseFollowers(makeMemoryStore())
    const projection = {
      name: 'count',
      view: { initialState: 0, evolve: (n: number) => n + 1 },
      codec: bankEventCodec,
      readModel: {
        encode: (n: number) => n,
        decode: (json: unknown) => ({ _tag: 'Right' as const, right: json as number }),
      },
      pageSize: 0,
    }
    const ran = await followers.runProjection(projection, { stopWhenCaughtUp: true })
    expect(leftOf(ran)).toEqual(refusal('runProjection', 'projection.pageSize'))
    const saga = await followers.runSaga(
      {
        name: 's',
        codec: bankEventCodec,
        saga: { react: () => [] },
        dispatch: () => Promise.resolve({ _tag: 'Right', right: 1 }),
        pageSize: -1,
      },
      { stopWhenCaughtUp: true },
    )
    expect(leftOf(saga)).toEqual(refusal('runSaga', 'runner.pageSize'))
  })
})

describe("a store's runtime options and id generator from an untyped caller", () => {
  const contexts: ReadonlyArray<readonly [string, unknown, string]> = [
    ['cacheSize NaN (an unbounded cache)', { cacheSize: Number.NaN }, 'options.cacheSize'],
    ['cacheSize -1', { cacheSize: -1 }, 'options.cacheSize'],
    ["cacheSize '5'", { cacheSize: '5' }, 'options.cacheSize'],
    ['idGenerator 42', { idGenerator: 42 }, 'options.idGenerator'],
    ['idGenerator without next', { idGenerator: {} }, 'options.idGenerator'],
  ]
  it.each(contexts)(
    '%s: every command is refused naming it, nothing written',
    async (_, options, field) => {
      const store = makeMemoryStore()
      const accounts = toPromiseHandler(
        commandHandler(bankAccount, bankEventCodec),
        store,
        options as never,
      )
      const refused = leftOf(await accounts.handle('acc', open))
      expect(refused).toMatchObject({ _tag: 'InvalidArgument', field })
      expect(leftOf(await accounts.handle('acc', open))).toEqual(refused)
      expect(await Effect.runPromise(store.streamVersion('acc'))).toBe(0)
    },
  )
})
