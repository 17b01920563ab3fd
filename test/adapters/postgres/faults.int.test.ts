/**
 * Faults tried for real: a writer killed with SIGKILL in the middle of multi-event appends and of
 * an open transaction, a server restart, and a server that is not there.
 */
import { Effect } from 'effect'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { openPostgresStore } from '../../../src/adapters/postgres/index.js'
import { pgUrl, storeForWriters } from './fixtures.js'
import { startWriter } from './processes.js'
import { freePort, startTestServer } from './server.js'

const run = Effect.runPromise
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const shared = storeForWriters()

describe('postgres store when a writer is killed', () => {
  it('kill -9 in the middle of 100-event appends leaves each append whole or absent, and every acknowledged one whole', async () => {
    const acknowledged = new Set<string>()
    for (let round = 0; round < 4; round++) {
      const writer = startWriter(['batches', pgUrl(), shared.store.schema, `k${round}`, '100'])
      await writer.waitFor((line) => line.startsWith('ack '))
      await sleep(Math.floor(Math.random() * 40))
      writer.child.kill('SIGKILL')
      await writer.exited
      for (const line of writer.lines) if (line.startsWith('ack ')) acknowledged.add(line.slice(4))
    }
    const counts = new Map<string, number>()
    for (const record of await run(shared.store.readAll()))
      counts.set(record.streamId, (counts.get(record.streamId) ?? 0) + 1)
    expect(acknowledged.size).toBeGreaterThanOrEqual(4)
    for (const stream of acknowledged) expect(counts.get(stream)).toBe(100)
    // An append the server had received before the kill may commit, but only whole.
    for (const [stream, count] of counts) expect([stream, count]).toEqual([stream, 100])
    const positions = (await run(shared.store.readAll())).map((r) => r.globalPosition)
    expect(positions).toEqual(Array.from({ length: positions.length }, (_, i) => i + 1))
  })

  it('kill -9 of a writer holding an open transaction leaves none of its read-model rows or checkpoint', async () => {
    const writer = startWriter(['hold', pgUrl(), shared.store.schema, 'h'])
    const backend = Number((await writer.waitFor((line) => line.startsWith('mid '))).slice(4))
    writer.child.kill('SIGKILL')
    await writer.exited
    // Wait until the server has noticed and ended that backend (its transaction rolled back).
    const client = new pg.Client({ connectionString: pgUrl() })
    await client.connect()
    try {
      for (let i = 0; i < 200; i++) {
        const alive = await client.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [backend])
        if (alive.rowCount === 0) break
        await sleep(25)
      }
      const rows = await client.query(
        `SELECT count(*)::int AS n FROM ${shared.store.schema}.read_models WHERE projection = 'held'`,
      )
      expect(rows.rows[0]).toEqual({ n: 0 })
    } finally {
      await client.end()
    }
    expect(await run(shared.store.loadCheckpoint('held'))).toBeUndefined()
  })
})

describe('postgres store when the server is away', () => {
  it('a refused connection is StoreUnavailable when opening', async () => {
    const port = await freePort()
    const result = await run(
      Effect.result(
        openPostgresStore({ connectionString: `postgres://postgres:x@127.0.0.1:${port}/postgres` }),
      ),
    )
    expect(result._tag === 'Failure' && result.failure._tag).toBe('StoreUnavailable')
  })

  it('a server restart gives StoreUnavailable while it is down, writes nothing half, and the store works again after', async () => {
    const server = await startTestServer({ settings: { fsync: 'off' } })
    try {
      const restarted = await run(
        openPostgresStore({ connectionString: server.url, schema: 'restart', pollIntervalMs: 50 }),
      )
      const heads: number[] = []
      await run(restarted.onAppend((head) => heads.push(head)))
      const event = (id: string) => ({
        eventId: id,
        type: 'T',
        schemaVersion: 1,
        data: null,
        metadata: {},
      })
      await run(restarted.append('s', [event('before')], { expectedVersion: 'no_stream' }))
      await server.stop()
      for (const effect of [
        restarted.append('s', [event('down-1'), event('down-2')], { expectedVersion: 1 }),
        restarted.readStream('s'),
        restarted.headPosition(),
      ]) {
        const result = await run(
          Effect.result(effect as Effect.Effect<unknown, { readonly _tag: string }>),
        )
        expect(result._tag === 'Failure' && result.failure._tag).toBe('StoreUnavailable')
      }
      await server.start()
      expect((await run(restarted.readStream('s'))).map((r) => r.eventId)).toEqual(['before'])
      await run(restarted.append('s', [event('after')], { expectedVersion: 1 }))
      expect((await run(restarted.readAll())).map((r) => [r.eventId, r.globalPosition])).toEqual([
        ['before', 1],
        ['after', 2],
      ])
      // The listening connection came back too (or polling covered for it).
      for (let i = 0; i < 100 && !heads.includes(2); i++) await sleep(20)
      expect(heads).toContain(2)
      await run(restarted.close())
    } finally {
      await server.destroy()
    }
  })
})
