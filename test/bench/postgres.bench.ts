/**
 * The PostgreSQL adapter against Emmett's PostgreSQL event store and hand-written `pg`
 * baselines, on one embedded server started here with PostgreSQL's default (durable) settings.
 * Each contender writes to its own schema or tables of the same server.
 */
import { dumbo } from '@event-driven-io/dumbo'
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql'
import { Effect } from 'effect'
import pg from 'pg'
import { openPostgresStore } from '../../src/adapters/postgres/index.js'
import type { PostgresStore } from '../../src/adapters/postgres/index.js'
import { startTestServer } from '../adapters/postgres/server.js'
import type { BenchRow, BenchSection } from './harness.js'
import { bestRate, consume, latencies } from './harness.js'

const run = Effect.runPromise
let ids = 0
const event = (n: number) => ({
  eventId: `e${++ids}`,
  type: 'MoneyDeposited',
  schemaVersion: 1,
  data: { amount: n, currency: 'EUR' },
  metadata: { correlationId: 'c' },
})
const emmettEvent = (n: number) => ({
  type: 'MoneyDeposited',
  data: { amount: n, currency: 'EUR' },
})
const batchOf = <A>(size: number, make: (n: number) => A): A[] =>
  Array.from({ length: size }, (_, i) => make(i))

const baselineTable = `CREATE TABLE IF NOT EXISTS baseline_events (
  position bigserial PRIMARY KEY, stream_id text NOT NULL, version bigint NOT NULL, type text NOT NULL,
  data jsonb NOT NULL, metadata jsonb NOT NULL, UNIQUE (stream_id, version))`
const baselineInsert = (rows: number) =>
  `INSERT INTO baseline_events (stream_id, version, type, data, metadata) VALUES ${Array.from(
    { length: rows },
    (_, i) => `($1, $${i * 2 + 2}, 'MoneyDeposited', $${i * 2 + 3}::jsonb, '{}')`,
  ).join(', ')}`
const baselineValues = (stream: string, from: number, rows: number) => [
  stream,
  ...Array.from({ length: rows }, (_, i) => [
    from + i,
    JSON.stringify({ amount: i, currency: 'EUR' }),
  ]).flat(),
]

const concurrently = async (
  workers: number,
  each: number,
  body: (worker: number, i: number) => Promise<unknown>,
) => {
  const start = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; i < each; i++) await body(w, i)
    }),
  )
  return (workers * each) / (Number(process.hrtime.bigint() - start) / 1e9)
}

const row = (
  name: string,
  measured: { perSecond: number; p50Ms?: number; p99Ms?: number },
  note?: string,
): BenchRow => ({
  name,
  perSecond: measured.perSecond,
  ...(measured.p50Ms === undefined ? {} : { p50Ms: measured.p50Ms, p99Ms: measured.p99Ms }),
  ...(note === undefined ? {} : { note }),
})

