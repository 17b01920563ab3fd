/**
 * Read models in the same database: rows and checkpoint in one transaction (exactly-once), the
 * migration (idempotent, and shipped as sql/001_foldwise.sql).
 */
import { Effect } from 'effect'
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import type { PostgresStore } from '../../../src/adapters/postgres/index.js'
import { migrate, migrationSql } from '../../../src/adapters/postgres/index.js'
import { dropSchema, freshSchema, makeTestStore, pgUrl } from './fixtures.js'

const run = Effect.runPromise

/** One step of a counting projection: applies up to `batch` events after its checkpoint. */
const step = (store: PostgresStore, batch: number) =>
  store.runInTransaction((tx) =>
    Effect.gen(function* () {
      const checkpoint = yield* tx.loadCheckpoint('counts')
      const position = checkpoint?.position ?? 0
      const events = yield* store.readAll({ fromPosition: position + 1, limit: batch })
      for (const event of events) {
        const count = (yield* tx.getReadModel('counts', event.streamId)) as number | undefined
        yield* tx.putReadModel('counts', event.streamId, (count ?? 0) + 1)
      }
      const last = events.at(-1)?.globalPosition ?? position
      yield* tx.saveCheckpoint({ name: 'counts', position: last, readModel: null })
      return events.length
    }),
  )

const event = (id: string) => ({
  eventId: id,
  type: 'T',
  schemaVersion: 1,
  data: null,
  metadata: {},
})

describe('postgres read models', () => {
  it('rows and checkpoint commit together: a failing step changes neither', async () => {
    const { store, cleanup } = await makeTestStore()
    try {
      await run(store.append('a', [event('1'), event('2')], { expectedVersion: 'no_stream' }))
      const failed = await run(
        Effect.result(
          store.runInTransaction((tx) =>
            Effect.gen(function* () {
              yield* tx.putReadModel('counts', 'a', 2)
              yield* tx.saveCheckpoint({ name: 'counts', position: 2, readModel: null })
              return yield* Effect.fail({ _tag: 'ProjectionFailed' as const })
            }),
          ),
        ),
      )
      expect(failed._tag === 'Failure' && failed.failure._tag).toBe('ProjectionFailed')
      expect(await run(store.readModel('counts', 'a'))).toBeUndefined()
      expect(await run(store.loadCheckpoint('counts'))).toBeUndefined()
      expect(await run(step(store, 10))).toBe(2)
      expect(await run(store.readModel('counts', 'a'))).toBe(2)
      expect(await run(store.loadCheckpoint('counts'))).toEqual({
        name: 'counts',
        position: 2,
        readModel: null,
      })
    } finally {
      await cleanup()
    }
  })

  it('two runners of one projection racing over the same log apply every event exactly once', async () => {
    const { store, cleanup } = await makeTestStore({ maxConnections: 6 })
    try {
      for (let i = 0; i < 20; i++)
        await run(
          store.append(
            `s${i % 5}`,
            Array.from({ length: 10 }, (_, j) => event(`${i}-${j}`)),
            { expectedVersion: 'any' },
          ),
        )
      const runner = async () => {
        while ((await run(step(store, 7))) > 0);
      }
      await Promise.all([runner(), runner(), runner()])
      for (let i = 0; i < 5; i++) expect(await run(store.readModel('counts', `s${i}`))).toBe(40)
      expect((await run(store.loadCheckpoint('counts')))?.position).toBe(200)
    } finally {
      await cleanup()
    }
  })
})

describe('postgres migration', () => {
  it('is idempotent: running it again, even from racing processes, changes nothing', async () => {
    const schema = freshSchema()
    const pool = new pg.Pool({ connectionString: pgUrl(), max: 4 })
    try {
      await Promise.all([migrate(pool, schema), migrate(pool, schema), migrate(pool, schema)])
      await migrate(pool, schema)
      const applied = await pool.query(`SELECT version, name FROM ${schema}.migrations`)
      expect(applied.rows).toEqual([{ version: 1, name: '001_foldwise' }])
      // Running the raw SQL again (as a user's migration tool might) is harmless too.
      await pool.query(migrationSql(schema))
      expect(
        (await pool.query(`SELECT count(*)::int AS n FROM ${schema}.migrations`)).rows,
      ).toEqual([{ n: 1 }])
    } finally {
      await pool.end()
      await dropSchema(pgUrl(), schema)
    }
  })

  it('sql/001_foldwise.sql is the migration of the default schema, byte for byte', () => {
    const shipped = readFileSync(new URL('../../../sql/001_foldwise.sql', import.meta.url), 'utf8')
    expect(shipped).toBe(migrationSql('foldwise'))
  })
})
