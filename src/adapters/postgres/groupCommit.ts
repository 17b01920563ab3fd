/**
 * Group commit for appends: appends made while another is committing wait and go together in
 * one call of the `append_many` function (one lock, one transaction, one WAL flush), each one
 * checked against its own expected version and its own event ids, and answered on its own.
 * Appends are serialized store-wide for a gap-free log, so without this, concurrent appenders
 * would pay one durable commit each, in turn.
 *
 * @since 0.1.0
 */
import type { Pool, QueryResult } from 'pg'
import { describeFailure, isUnavailable } from './errors.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

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
 * What became of one append. `Refused`: the server would not store a value of it (a data
 * exception, a size limit); nothing of it was written.
 *
 * @category model
 * @since 0.1.0
 */
export type AppendOutcome =
  | { readonly _tag: 'Appended'; readonly actual: number; readonly firstPosition: number }
  | { readonly _tag: 'VersionMismatch'; readonly actual: number }
  | { readonly _tag: 'DuplicateEventId'; readonly eventId: string }
  | { readonly _tag: 'Refused'; readonly reason: string }

/**
 * Queues one append of `size` events; resolves with its outcome, rejects with the driver's
 * failure when the server could not be reached (or for a defect).
 *
 * @category model
 * @since 0.1.0
 */
export type EnqueueAppend = (append: QueuedAppend, size: number) => Promise<AppendOutcome>

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
  readonly duplicate: string | null
}

/** Most events one call carries; the rest wait for the next call. */
const maxEventsPerCall = 5_000

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

const field = (cause: unknown, key: string): string | undefined => {
  const value =
    typeof cause === 'object' && cause !== null
      ? (cause as Record<string, unknown>)[key]
      : undefined
  return typeof value === 'string' ? value : undefined
}

/** SQLSTATE the append function raises outside READ COMMITTED. */
const needsReadCommitted = 'FW001'

const duplicateKey = /^Key \(event_id\)=\(([\s\S]*)\) already exists\.$/

/**
 * The outcome of an append the server refused alone: a unique event id (should the function's
 * own check be bypassed), a data exception (class 22) or a program limit (class 54). Anything
 * else is no answer about this append.
 */
const refusal = (cause: unknown): AppendOutcome | undefined => {
  const code = field(cause, 'code') ?? ''
  if (code === '23505' && field(cause, 'constraint') === 'events_event_id_key') {
    const key = duplicateKey.exec(field(cause, 'detail') ?? '')
    if (key?.[1] !== undefined) return { _tag: 'DuplicateEventId', eventId: key[1] }
  }
  if (code.startsWith('22') || code.startsWith('54'))
    return { _tag: 'Refused', reason: describeFailure(cause) }
  return undefined
}

const toOutcome = (row: OutcomeRow): AppendOutcome =>
  row.ok
    ? { _tag: 'Appended', actual: Number(row.actual), firstPosition: Number(row.first_position) }
    : row.duplicate !== null
      ? { _tag: 'DuplicateEventId', eventId: row.duplicate }
      : { _tag: 'VersionMismatch', actual: Number(row.actual) }

/** Runs `text` in an explicit READ COMMITTED transaction on one connection of `pool`. */
const inReadCommitted = async (
  pool: Pool,
  text: string,
  values: ReadonlyArray<unknown>,
): Promise<QueryResult<OutcomeRow>> => {
  const client = await pool.connect()
  let destroy = false
  try {
    await client.query('BEGIN ISOLATION LEVEL READ COMMITTED')
    const result = await client.query<OutcomeRow>(text, [...values])
    await client.query('COMMIT')
    return result
  } catch (error) {
    // A connection that cannot even roll back is not given back to the pool.
    destroy = !(await client.query('ROLLBACK').then(
      () => true,
      () => false,
    ))
    throw error
  } finally {
    client.release(destroy)
  }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Makes the queue of one store.
 *
 * Each call is one statement in its own implicit transaction, which is READ COMMITTED unless the
 * pool's connections default otherwise (`default_transaction_isolation`). Then the function
 * refuses (SQLSTATE `FW001`, before taking the lock) and this store runs every later call in an
 * explicit `BEGIN ISOLATION LEVEL READ COMMITTED` transaction, two round trips dearer.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeGroupCommit = (pool: Pool, schema: string): EnqueueAppend => {
  const text = `SELECT ok, actual, first_position, duplicate FROM ${schema}.append_many($1::jsonb)`
  const queue: Waiting[] = []
  let flushing = false
  let explicitTransaction = false

  const call = async (batch: ReadonlyArray<Waiting>): Promise<ReadonlyArray<AppendOutcome>> => {
    // The events are already JSON: splice them in rather than parse and serialize them again.
    const payload = `[${batch.map((w) => `{"s":${JSON.stringify(w.append.s)},"x":${JSON.stringify(w.append.x)},"e":${w.append.e}}`).join(',')}]`
    let result: QueryResult<OutcomeRow> | undefined
    if (!explicitTransaction) {
      try {
        result = await pool.query<OutcomeRow>(text, [payload])
      } catch (cause) {
        if (field(cause, 'code') !== needsReadCommitted) throw cause
        explicitTransaction = true
      }
    }
    result ??= await inReadCommitted(pool, text, [payload])
    return result.rows.map(toOutcome)
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
      if (isUnavailable(cause)) for (const waiting of batch) waiting.reject(cause)
      else if (batch.length > 1) for (const waiting of batch) await settle([waiting])
      else
        for (const waiting of batch) {
          const outcome = refusal(cause)
          if (outcome === undefined) waiting.reject(cause)
          else waiting.resolve(outcome)
        }
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

  return (append, size) =>
    new Promise((resolve, reject) => {
      queue.push({ append, size, resolve, reject })
      if (!flushing) void flush()
    })
}
