/**
 * One lock per stream id: two commands on the same stream in one process run one after the
 * other instead of racing to a version conflict; commands on different streams run in
 * parallel. A lock exists only while somebody holds it; waiters queue in arrival order.
 *
 * Taking a free lock is synchronous (`tryAcquire`), so the command handler's fast path pays a
 * map lookup, not a semaphore, when nobody else is on the stream.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'

interface Waiter {
  /** Set by `release` when the lock is handed over to this waiter. */
  granted: boolean
  resume: (() => void) | undefined
}

const noWaiters: ReadonlyArray<Waiter> = Object.freeze([])

/**
 * A keyed lock.
 *
 * @category model
 * @since 0.1.0
 */
export class StreamLocks {
  /** Held keys, each with its waiters (the shared empty array when there are none). */
  private readonly held = new Map<string, ReadonlyArray<Waiter>>()

  /** Whether `key` is held. */
  isHeld(key: string): boolean {
    // Most commands find no lock held at all: no lookup then.
    return this.held.size !== 0 && this.held.has(key)
  }

  /** Takes the lock of `key` if it is free; the caller must `release` it. */
  tryAcquire(key: string): boolean {
    if (this.held.has(key)) return false
    this.held.set(key, noWaiters)
    return true
  }

  /** Releases the lock of `key`, handing it to the longest waiter if there is one. */
  release(key: string): void {
    const waiters = this.held.get(key)
    if (waiters === undefined) return
    if (waiters.length === 0) {
      this.held.delete(key)
      return
    }
    const next = (waiters as Array<Waiter>).shift() as Waiter
    if (waiters.length === 0) this.held.set(key, noWaiters)
    next.granted = true
    const resume = next.resume
    next.resume = undefined
    if (resume !== undefined) resume()
  }

  /** Waits until the lock of `key` is this fiber's. Interrupted while waiting, it leaves the queue. */
  acquire(key: string): Effect.Effect<void> {
    return Effect.withFiber((fiber) => {
      if (this.tryAcquire(key)) return Effect.void
      return Effect.callback<void>((resume) => {
        // Resumed from the releaser's dispatcher, not inline: a long queue must not nest
        // every waiter's command inside the releaser's stack.
        const waiter: Waiter = {
          granted: false,
          resume: () => fiber.currentDispatcher.scheduleTask(() => resume(Effect.void), 0),
        }
        let waiters = this.held.get(key) as ReadonlyArray<Waiter>
        if (waiters === noWaiters) this.held.set(key, (waiters = []))
        ;(waiters as Array<Waiter>).push(waiter)
        return Effect.sync(() => {
          if (waiter.granted) {
            // Handed over as the fiber was interrupted: pass it on.
            this.release(key)
            return
          }
          waiter.resume = undefined
          const queue = this.held.get(key)
          if (queue === undefined || queue === noWaiters) return
          const at = queue.indexOf(waiter)
          if (at >= 0) (queue as Array<Waiter>).splice(at, 1)
          if (queue.length === 0) this.held.set(key, noWaiters)
        })
      })
    })
  }

  /** Runs `effect` holding the lock of `key`. */
  withLock<A, E, R>(key: string, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> {
    return Effect.uninterruptibleMask((restore) =>
      Effect.flatMap(restore(this.acquire(key)), () =>
        Effect.onExit(restore(effect), () => Effect.sync(() => this.release(key))),
      ),
    )
  }

  /** Runs `effect`, whose caller already holds the lock of `key`, and releases it at the end. */
  releasing<A, E, R>(key: string, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> {
    return Effect.onExit(effect, () => Effect.sync(() => this.release(key)))
  }

  /** How many streams are held (for tests). */
  get size(): number {
    return this.held.size
  }
}
