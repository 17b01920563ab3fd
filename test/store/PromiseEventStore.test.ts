import { Effect } from 'effect'
import { describe, expect, it } from 'vitest'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import type { EventStore } from '../../src/store/index.js'
import { toPromiseStore } from '../../src/store/index.js'
import { runEither } from '../../src/store/PromiseEventStore.js'
import { storeUnavailable } from '../../src/store/StoreError.js'

const event = (eventId: string) => ({
  eventId,
  type: 'Happened',
  schemaVersion: 1,
  data: { eventId },
  metadata: { recordedAt: '2024-01-01T00:00:00.000Z' },
})

describe('toPromiseStore', () => {
  it('resolves successes as Right', async () => {
    const store = toPromiseStore(makeMemoryStore())
    const appended = await store.append('s', [event('a'), event('b')], {
      expectedVersion: 'no_stream',
    })
    expect(appended._tag).toBe('Right')
    if (appended._tag === 'Right') expect(appended.right.nextExpectedVersion).toBe(2)
    expect(await store.streamVersion('s')).toEqual({ _tag: 'Right', right: 2 })
    expect(await store.headPosition()).toEqual({ _tag: 'Right', right: 2 })
    const read = await store.readStream('s', { direction: 'backward', limit: 1 })
    expect(read._tag === 'Right' && read.right.map((r) => r.eventId)).toEqual(['b'])
    const all = await store.readAll({ fromPosition: 2 })
    expect(all._tag === 'Right' && all.right.map((r) => r.globalPosition)).toEqual([2])
  })

  it('resolves expected failures as Left, never rejecting', async () => {
    const store = toPromiseStore(makeMemoryStore())
    await store.append('s', [event('a')], { expectedVersion: 'no_stream' })
    expect(await store.append('s', [event('b')], { expectedVersion: 'no_stream' })).toEqual({
      _tag: 'Left',
      left: { _tag: 'WrongExpectedVersion', streamId: 's', expected: 'no_stream', actual: 1 },
    })
    const invalid = await store.readStream('')
    expect(invalid._tag === 'Left' && invalid.left._tag).toBe('InvalidStreamId')
    await store.close()
    expect(await store.headPosition()).toEqual({ _tag: 'Left', left: { _tag: 'StoreClosed' } })
    expect(await store.onAppend(() => undefined)).toEqual({
      _tag: 'Left',
      left: { _tag: 'StoreClosed' },
    })
  })

  it('passes notifications through and unsubscribes', async () => {
    const store = toPromiseStore(makeMemoryStore())
    const seen: number[] = []
    const subscribed = await store.onAppend((head) => seen.push(head))
    if (subscribed._tag === 'Left') throw new Error('subscription refused')
    await store.append('s', [event('a')], { expectedVersion: 'any' })
    subscribed.right()
    await store.append('s', [event('b')], { expectedVersion: 'any' })
    expect(seen).toEqual([1])
  })

  it('rejects on a defect, which is not an expected failure', async () => {
    const broken: EventStore = {
      ...makeMemoryStore(),
      headPosition: () => Effect.die(new Error('bug')),
    }
    await expect(toPromiseStore(broken).headPosition()).rejects.toThrow('bug')
  })
})

describe('runEither', () => {
  it('maps the error channel to Left and the success to Right', async () => {
    expect(await runEither(Effect.succeed(1))).toEqual({ _tag: 'Right', right: 1 })
    expect(await runEither(Effect.fail(storeUnavailable('down')))).toEqual({
      _tag: 'Left',
      left: { _tag: 'StoreUnavailable', reason: 'down' },
    })
  })
})

describe('toPromiseStore on the snapshot and checkpoint parts', () => {
  it('gives the face of each part the store has, and of no other', () => {
    const memory = makeMemoryStore()
    const snapshotsOnly = toPromiseStore({
      loadSnapshot: memory.loadSnapshot,
      saveSnapshot: memory.saveSnapshot,
    })
    expect(Object.keys(snapshotsOnly).sort()).toEqual(['loadSnapshot', 'saveSnapshot'])
    expect(Object.keys(toPromiseStore(memory)).sort()).toEqual([
      'append',
      'close',
      'headPosition',
      'loadCheckpoint',
      'loadSnapshot',
      'onAppend',
      'readAll',
      'readStream',
      'saveCheckpoint',
      'saveSnapshot',
      'streamVersion',
    ])
  })

  it('round-trip through Either', async () => {
    const memory = makeMemoryStore()
    const snapshots = toPromiseStore(memory)
    const checkpoints = toPromiseStore(memory)
    expect(await snapshots.loadSnapshot('s')).toEqual({ _tag: 'Right', right: undefined })
    const snapshot = { streamId: 's', streamVersion: 3, stateVersion: 1, state: { balance: 5 } }
    expect(await snapshots.saveSnapshot(snapshot)).toEqual({ _tag: 'Right', right: undefined })
    expect(await snapshots.loadSnapshot('s')).toEqual({ _tag: 'Right', right: snapshot })
    const checkpoint = { name: 'p', position: 4, readModel: [1, 2] }
    await checkpoints.saveCheckpoint(checkpoint)
    expect(await checkpoints.loadCheckpoint('p')).toEqual({ _tag: 'Right', right: checkpoint })
    await Effect.runPromise(memory.close())
    expect(await checkpoints.loadCheckpoint('p')).toEqual({
      _tag: 'Left',
      left: { _tag: 'StoreClosed' },
    })
  })
})
