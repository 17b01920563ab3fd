/**
 * The in-memory store beyond the conformance suite: its synchronous append face (what the
 * runtime's fast path calls) and how records share frozen metadata without aliasing input.
 */
import { Effect } from 'effect'
import { describe, expect, it } from 'vitest'
import { makeMemoryStore } from '../../../src/adapters/memory/index.js'
import type { EventToAppend, Json } from '../../../src/codec/RecordedEvent.js'
import type { EventStore } from '../../../src/store/EventStore.js'
import type { SyncAppend } from '../../../src/store/SyncAppend.js'
import { isAppendError, syncAppendOf } from '../../../src/store/SyncAppend.js'

const at = '2024-01-01T00:00:00.000Z'
const event = (eventId: string, metadata: EventToAppend['metadata'] = {}): EventToAppend => ({
  eventId,
  type: 'T',
  schemaVersion: 1,
  data: { n: 1 },
  metadata,
})
const syncOf = (store: EventStore): SyncAppend => {
  const sync = syncAppendOf(store.append)
  if (sync === undefined) throw new Error('no synchronous append')
  return sync
}

describe('memory store: the synchronous append face', () => {
  it('appends as append does, and fails with the same errors', () => {
    const store = makeMemoryStore({ now: () => at })
    const sync = syncOf(store)
    const first = sync('s', [event('e1')], { expectedVersion: 'no_stream' })
    expect(isAppendError(first)).toBe(false)
    expect(Effect.runSync(store.readStream('s'))).toHaveLength(1)
    expect(sync('s', [event('e2')], { expectedVersion: 0 })).toMatchObject({
      _tag: 'WrongExpectedVersion',
    })
    expect(sync('t', [event('e1')], { expectedVersion: 'any' })).toMatchObject({
      _tag: 'DuplicateEventId',
    })
    expect(sync('t', [event('x'), event('x')], { expectedVersion: 'any' })).toMatchObject({
      _tag: 'DuplicateEventId',
    })
    // A refused batch leaves no trace: its new ids are still free.
    expect(isAppendError(sync('t', [event('x')], { expectedVersion: 'any' }))).toBe(false)
    Effect.runSync(store.close())
    expect(sync('s', [event('e3')], { expectedVersion: 'any' })).toMatchObject({
      _tag: 'StoreClosed',
    })
  })

  it('a large batch with a repeated id is refused whole', () => {
    const store = makeMemoryStore()
    const batch = Array.from({ length: 40 }, (_, i) => event(`b${i % 39}`))
    expect(syncOf(store)('s', batch, { expectedVersion: 'any' })).toMatchObject({
      _tag: 'DuplicateEventId',
      eventId: 'b0',
    })
    expect(Effect.runSync(store.headPosition())).toBe(0)
    // The same batch array again still finds its repeat (nothing is remembered between calls).
    expect(syncOf(store)('s', batch, { expectedVersion: 'any' })).toMatchObject({
      _tag: 'DuplicateEventId',
    })
  })

  it('a wrapper that replaces append hides the face; one that keeps append keeps it', () => {
    const store = makeMemoryStore()
    const replaced: EventStore = { ...store, append: (s, e, o) => store.append(s, e, o) }
    const kept: EventStore = { ...store, readStream: (s, o) => store.readStream(s, o) }
    expect(syncAppendOf(replaced.append)).toBeUndefined()
    expect(syncAppendOf(kept.append)).toBeDefined()
  })
})

describe('memory store: frozen metadata', () => {
  it("the events of a batch share one frozen copy of their metadata, never the caller's", () => {
    const store = makeMemoryStore({ now: () => at })
    const metadata = { correlationId: 'c', tags: ['a'] } as EventToAppend['metadata']
    const { records } = Effect.runSync(
      store.append('s', [event('e1', metadata), event('e2', metadata)], {
        expectedVersion: 'any',
      }),
    )
    expect(records[0]?.metadata).toBe(records[1]?.metadata)
    expect(records[0]?.metadata).not.toBe(metadata)
    expect(Object.isFrozen(records[0]?.metadata)).toBe(true)
    expect(Object.isFrozen(records[0]?.metadata['tags'])).toBe(true)
  })

  it('a metadata object changed between appends is copied again', () => {
    const store = makeMemoryStore({ now: () => at })
    const metadata: { [key: string]: Json } = { recordedAt: at, tenant: 'a' }
    Effect.runSync(store.append('s', [event('e1', metadata)], { expectedVersion: 'any' }))
    metadata['tenant'] = 'b'
    Effect.runSync(store.append('s', [event('e2', metadata)], { expectedVersion: 'any' }))
    const records = Effect.runSync(store.readStream('s'))
    expect(records.map((r) => r.metadata['tenant'])).toEqual(['a', 'b'])
  })

  it('a frozen metadata object with nested data is copied again (its inside may change)', () => {
    const store = makeMemoryStore({ now: () => at })
    const tags = ['a']
    const metadata = Object.freeze({ recordedAt: at, tags })
    Effect.runSync(store.append('s', [event('e1', metadata)], { expectedVersion: 'any' }))
    tags.push('b')
    Effect.runSync(store.append('s', [event('e2', metadata)], { expectedVersion: 'any' }))
    const records = Effect.runSync(store.readStream('s'))
    expect(records.map((r) => r.metadata['tags'])).toEqual([['a'], ['a', 'b']])
  })

  it('a frozen, flat metadata object is copied once and its copy shared by later appends', () => {
    const store = makeMemoryStore({ now: () => at })
    const metadata = Object.freeze({ recordedAt: at, tenant: 'a' })
    Effect.runSync(store.append('s', [event('e1', metadata)], { expectedVersion: 'any' }))
    Effect.runSync(store.append('s', [event('e2', metadata)], { expectedVersion: 'any' }))
    const [a, b] = Effect.runSync(store.readStream('s'))
    expect(a?.metadata).toBe(b?.metadata)
    expect(a?.metadata).not.toBe(metadata)
    expect(a?.metadata).toEqual({ recordedAt: at, tenant: 'a' })
  })
})
