import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { EventIdIndex, hashId } from '../../../src/adapters/memory/EventIdIndex.js'

/** An index over `ids` (position p holds ids[p - 1]), filled as a store fills it. */
const indexOf = (ids: ReadonlyArray<string>) => {
  const index = new EventIdIndex((position) => ids[position - 1] as string)
  ids.forEach((id, i) => index.add(hashId(id), i + 1))
  return index
}

describe('EventIdIndex', () => {
  test.prop([fc.uniqueArray(fc.string(), { maxLength: 3000 }), fc.array(fc.string())])(
    'an id is found exactly when a Set of the same ids has it',
    (ids, probes) => {
      const index = indexOf(ids)
      const model = new Set(ids)
      expect(index.size).toBe(model.size)
      for (const id of [...ids, ...probes]) expect(index.has(id, hashId(id))).toBe(model.has(id))
    },
  )

  it('compares the ids themselves when hashes collide', () => {
    // A collision forced: 'b' probed under the hash of 'a'.
    const index = indexOf(['a'])
    expect(index.has('a', hashId('a'))).toBe(true)
    expect(index.has('b', hashId('a'))).toBe(false)
  })

  it('keeps every id across many growths', () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `event-${i}`)
    const index = indexOf(ids)
    expect(ids.every((id) => index.has(id, hashId(id)))).toBe(true)
    expect(index.has('event-50000', hashId('event-50000'))).toBe(false)
  })
})
