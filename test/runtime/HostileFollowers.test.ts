/**
 * Followers asked to run for ever, on the Promise face: they stay up through a store that
 * fails for a while (applying what is appended after it comes back), and when they stop they
 * say why: `FollowerStopped` when their signal aborts, `StoreClosed` when the store is closed
 * under them while they wait, never a silent hang.
 */
import { describe, expect, it } from 'vitest'
import { Effect } from 'effect'
import { right } from 'fp-ts/lib/Either.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import type { Json } from '../../src/codec/RecordedEvent.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec } from '../../src/examples/bank.codec.js'
import { commandHandler, toPromiseFollowers, toPromiseHandler } from '../../src/runtime/index.js'
import { storeUnavailable } from '../../src/store/StoreError.js'

const openAccount = (id: string) =>
  ({ type: 'OpenAccount', accountId: id, owner: 'Ada', initialBalance: 1 }) as const

const counting = {
  name: 'count',
  view: { initialState: 0, evolve: (n: number) => n + 1 },
  codec: bankEventCodec,
  readModel: { encode: (n: number) => n, decode: (json: Json) => right(json as number) },
}

/** `promise`, or `'still running'` when it has not settled within `ms`. */
const within = <A>(promise: Promise<A>, ms: number): Promise<A | 'still running'> =>
  Promise.race([
    promise,
    new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), ms)),
  ])

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('a follower on the Promise face', () => {
  it('asked to run for ever, ends with StoreClosed, not a silent wait, when its store is closed while it waits', async () => {
    const store = makeMemoryStore()
    const accounts = toPromiseHandler(commandHandler(bankAccount, bankEventCodec), store)
    await accounts.handle('a', openAccount('a'))
    const followers = toPromiseFollowers(store)
    const seen: Array<string> = []
    const subscription = followers.subscribe((record) => void seen.push(record.streamId))
    const projection = followers.runProjection(counting)
    const saga = followers.runSaga({
      name: 's',
      codec: bankEventCodec,
      saga: { react: () => [] },
      dispatch: () => Promise.resolve(right(undefined)),
    })
    await sleep(50)
    await Effect.runPromise(store.close())
    const closed = { _tag: 'Left', left: { _tag: 'StoreClosed' } }
    expect(await within(subscription, 3_000)).toEqual(closed)
    expect(await within(projection, 3_000)).toEqual(closed)
    expect(await within(saga, 3_000)).toEqual(closed)
    expect(seen).toEqual(['a'])
  })

  it('asked to run for ever, stays up through a store that fails for a while, applies what comes after, and says FollowerStopped when stopped', async () => {
    const memory = makeMemoryStore()
    const accounts = toPromiseHandler(commandHandler(bankAccount, bankEventCodec), memory)
    await accounts.handle('a', openAccount('a'))
    let down = false
    let failures = 0
    const flaky = {
      ...memory,
      readAll: (options?: Parameters<typeof memory.readAll>[0]) =>
        Effect.suspend(() => {
          if (!down) return memory.readAll(options)
          failures++
          return Effect.fail(storeUnavailable('down (test)'))
        }),
    }
    const stop = new AbortController()
    const followers = toPromiseFollowers(flaky)
    const run = followers.runProjection(counting, {
      reconnect: { initialDelayMs: 5, maxDelayMs: 20 },
      signal: stop.signal,
    })
    await sleep(30)
    down = true
    // Appended while the follower cannot read: it must get them once the store is back.
    await accounts.handle('b', openAccount('b'))
    await sleep(150)
    down = false
    await accounts.handle('c', openAccount('c'))
    await sleep(100)
    expect(await within(run, 0)).toBe('still running')
    stop.abort()
    expect(await within(run, 1_000)).toEqual({ _tag: 'Left', left: { _tag: 'FollowerStopped' } })
    expect(failures).toBeGreaterThan(2)
    const saved = await toPromiseFollowers(memory).loadProjection(counting)
    expect(saved._tag === 'Right' && saved.right).toEqual({ readModel: 3, position: 3 })
  })

  it('options that are not an object, or a signal that is not an AbortSignal, are refused naming them, as a Left', async () => {
    const followers = toPromiseFollowers(makeMemoryStore())
    const results = await Promise.all([
      Promise.resolve().then(() => followers.subscribe(() => undefined, null as never)),
      Promise.resolve().then(() => followers.runProjection(counting, 5 as never)),
      Promise.resolve().then(() =>
        followers.runSaga(
          {
            name: 's',
            codec: bankEventCodec,
            saga: { react: () => [] },
            dispatch: () => Promise.resolve(right(1)),
          },
          { signal: { aborted: false } as never },
        ),
      ),
    ])
    expect(results.map((result) => result._tag === 'Left' && result.left)).toEqual([
      expect.objectContaining({
        _tag: 'InvalidArgument',
        operation: 'subscribeAll',
        field: 'options',
      }),
      expect.objectContaining({
        _tag: 'InvalidArgument',
        operation: 'runProjection',
        field: 'options',
      }),
      expect.objectContaining({
        _tag: 'InvalidArgument',
        operation: 'runSaga',
        field: 'options.signal',
      }),
    ])
  })

  it('a subscriber that throws (or rejects) ends the subscription with a defect naming the event', async () => {
    const store = makeMemoryStore()
    await toPromiseHandler(commandHandler(bankAccount, bankEventCodec), store).handle(
      'a',
      openAccount('a'),
    )
    const followers = toPromiseFollowers(store)
    const failed = (promise: Promise<unknown>) =>
      promise.then(
        () => 'resolved',
        (defect: Error) => defect.message,
      )
    const message =
      /^foldwise: a subscriber threw on event \S+ \(stream "a", version 1, position 1\): onEvent failed \(test\)$/
    expect(
      await failed(
        followers.subscribe(
          () => {
            throw new Error('onEvent failed (test)')
          },
          { stopWhenCaughtUp: true },
        ),
      ),
    ).toMatch(message)
    expect(
      await failed(
        followers.subscribe(() => Promise.reject(new Error('onEvent failed (test)')), {
          stopWhenCaughtUp: true,
        }),
      ),
    ).toMatch(message)
  })
})
