/**
 * Shared by the PostgreSQL tests: the server's URL (from the global setup), fresh schemas, and
 * stores in them that are dropped afterwards.
 */
import { Effect } from 'effect'
import pg from 'pg'
import { inject } from 'vitest'
import type { PostgresStore } from '../../../src/adapters/postgres/index.js'
import { makePostgresStore } from '../../../src/adapters/postgres/index.js'

export const pgUrl = (): string => inject('pgUrl')

let counter = 0
/** A schema name no other test (or test process) uses. */
export const freshSchema = (): string =>
  `t${process.pid}_${++counter}_${Math.floor(Math.random() * 1e9).toString(36)}`

export const dropSchema = async (url: string, schema: string): Promise<void> => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  } finally {
    await client.end()
  }
}

/** A store in a fresh schema; `cleanup` drops the schema (the store may already be closed). */
export const makeTestStore = async (
  options: {
    readonly schema?: string
    readonly pollMs?: number
    readonly maxConnections?: number
  } = {},
): Promise<{ store: PostgresStore; cleanup: () => Promise<void> }> => {
  const url = pgUrl()
  const schema = options.schema ?? freshSchema()
  const store = await Effect.runPromise(
    makePostgresStore({
      connectionString: url,
      maxConnections: 4,
      pollMs: 200,
      ...options,
      schema,
    }),
  )
  return {
    store,
    cleanup: async () => {
      await Effect.runPromise(store.close())
      await dropSchema(url, schema)
    },
  }
}
