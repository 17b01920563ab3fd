/**
 * The digest `foldwise copy` verifies with: the same events digest the same whatever the key
 * order of their JSON (PostgreSQL's jsonb reorders keys), and any other difference is named.
 */
import { Effect } from 'effect'
import { describe, expect, it } from 'vitest'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import { canonicalJson, compareDigests, digestStore } from '../../src/cli/StoreDigest.js'
import type { Json } from '../../src/codec/RecordedEvent.js'

const storeWith = (events: ReadonlyArray<{ readonly stream: string; readonly data: Json }>) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const store = makeMemoryStore()
      for (const [i, { stream, data }] of events.entries())
        yield* store.append(
          stream,
          [
            {
              eventId: `e-${i}`,
              type: 'Happened',
              schemaVersion: 1,
              data,
              metadata: { recordedAt: '2024-01-01T00:00:00.000Z' },
            },
          ],
          { expectedVersion: 'any' },
        )
      return yield* digestStore(store)
    }),
  )

describe('store digests', () => {
  it('canonical JSON sorts object keys at every depth, and keeps array order', () => {
    expect(canonicalJson({ b: { y: 1, x: [2, 1] }, a: null })).toBe(
      canonicalJson({ a: null, b: { x: [2, 1], y: 1 } }),
    )
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]))
  })

  it('equal stores match; a changed value, a missing event or an extra stream is named', async () => {
    const original = await storeWith([
      { stream: 'a', data: { n: 1, m: { p: true, q: 'x' } } },
      { stream: 'b', data: { n: 2 } },
    ])
    const reordered = await storeWith([
      { stream: 'a', data: { m: { q: 'x', p: true }, n: 1 } },
      { stream: 'b', data: { n: 2 } },
    ])
    expect(compareDigests(original, reordered)).toBeUndefined()
    const changed = await storeWith([
      { stream: 'a', data: { n: 1, m: { p: false, q: 'x' } } },
      { stream: 'b', data: { n: 2 } },
    ])
    expect(compareDigests(original, changed)).toMatch(/^stream a differs: digest /)
    const shorter = await storeWith([{ stream: 'a', data: { n: 1, m: { p: true, q: 'x' } } }])
    expect(compareDigests(original, shorter)).toBe('stream b is missing from the copy')
    expect(compareDigests(shorter, original)).toBe('stream b is in the copy but not in the source')
  })
})
