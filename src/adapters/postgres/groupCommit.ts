/**
 * Group commit for appends: appends made while another is committing wait and go together in
 * one call of the `append_many` function (one lock, one transaction, one WAL flush), each one
 * checked against its own expected version. Appends are serialized store-wide for a gap-free
 * log, so without this, concurrent appenders would pay one durable commit each, in turn.
 *
 * @since 0.1.0
 */
import type { Pool } from 'pg'
import { isUnavailable } from './errors.js'

/**
 * One append as the SQL function takes it: stream id, encoded expected version, events.
 *
 * @category model
 * @since 0.1.0
 */
export interface QueuedAppend {
  readonly s: string
  readonly x: string
  /** The events, already serialized as a JSON array. */
  readonly e: string
}

/**
 * What the function answered for one append (`actual` -1: an event id already exists).
 *
 * @category model
 * @since 0.1.0
 */
export interface AppendOutcome {
  readonly ok: boolean
  readonly actual: number
  readonly firstPosition: number
}

interface Waiting {
  readonly append: QueuedAppend
  readonly size: number
  readonly resolve: (outcome: AppendOutcome) => void
  readonly reject: (cause: unknown) => void
}

interface OutcomeRow {
  readonly ok: boolean
  readonly actual: string
  readonly first_position: string
}

/** Most events one call carries; the rest wait for the next call. */
const maxEventsPerCall = 5_000

/**
 * Makes the queue of one store.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeGroupCommit = (pool: Pool, schema: string) => {
  const text = `SELECT ok, actual, first_position FROM ${schema}.append_many($1::jsonb)`
  const queue: Waiting[] = []
  let flushing = false

  const call = async (batch: ReadonlyArray<Waiting>): Promise<ReadonlyArray<AppendOutcome>> => {
    // The events are already JSON: splice them in rather than parse and serialize them again.
    const payload = `[${batch.map((w) => `{"s":${JSON.stringify(w.append.s)},"x":${JSON.stringify(w.append.x)},"e":${w.append.e}}`).join(',')}]`
    const result = await pool.query<OutcomeRow>(text, [payload])
    return result.rows.map((row) => ({
      ok: row.ok,
      actual: Number(row.actual),
      firstPosition: Number(row.first_position),
    }))
  }

  const settle = async (batch: ReadonlyArray<Waiting>): Promise<void> => {
    try {
      const outcomes = await call(batch)
      batch.forEach((waiting, i) => {
        const outcome = outcomes[i]
        if (outcome === undefined) waiting.reject(new Error('append_many returned too few rows'))
        else waiting.resolve(outcome)
      })
    } catch (cause) {
      // The whole call rolled back. One bad append (say, data PostgreSQL refuses) must not sink
      // the others: alone, each gets its own answer.
      if (batch.length > 1 && !isUnavailable(cause)) {
        for (const waiting of batch) await settle([waiting])
      } else for (const waiting of batch) waiting.reject(cause)
    }
  }

  const flush = async (): Promise<void> => {
    flushing = true
    while (queue.length > 0) {
      let events = 0
      let count = 0
      while (
        count < queue.length &&
        (count === 0 || events + (queue[count]?.size ?? 0) <= maxEventsPerCall)
      ) {
        events += queue[count]?.size ?? 0
        count++
      }
      await settle(queue.splice(0, count))
    }
    flushing = false
  }

  return (append: QueuedAppend, size: number): Promise<AppendOutcome> =>
    new Promise((resolve, reject) => {
      queue.push({ append, size, resolve, reject })
      if (!flushing) void flush()
    })
}
