/**
 * The state cache is an LRU map: after any sequence of gets, sets and deletes it answers like
 * a reference model (a list ordered by last use, trimmed to capacity).
 */
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import type { CachedStream } from '../../src/runtime/StateCache.js'
import { StateCache } from '../../src/runtime/StateCache.js'

type Op =
  | { readonly _tag: 'get'; readonly key: string }
  | { readonly _tag: 'set'; readonly key: string; readonly value: number }
  | { readonly _tag: 'delete'; readonly key: string }

const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f')
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ _tag: fc.constant('get' as const), key }),
  fc.record({ _tag: fc.constant('set' as const), key, value: fc.nat() }),
  fc.record({ _tag: fc.constant('delete' as const), key }),
)

const entry = (value: number): CachedStream<number> => ({
  state: value,
  version: value,
  stale: false,
  commandIds: new Map(),
  indexedFrom: 1,
})

test.prop([fc.integer({ min: 0, max: 5 }), fc.array(op, { maxLength: 60 })])(
  'the cache answers every get like a reference LRU of the same capacity',
  (capacity, ops) => {
    const cache = new StateCache<number>(capacity)
    // Most recently used last.
    let model: Array<readonly [string, number]> = []
    for (const o of ops) {
      const at = model.findIndex(([k]) => k === o.key)
      if (o._tag === 'get') {
        expect(cache.get(o.key)?.state).toBe(at < 0 ? undefined : model[at]?.[1])
        if (at >= 0) model = [...model.filter(([k]) => k !== o.key), model[at] as [string, number]]
      } else if (o._tag === 'set') {
        cache.set(o.key, entry(o.value))
        if (capacity > 0) {
          model = [...model.filter(([k]) => k !== o.key), [o.key, o.value]]
          if (model.length > capacity) model = model.slice(model.length - capacity)
        }
      } else {
        cache.delete(o.key)
        model = model.filter(([k]) => k !== o.key)
      }
      expect(cache.size).toBe(model.length)
    }
  },
)
