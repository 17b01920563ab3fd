/**
 * Shared by the PostgreSQL tests: the server's URL (from the global setup), fresh schemas,
 * stores in them that are dropped afterwards, and a file-wide store for tests that start writer
 * processes.
 */
import { Effect } from 'effect'
import pg from 'pg'
import { afterAll, beforeAll, inject } from 'vitest'
import type { PostgresStore } from '../../../src/adapters/postgres/index.js'
import { openPostgresStore } from '../../../src/adapters/postgres/index.js'
import { disposeWriter, prepareWriter } from './processes.js'

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
    readonly pollIntervalMs?: number
    readonly maxConnections?: number
  } = {},
): Promise<{ store: PostgresStore; cleanup: () => Promise<void> }> => {
  const url = pgUrl()
  const schema = options.schema ?? freshSchema()
  const store = await Effect.runPromise(
    openPostgresStore({
      connectionString: url,
      maxConnections: 4,
      pollIntervalMs: 200,
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

/**
 * For a test file whose tests start writer processes: before all its tests, bundles the writer
 * and opens a store in a fresh schema; after them, removes the bundle and drops the schema.
 * Call it at the top of the file; read `store` inside the tests.
 */
export const storeForWriters = (): { readonly store: PostgresStore } => {
  let opened: { store: PostgresStore; cleanup: () => Promise<void> } | undefined
  beforeAll(async () => {
    await prepareWriter()
    opened = await makeTestStore()
  })
  afterAll(async () => {
    disposeWriter()
    await opened?.cleanup()
  })
  return {
    get store(): PostgresStore {
      if (opened === undefined) throw new Error('storeForWriters: read the store inside a test')
      return opened.store
    },
  }
}
