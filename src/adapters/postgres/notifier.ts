/**
 * Wakes `onAppend` listeners: `LISTEN` on the schema's channel (every append transaction
 * `pg_notify`s the new head when it commits), with polling of the head position as a fallback
 * for notifications lost while the listening connection is down. Appends made through this
 * store wake its listeners directly.
 *
 * @since 0.1.0
 */
import type { Pool, PoolClient } from 'pg'
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
  readonly pollMs?: number
  /** Delay before reconnecting a dropped listening connection; default 500. */
  readonly reconnectMs?: number
}

/**
 * Makes the notifier; it holds no connection until the first listener subscribes.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeAppendNotifier = (options: AppendNotifierOptions): AppendNotifier => {
  const listeners = new Set<(head: number) => void>()
  let lastHead = 0
  let client: PoolClient | undefined
  let connecting: Promise<void> | undefined
  let poller: ReturnType<typeof setInterval> | undefined
  let reconnect: ReturnType<typeof setTimeout> | undefined
  let closed = false

  const publish = (head: number): void => {
    if (!(head > lastHead)) return
    lastHead = head
    for (const listener of [...listeners]) {
      try {
        listener(head)
      } catch {
        // A listener's failure is its own; the others are still told.
      }
    }
  }

  const drop = (failed: PoolClient, error: unknown): void => {
    if (client !== failed) return
    client = undefined
    failed.release(error instanceof Error ? error : new Error(describeFailure(error)))
    if (!closed && listeners.size > 0 && reconnect === undefined)
      reconnect = setTimeout(() => {
        reconnect = undefined
        if (listeners.size > 0) void listen().catch(() => undefined)
      }, options.reconnectMs ?? 500)
  }

  const listen = (): Promise<void> => {
    if (client !== undefined) return Promise.resolve()
    connecting ??= (async () => {
      const connected = await options.pool.connect()
      connected.on('notification', (message) => {
        if (message.channel === options.channel) publish(Number(message.payload))
      })
      connected.on('error', (error) => drop(connected, error))
      try {
        await connected.query(`LISTEN ${options.channel}`)
      } catch (error) {
        connected.release(error instanceof Error ? error : true)
        throw error
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
      held.release()
    }
  }

  const subscribe = async (listener: (head: number) => void): Promise<() => void> => {
    await listen()
    listeners.add(listener)
    if (poller === undefined) {
      poller = setInterval(() => {
        options.headPosition().then(publish, () => undefined)
        if (client === undefined && connecting === undefined && reconnect === undefined)
          void listen().catch(() => undefined)
      }, options.pollMs ?? 1000)
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
      listeners.clear()
      await stop()
    },
  }
}
