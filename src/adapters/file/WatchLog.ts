/**
 * Noticing appends made by other processes: `fs.watch` on the log, with a polling timer as a
 * fallback (watching is not reliable on every file system, e.g. network mounts).
 *
 * @since 0.1.0
 */
import type { FSWatcher } from 'node:fs'
import { watch } from 'node:fs'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A watch that can be started and stopped; neither keeps the process alive (a store with a
 * forgotten listener must not hold a program open). A follower that means to wait, such as a
 * projection run for ever, holds the process itself (runtime/Subscription.ts).
 *
 * @category model
 * @since 0.1.0
 */
export interface LogWatch {
  readonly start: () => void
  readonly stop: () => void
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Calls `changed` when the file at `path` may have changed: on `fs.watch` events and every
 * `pollIntervalMs`. `changed` must be cheap when nothing changed.
 *
 * @category constructors
 * @since 0.1.0
 */
export const watchLog = (path: string, pollIntervalMs: number, changed: () => void): LogWatch => {
  let watcher: FSWatcher | undefined
  let timer: ReturnType<typeof setInterval> | undefined
  const safely = (): void => {
    try {
      changed()
    } catch {
      // A failed check is retried by the next event or tick.
    }
  }
  return {
    start: () => {
      if (timer !== undefined) return
      timer = setInterval(safely, pollIntervalMs)
      timer.unref()
      try {
        watcher = watch(path, { persistent: false }, safely)
        watcher.on('error', () => {
          watcher?.close()
          watcher = undefined
        })
      } catch {
        watcher = undefined
      }
    },
    stop: () => {
      if (timer !== undefined) clearInterval(timer)
      timer = undefined
      watcher?.close()
      watcher = undefined
    },
  }
}
