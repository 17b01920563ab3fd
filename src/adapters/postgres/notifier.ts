/**
 * Wakes `onAppend` listeners: `LISTEN` on the schema's channel (every append transaction
 * `pg_notify`s the new head when it commits), with polling of the head position as a fallback
 * for notifications lost while the listening connection is down. Appends made through this
 * store wake its listeners directly.
 *
 * A dropped listening connection (a terminated backend, a server restart) is reconnected for
 * as long as anyone listens, with capped exponential backoff and jitter; once it is back, the
 * listeners are told the head, so what was appended meanwhile is read. The notifier's timers
 * do not keep the process alive: a follower that means to wait holds the process itself
 * (runtime/Subscription.ts).
 *
 * @since 0.1.0
 */
import type { Notification, Pool, PoolClient } from 'pg'
import { backoffCeiling, jitteredDelay } from '../../store/Backoff.js'
import type { Listeners } from '../../store/Listeners.js'
import { tellListeners, wakeOnClose } from '../../store/Listeners.js'
import { describeFailure } from './errors.js'

/**
 * The notifier of one store.
 *
 * @category model
 * @since 0.1.0
 */
export interface AppendNotifier {
  /** Adds a listener; resolves once the listening connection is up (rejects if it cannot be). */
  readonly subscribe: (listener: (head: number) => void) => Promise<() => void>
  /** Tells the listeners of a new head (coalesced: only heads above the last told). */
  readonly publish: (head: number) => void
  readonly close: () => Promise<void>
}

/**
 * Options of the notifier.
 *
 * @category model
 * @since 0.1.0
 */
export interface AppendNotifierOptions {
  readonly pool: Pool
  readonly channel: string
  readonly headPosition: () => Promise<number>
  /** Polling period in milliseconds (the fallback); default 1000. */
  readonly pollIntervalMs?: number
  /** First delay before reconnecting a dropped listening connection; default 100. */
  readonly reconnectMs?: number
  /** Cap of the reconnection delay, which doubles after each failed try; default 5000. */
  readonly maxReconnectMs?: number
}

/**
 * Makes the notifier; it holds no connection until the first listener subscribes.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeAppendNotifier = (options: AppendNotifierOptions): AppendNotifier => {
  const listeners: Listeners = new Set()
  let lastHead = 0
  let client: PoolClient | undefined
  let connecting: Promise<void> | undefined
  let poller: ReturnType<typeof setInterval> | undefined
  let reconnect: ReturnType<typeof setTimeout> | undefined
  let closed = false

  const publish = (head: number): void => {
    if (!(head > lastHead)) return
    lastHead = head
    tellListeners(listeners, head)
  }

  let failedTries = 0
  let listeningSince: number | undefined
  /** Tries to listen again after a delay that doubles with each failed try (capped, jittered). */
  const scheduleReconnect = (): void => {
    if (closed || listeners.size === 0 || reconnect !== undefined) return
    if (client !== undefined || connecting !== undefined) return
    // The backoff starts over only after a connection that lasted: one the server accepts and
    // drops at once (a failover, a proxy, a server going down) keeps backing off.
    if (
      listeningSince !== undefined &&
      Date.now() - listeningSince > (options.maxReconnectMs ?? 5_000)
    )
      failedTries = 0
    listeningSince = undefined
    const ceiling = backoffCeiling(
      { initialDelayMs: options.reconnectMs, maxDelayMs: options.maxReconnectMs },
      failedTries,
    )
    failedTries++
    reconnect = setTimeout(
      () => {
        reconnect = undefined
        if (closed || listeners.size === 0) return
        listen().then(() => {
          listeningSince = Date.now()
        }, scheduleReconnect)
      },
      jitteredDelay(ceiling, Math.random()),
    )
    reconnect.unref()
  }

  /** The handlers this notifier put on each connection it holds, removed when it lets go. */
  const handlers = new WeakMap<PoolClient, ReadonlyArray<readonly [string, () => void]>>()

  /** Gives a listening connection back to the pool (destroyed, when it failed). */
  const release = (connection: PoolClient, error?: unknown): void => {
    for (const [event, handler] of handlers.get(connection) ?? [])
      connection.removeListener(event, handler)
    handlers.delete(connection)
    if (error === undefined) return connection.release()
    // A destroyed connection may still report its failure: that is no longer anyone's concern.
    connection.on('error', () => undefined)
    connection.release(error instanceof Error ? error : new Error(describeFailure(error)))
  }

  const drop = (failed: PoolClient, error: unknown): void => {
    if (client !== failed) return
    client = undefined
    release(failed, error)
    scheduleReconnect()
  }

  const listen = (): Promise<void> => {
    if (client !== undefined) return Promise.resolve()
    connecting ??= (async () => {
      const connected = await options.pool.connect()
      const onNotification = (message: Notification): void => {
        if (message.channel === options.channel) publish(Number(message.payload))
      }
      const onError = (error: Error): void => drop(connected, error)
      // A connection closed without an error event is dropped all the same.
      const onEnd = (): void => drop(connected, new Error('Connection terminated'))
      connected.on('notification', onNotification)
      connected.on('error', onError)
      connected.on('end', onEnd)
      handlers.set(connected, [
        ['notification', onNotification as () => void],
        ['error', onError as () => void],
        ['end', onEnd],
      ])
      try {
        await connected.query(`LISTEN ${options.channel}`)
      } catch (error) {
        release(connected, error)
        throw error
      }
      if (closed || listeners.size === 0) {
        // Everyone left (or the store closed) while this connection was being made.
        await connected.query(`UNLISTEN ${options.channel}`).catch(() => undefined)
        release(connected)
        return
      }
      client = connected
      // Anything appended while no connection listened is caught up now.
      options.headPosition().then(publish, () => undefined)
    })().finally(() => {
      connecting = undefined
    })
    return connecting
  }

  const stop = async (): Promise<void> => {
    if (poller !== undefined) clearInterval(poller)
    if (reconnect !== undefined) clearTimeout(reconnect)
    poller = undefined
    reconnect = undefined
    const held = client
    client = undefined
    if (held !== undefined) {
      await held.query(`UNLISTEN ${options.channel}`).catch(() => undefined)
      release(held)
    }
  }

  const subscribe = async (listener: (head: number) => void): Promise<() => void> => {
    listeners.add(listener)
    try {
      await listen()
    } catch (error) {
      listeners.delete(listener)
      throw error
    }
    if (poller === undefined) {
      poller = setInterval(() => {
        options.headPosition().then(publish, () => undefined)
        scheduleReconnect()
      }, options.pollIntervalMs ?? 1000)
      poller.unref()
    }
    return () => {
      listeners.delete(listener)
      if (listeners.size === 0) void stop()
    }
  }

  return {
    subscribe,
    publish,
    close: async () => {
      closed = true
      // A reader waiting for appends wakes, and its next read meets StoreClosed.
      wakeOnClose(listeners, lastHead)
      await stop()
    },
  }
}
