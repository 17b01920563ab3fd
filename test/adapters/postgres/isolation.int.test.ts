/**
 * Gap-freedom must not depend on the server's or the pool's default isolation level: the append
 * reads the head after taking the lock, which only READ COMMITTED sees correctly.
 */
import { Effect } from 'effect'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { openPostgresStore } from '../../../src/adapters/postgres/index.js'
import { dropSchema, freshSchema, pgUrl } from './fixtures.js'

const run = Effect.runPromise

/** A pool whose every connection starts its transactions at `level`. */
const poolDefaultingTo = (level: string) =>
  new pg.Pool({
    connectionString: pgUrl(),
    max: 3,
    options: `-c default_transaction_isolation=${level.replace(' ', '\\ ')}`,
  })

describe('postgres appends under another default isolation level', () => {
  it.each(['repeatable read', 'serializable'])(
    'with connections defaulting to %s, two racing stores append with dense positions, in order, and no error',
    async (level) => {
      const schema = freshSchema()
      const pools = [poolDefaultingTo(level), poolDefaultingTo(level)]
      try {
        const shown = await pools[0]?.query<{ level: string }>(
          'SELECT current_setting($1) AS level',
          ['default_transaction_isolation'],
        )
        expect(shown?.rows[0]?.level).toBe(level)
        const stores = []
        for (const pool of pools) stores.push(await run(openPostgresStore({ pool, schema })))
        const perStore = 40
        await Promise.all(
          stores.map((store, s) =>
            (async () => {
              for (let i = 0; i < perStore; i++)
                await run(
                  store.append(
                    `s${s}-${i % 4}`,
                    [1, 2].map((k) => ({
                      eventId: `${s}-${i}-${k}`,
                      type: 'T',
                      schemaVersion: 1,
                      data: k,
                      metadata: {},
                    })),
                    { expectedVersion: 'any' },
                  ),
                )
            })(),
          ),
        )
        const log = await run(stores[0]!.readAll())
        expect(log.map((r) => r.globalPosition)).toEqual(
          Array.from({ length: 2 * perStore * 2 }, (_, i) => i + 1),
        )
        for (const store of stores) await run(store.close())
      } finally {
        for (const pool of pools) await pool.end()
        await dropSchema(pgUrl(), schema)
      }
    },
  )
})