export default async (): Promise<ReadonlyArray<BenchSection>> => {
  const server = await startTestServer()
  const pool = new pg.Pool({ connectionString: server.url, max: 16 })
  const store: PostgresStore = await run(openPostgresStore({ pool, schema: 'bench' }))
  const emmett = getPostgreSQLEventStore(server.url)
  const emmettExecutor = dumbo({ connectionString: server.url })
  await emmett.schema.migrate()
  await pool.query(baselineTable)
  const sections: BenchSection[] = []
  try {
    // --- single appends, one at a time -------------------------------------------------
    const single = 400
    sections.push({
      title: 'PostgreSQL: single-event appends, one at a time (durable commit each)',
      baseline: 'pg: INSERT one row (autocommit)',
      rows: [
        row(
          'pg: INSERT one row (autocommit)',
          await latencies(single, (i) =>
            pool.query(baselineInsert(1), baselineValues('single', i + 1, 1)),
          ),
          'no version check, no global order',
        ),
        row(
          'foldwise append',
          await latencies(single, (i) =>
            run(store.append('single', [event(i)], { expectedVersion: i })),
          ),
          'expected version checked, gap-free position',
        ),
        row(
          'Emmett appendToStream',
          await latencies(single, (i) =>
            emmett.appendToStream('single', [emmettEvent(i)], { expectedStreamVersion: BigInt(i) }),
          ),
          'expected version checked',
        ),
      ],
    })

    // --- 16 concurrent appenders --------------------------------------------------------
    const workers = 16
    const each = 60
    sections.push({
      title: `PostgreSQL: ${workers} concurrent appenders, one event per append, own stream each (events/s)`,
      baseline: 'pg: INSERT one row (autocommit)',
      rows: [
        row(
          'pg: INSERT one row (autocommit)',
          {
            perSecond: await concurrently(workers, each, (w, i) =>
              pool.query(baselineInsert(1), baselineValues(`c${w}`, i + 1, 1)),
            ),
          },
          'commits in parallel (WAL group commit)',
        ),
        row(
          'foldwise append',
          {
            perSecond: await concurrently(workers, each, (w, i) =>
              run(store.append(`c${w}`, [event(i)], { expectedVersion: i })),
            ),
          },
          'appends serialized by the gap-free lock',
        ),
        row('Emmett appendToStream', {
          perSecond: await concurrently(workers, each, (w, i) =>
            emmett.appendToStream(`c${w}`, [emmettEvent(i)], { expectedStreamVersion: BigInt(i) }),
          ),
        }),
      ],
    })

    // --- 100-event batches --------------------------------------------------------------
    const batches = 40
    let b = 0
    sections.push({
      title: 'PostgreSQL: 100-event batches (events/s)',
      baseline: 'pg: INSERT 100 rows in one statement',
      rows: [
        row(
          'pg: INSERT 100 rows in one statement',
          await latencies(batches, (i) =>
            pool.query(baselineInsert(100), baselineValues('batch', i * 100 + 1, 100)),
          ).then((m) => ({ ...m, perSecond: m.perSecond * 100 })),
        ),
        row(
          'foldwise append',
          await latencies(batches, () =>
            run(
              store.append(`batch-${b++}`, batchOf(100, event), { expectedVersion: 'no_stream' }),
            ),
          ).then((m) => ({ ...m, perSecond: m.perSecond * 100 })),
        ),
        row(
          'Emmett appendToStream',
          await latencies(batches, (i) =>
            emmett.appendToStream(`batch-${i}`, batchOf(100, emmettEvent), {
              expectedStreamVersion: 0n,
            }),
          ).then((m) => ({ ...m, perSecond: m.perSecond * 100 })),
        ),
      ],
    })

    // --- one stream of 1,000 events -----------------------------------------------------
    await run(store.append('thousand', batchOf(1000, event), { expectedVersion: 'no_stream' }))
    await emmett.appendToStream('thousand', batchOf(1000, emmettEvent))
    await pool.query(baselineInsert(1000), baselineValues('thousand', 1, 1000))
    sections.push({
      title: 'PostgreSQL: reading one stream of 1,000 events (events/s)',
      baseline: 'pg: SELECT the stream’s rows',
      rows: [
        row('pg: SELECT the stream’s rows', {
          perSecond: await bestRate(
            1000,
            async () =>
              consume(
                await pool.query(
                  'SELECT * FROM baseline_events WHERE stream_id = $1 ORDER BY version',
                  ['thousand'],
                ),
              ),
            20,
          ),
        }),
        row('foldwise readStream', {
          perSecond: await bestRate(
            1000,
            async () => consume(await run(store.readStream('thousand'))),
            20,
          ),
        }),
        row('Emmett readStream', {
          perSecond: await bestRate(
            1000,
            async () => consume(await emmett.readStream('thousand')),
            20,
          ),
        }),
      ],
    })

    // --- readAll over 100,000 events ----------------------------------------------------
    const head = await run(store.headPosition())
    const target = 100_000
    for (let n = head; n < target; n += 1000)
      await run(
        store.append(`fill-${n}`, batchOf(Math.min(1000, target - n), event), {
          expectedVersion: 'no_stream',
        }),
      )
    const emmettHead = Number((await emmett.readStream('thousand')).currentStreamVersion) // warm
    consume(emmettHead)
    let emmettCount = Number(
      (await pool.query<{ n: string }>('SELECT count(*) AS n FROM emt_messages')).rows[0]?.n ?? 0,
    )
    for (let n = 0; emmettCount < target; n++) {
      const size = Math.min(1000, target - emmettCount)
      await emmett.appendToStream(`fill-${n}`, batchOf(size, emmettEvent))
      emmettCount += size
    }
    const page = 1000
    sections.push({
      title: `PostgreSQL: readAll over ${target.toLocaleString('en-US')} events, pages of ${page} (events/s)`,
      baseline: 'pg: SELECT pages by position',
      rows: [
        row('pg: SELECT pages by position', {
          perSecond: await bestRate(
            target,
            async () => {
              for (let from = 1; from <= target; from += page)
                consume(
                  await pool.query(
                    'SELECT * FROM bench.events WHERE global_position >= $1 ORDER BY global_position LIMIT $2',
                    [from, page],
                  ),
                )
            },
            2,
          ),
        }),
        row('foldwise readAll', {
          perSecond: await bestRate(
            target,
            async () => {
              for (let from = 1; from <= target; from += page)
                consume(await run(store.readAll({ fromPosition: from, limit: page })))
            },
            2,
          ),
        }),
        row(
          'Emmett readMessagesBatch',
          {
            perSecond: await bestRate(
              target,
              async () => {
                let after = 0n
                for (let read = 0; read < target;) {
                  const batch = await readMessagesBatch(emmettExecutor.execute, {
                    after,
                    batchSize: page,
                  })
                  if (batch.messages.length === 0) break
                  read += batch.messages.length
                  after = batch.currentGlobalPosition
                }
              },
              2,
            ),
          },
          'Emmett reads only below the oldest open transaction',
        ),
      ],
    })
  } finally {
    await run(store.close())
    await emmett.close()
    await emmettExecutor.close()
    await pool.end()
    await server.destroy()
  }
  return sections
}
