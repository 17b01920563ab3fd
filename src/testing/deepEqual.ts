/**
 * Structural equality for plain data, strict about shape: an absent key and a key holding
 * `undefined` differ, `NaN` equals `NaN`, `Map`s and `Set`s compare by content, and objects must
 * share a prototype.
 *
 * @since 0.1.0
 */

const equalMaps = (
  a: ReadonlyMap<unknown, unknown>,
  b: ReadonlyMap<unknown, unknown>,
  seen: Array<readonly [object, object]>,
): boolean => {
  if (a.size !== b.size) return false
  for (const [key, value] of a) {
    if (!b.has(key)) return false
    if (!equal(value, b.get(key), seen)) return false
  }
  return true
}

const equalSets = (
  a: ReadonlySet<unknown>,
  b: ReadonlySet<unknown>,
  seen: Array<readonly [object, object]>,
): boolean => {
  if (a.size !== b.size) return false
  const rest = Array.from(b)
  for (const item of a) {
    if (b.has(item)) continue
    const index = rest.findIndex((other) => equal(item, other, seen))
    if (index < 0) return false
    rest.splice(index, 1)
  }
  return true
}

const equal = (a: unknown, b: unknown, seen: Array<readonly [object, object]>): boolean => {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  if (seen.some(([x, y]) => x === a && y === b)) return true
  const inside = [...seen, [a, b] as const]
  if (Array.isArray(a)) {
    const other = b as ReadonlyArray<unknown>
    if (a.length !== other.length) return false
    for (let i = 0; i < a.length; i++) if (!equal(a[i], other[i], inside)) return false
    return true
  }
  if (a instanceof Date) return a.getTime() === (b as Date).getTime()
  if (a instanceof Map) return equalMaps(a, b as Map<unknown, unknown>, inside)
  if (a instanceof Set) return equalSets(a, b as Set<unknown>, inside)
  const keysA = Object.keys(a)
  const keysB = Object.keys(b)
  if (keysA.length !== keysB.length) return false
  const recordA = a as Readonly<Record<string, unknown>>
  const recordB = b as Readonly<Record<string, unknown>>
  for (const key of keysA) {
    if (!Object.prototype.hasOwnProperty.call(b, key)) return false
    if (!equal(recordA[key], recordB[key], inside)) return false
  }
  return true
}

/**
 * Whether two values are structurally equal.
 *
 * @example
 * import { deepEqual } from './src/testing/deepEqual.js'
 * assert.ok(deepEqual(new Map([['a', [1]]]), new Map([['a', [1]]])))
 * assert.ok(!deepEqual({ a: undefined }, {}))
 *
 * @category equality
 * @since 0.1.0
 */
export const deepEqual = (a: unknown, b: unknown): boolean => equal(a, b, [])
