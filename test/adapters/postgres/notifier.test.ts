/**
 * The notifier's reconnect schedule, against a fake pool and fake timers: the delay doubles from
 * `reconnectMs` up to `maxReconnectMs` while tries fail, drawn between half and all of its
 * ceiling; it starts over only after a connection that lasted longer than `maxReconnectMs`, so a
 * server that accepts and drops at once keeps being backed off from.
 */
import { EventEmitter } from 'node:events'
import type { Pool, PoolClient } from 'pg'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { makeAppendNotifier } from '../../../src/adapters/postgres/notifier.js'

class FakeClient extends EventEmitter {
  released = false
  query(): Promise<void> {
    return Promise.resolve()
  }
  release(): void {
    this.released = true
  }
}

/** A pool whose connections succeed while `up` is true; every client it handed out. */
const fakePool = () => {
  const state = { up: true, connects: 0, clients: [] as FakeClient[] }
  const pool = {
    connect: () => {
      state.connects++
      if (!state.up) return Promise.reject(new Error('connection refused'))
      const client = new FakeClient()
      state.clients.push(client)
      return Promise.resolve(client as unknown as PoolClient)
    },
  } as unknown as Pool
  return { pool, state }
}

/** Lets the notifier's promise chains run. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  })
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

/**
 * A notifier over a fake pool (backoff from 100 ms to 1 s, jitter at its top), subscribed once,
 * with the delays it has given `setTimeout` so far.
 */
const subscribedNotifier = async () => {
  const { pool, state } = fakePool()
  const timeout = vi.spyOn(globalThis, 'setTimeout')
  const delays = (): number[] => timeout.mock.calls.map((call) => Number(call[1]))
  vi.spyOn(Math, 'random').mockReturnValue(1)
  const notifier = makeAppendNotifier({
    pool,
    channel: 'c',
    headPosition: () => Promise.resolve(0),
    pollIntervalMs: 1e9,
    reconnectMs: 100,
    maxReconnectMs: 1000,
  })
  await notifier.subscribe(() => undefined)
  return { state, notifier, delays }
}

describe('postgres notifier: reconnect backoff', () => {
  it('doubles the delay from reconnectMs to maxReconnectMs while tries fail, jittered between half and all of it', async () => {
    const { state, notifier, delays } = await subscribedNotifier()
    state.up = false
    state.clients[0]?.emit('error', new Error('terminated'))
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(delays().at(-1) ?? 0)
      await settle()
    }
    expect(delays()).toEqual([100, 200, 400, 800, 1000, 1000])
    // The low end of the jitter: half the ceiling.
    vi.spyOn(Math, 'random').mockReturnValue(0)
    await vi.advanceTimersByTimeAsync(1000)
    await settle()
    expect(delays().at(-1)).toBe(500)
    await notifier.close()
  })

  it('starts over only after a connection that lasted longer than maxReconnectMs', async () => {
    const { state, notifier, delays } = await subscribedNotifier()
    const dropLatest = (): void => {
      state.clients.at(-1)?.emit('error', new Error('terminated'))
    }
    // Accepted and dropped at once, again and again: the backoff keeps growing.
    for (let i = 0; i < 4; i++) {
      dropLatest()
      await vi.advanceTimersByTimeAsync(delays().at(-1) ?? 0)
      await settle()
    }
    expect(delays()).toEqual([100, 200, 400, 800])
    expect(state.connects).toBe(5)
    // A connection that lasts past maxReconnectMs resets it.
    await vi.advanceTimersByTimeAsync(1001)
    dropLatest()
    await settle()
    expect(delays().at(-1)).toBe(100)
    await notifier.close()
  })
})
