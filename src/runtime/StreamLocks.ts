/**
 * One lock per stream id: two commands on the same stream in one process run one after the
 * other instead of racing to a version conflict; commands on different streams run in
 * parallel. Locks are created on demand and dropped when nobody holds or awaits them.
 *
 * @since 0.1.0
 */
import { Effect, Semaphore } from 'effect'

interface Entry {
  readonly semaphore: Semaphore.Semaphore
  users: number
}

/**
 * A keyed lock.
 *
 * @category model
 * @since 0.1.0
 */
export class StreamLocks {
  private readonly entries = new Map<string, Entry>()

  /** Runs `effect` holding the lock of `key`. */
  withLock<A, E, R>(key: string, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> {
    return Effect.suspend(() => {
      let entry = this.entries.get(key)
      if (entry === undefined) {
        entry = { semaphore: Semaphore.makeUnsafe(1), users: 0 }
        this.entries.set(key, entry)
      }
      entry.users++
      const held = entry
      return Effect.ensuring(
        held.semaphore.withPermits(1)(effect),
        Effect.sync(() => {
          held.users--
          if (held.users === 0) this.entries.delete(key)
        }),
      )
    })
  }

  /** How many streams have a holder or a waiter (for tests). */
  get size(): number {
    return this.entries.size
  }
}
