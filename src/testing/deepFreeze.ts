/**
 * Deep freezing, so that a decider that mutates its input fails loudly: in strict mode (every ES
 * module) assigning to a frozen object throws a `TypeError`.
 *
 * @since 0.1.0
 */

/**
 * Freezes a value and everything reachable from it, in place, and returns it. Already-frozen
 * objects are taken as frozen all the way down (states share structure, so this keeps
 * re-freezing cheap). `Map` and `Set` objects are frozen and their contents walked, though
 * freezing cannot stop `set`/`add`/`delete` on them: the replay-determinism law catches those.
 *
 * @category freezing
 * @since 0.1.0
 */
export const deepFreeze = <A>(value: A): A => {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value
  if (ArrayBuffer.isView(value)) return value
  Object.freeze(value)
  if (value instanceof Map) {
    for (const [key, item] of value as Map<unknown, unknown>) {
      deepFreeze(key)
      deepFreeze(item)
    }
  } else if (value instanceof Set) {
    for (const item of value as Set<unknown>) deepFreeze(item)
  } else {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  }
  return value
}
