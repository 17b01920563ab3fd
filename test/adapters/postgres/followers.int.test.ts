/**
 * Followers across PostgreSQL outages, on a server of this file's own (restarted on the same
 * port and data, so the shared server is left alone): a projection that is idle or in the
 * middle of reading when its backends are terminated or the server restarts reconnects with
 * backoff and resumes from its checkpoint, every event applied once.
 */
import { Effect, Fiber } from 'effect'
import { right } from 'fp-ts/lib/Either.js'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PostgresStore } from '../../../src/adapters/postgres/index.js'
import { openPostgresStore } from '../../../src/adapters/postgres/index.js'
import type { Json } from '../../../src/codec/RecordedEvent.js'
import type { Projection } from '../../../src/runtime/index.js'
import { EventStoreService, loadProjection, runProjection } from '../../../src/runtime/index.js'
import { makeRuntimeStore } from '../../../src/runtime/services.js'
import { bundle, startChild } from '../../runtime/fixtures/children.js'
import { runtimeLayer } from '../../runtime/fixtures.js'
import {
  addLoot,
  foldEverything,
  originsProjection,
} from '../../runtime/fixtures/lootProjections.js'
import type { TestServer } from './server.js'
import { startTestServer } from './server.js'

const run = Effect.runPromise
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ settings: { fsync: 'off', synchronous_commit: 'off' } })
})
afterAll(async () => {
  await server.destroy()
})

/** A read model that is the list of positions applied: a skip or a repeat shows in it. */
const positionsProjection: Projection<ReadonlyArray<number>, unknown> = {
  name: 'positions',
  view: {
    initialState: [],
    evolve: (positions, _event, record) => [...positions, record.globalPosition],
  },
  codec: {
    encode: () => ({ type: 'T', schemaVersion: 1, data: null }),
    decode: (record) => right(record.data),
  },
  readModel: {
    encode: (positions) => positions as Json,
    decode: (json) => right(json as ReadonlyArray<number>),
  },
  pageSize: 3,
}

const event = (id: string) => ({
  eventId: id,
  type: 'T',
  schemaVersion: 1,
  data: null,
  metadata: {},
})

let schemas = 0
const openStore = (schema: string): Promise<PostgresStore> =>
  run(
    openPostgresStore({
      connectionString: server.url,
      schema,
      pollIntervalMs: 100,
      maxConnections: 3,
    }),
  )

const appendMany = async (store: PostgresStore, prefix: string, count: number) => {
  for (let i = 0; i < count; i++)
    await run(
      store.append(`${prefix}-${i % 4}`, [event(`${prefix}-${i}`)], { expectedVersion: 'any' }),
    )
}

/** Ends every client backend but the caller's (what `pg_terminate_backend` does to a follower). */
const terminateBackends = async () => {
  const client = new pg.Client({ connectionString: server.url })
  await client.connect()
  try {
    await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    )
  } finally {
    await client.end()
  }
}

const quick = { initialDelayMs: 20, maxDelayMs: 200 }

/** An outage in two steps: it begins, and (later) it ends. */
interface Outage {
  readonly begin: () => Promise<void>
  readonly end: () => Promise<void>
  /** Whether a follower busy reading must see failures (a terminated idle connection is just
   * replaced by the pool). */
  readonly felt: boolean
}

const outages: ReadonlyArray<readonly [string, Outage]> = [
  [
    'its backends are terminated',
    { begin: terminateBackends, end: () => Promise.resolve(), felt: false },
  ],
  [
    'the server restarts',
    { begin: () => server.stop(), end: () => sleep(150).then(() => server.start()), felt: true },
  ],
]

for (const [name, outage] of outages) {
  describe(`a projection on PostgreSQL when ${name}`, () => {
    it('while idle (caught up), it reconnects and applies what is appended after, once each', async () => {
      const schema = `idle_${++schemas}`
      const follower = await openStore(schema)
      const writer = await openStore(schema)
      try {
        await appendMany(writer, 'before', 5)
        const fiber = Effect.runFork(
          runProjection(positionsProjection, { reconnect: quick }).pipe(
            Effect.provideService(EventStoreService, makeRuntimeStore(follower)),
          ),
        )
        const position = () =>
          run(
            loadProjection(positionsProjection).pipe(
              Effect.provideService(EventStoreService, makeRuntimeStore(writer)),
              Effect.map((state) => state.position),
              Effect.orElseSucceed(() => -1),
            ),
          )
        for (let i = 0; i < 200 && (await position()) < 5; i++) await sleep(20)
        expect(await position()).toBe(5)

        await outage.begin()
        await outage.end()
        // The writer is another connection pool (another process, as far as the follower knows).
        for (let i = 0; i < 100; i++) {
          const appended = await run(
            Effect.result(
              writer.append('after', [event(`after-${i}`)], { expectedVersion: 'any' }),
            ),
          )
          if (appended._tag === 'Success') break
          await sleep(50)
        }
        await appendMany(writer, 'later', 4)
        const head = await run(writer.headPosition())
        for (let i = 0; i < 250 && (await position()) < head; i++) await sleep(20)
        expect(fiber.pollUnsafe()).toBeUndefined()
        await run(Fiber.interrupt(fiber))
        const saved = await run(
          loadProjection(positionsProjection).pipe(
            Effect.provideService(EventStoreService, makeRuntimeStore(writer)),
          ),
        )
        expect(saved.position).toBe(head)
        expect(saved.readModel).toEqual(Array.from({ length: head }, (_, i) => i + 1))
      } finally {
        await run(follower.close())
        await run(writer.close())
      }
    })

    it('while reading a backlog, it resumes from its checkpoint: every event applied once', async () => {
      const schema = `reading_${++schemas}`
      const follower = await openStore(schema)
      try {
        await appendMany(follower, 'backlog', 120)
        // After 3 pages, the follower waits before its next checkpoint save until the outage
        // has begun: it is in the middle of the backlog when the server goes.
        let pages = 0
        let failures = 0
        let release: () => void = () => undefined
        const held = new Promise<void>((resolve) => (release = resolve))
        const counted = <A, E>(effect: Effect.Effect<A, E>) =>
          Effect.tapError(effect, () => Effect.sync(() => failures++))
        const heldStore: PostgresStore = {
          ...follower,
          readAll: (options) => counted(follower.readAll(options)),
          saveCheckpoint: (checkpoint) =>
            Effect.andThen(
              Effect.promise(() => (pages === 3 ? held : Promise.resolve())),
              counted(follower.saveCheckpoint(checkpoint)),
            ).pipe(Effect.tap(() => Effect.sync(() => pages++))),
        }
        const fiber = Effect.runFork(
          runProjection(positionsProjection, { stopWhenCaughtUp: true, reconnect: quick }).pipe(
            Effect.provideService(EventStoreService, makeRuntimeStore(heldStore)),
          ),
        )
        for (let i = 0; i < 400 && pages < 3; i++) await sleep(5)
        expect(pages).toBe(3)
        await outage.begin()
        release()
        await sleep(100)
        await outage.end()
        const done = await run(Fiber.join(fiber))
        expect(done.position).toBe(120)
        expect(done.readModel).toEqual(Array.from({ length: 120 }, (_, i) => i + 1))
        const saved = await run(
          loadProjection(positionsProjection).pipe(
            Effect.provideService(EventStoreService, makeRuntimeStore(follower)),
          ),
        )
        expect(saved).toEqual(done)
        if (outage.felt) expect(failures).toBeGreaterThan(0)
      } finally {
        await run(follower.close())
      }
    })
  })
}

describe('a projection with no stop condition, in its own process, on PostgreSQL', () => {
  it('stays alive across a server restart while idle, then applies what is appended after, and ends on SIGTERM', async () => {
    const schema = `child_${++schemas}`
    const writer = await openStore(schema)
    const child = await bundle('follower.ts')
    const inWriter = <A, E>(effect: Effect.Effect<A, E, EventStoreService>) =>
      run(effect.pipe(Effect.provide(runtimeLayer(writer))))
    const checkpointAt = (position: number) => (line: unknown) =>
      (line as { readonly name?: unknown }).name === originsProjection.name &&
      (line as { readonly position?: unknown }).position === position
    const follower = startChild(child.path, ['postgres', server.url, schema])
    try {
      await inWriter(addLoot(0, 8))
      const head = await run(writer.headPosition())
      await follower.waitForLine(checkpointAt(head))

      // Down for longer than one reconnect delay, then back.
      await server.stop()
      await sleep(800)
      await server.start()
      await sleep(300)
      expect(follower.process.exitCode, follower.stderr()).toBeNull()

      for (let i = 0; i < 100; i++) {
        const appended = await run(
          Effect.result(addLoot(8, 14).pipe(Effect.provide(runtimeLayer(writer, 2 + i)))),
        )
        if (appended._tag === 'Success') break
        await sleep(50)
      }
      const later = await run(writer.headPosition())
      expect(later).toBeGreaterThan(head)
      await follower.waitForLine(checkpointAt(later))

      follower.process.kill('SIGTERM')
      expect(await follower.exited).toEqual({ code: 0, signal: null })
      expect(follower.lines.at(-1)).toEqual({ ended: 'interrupted' })
      const saved = await inWriter(loadProjection(originsProjection))
      expect(saved.position).toBe(later)
      expect(saved.readModel).toEqual((await inWriter(foldEverything)).origins)
    } finally {
      follower.process.kill('SIGKILL')
      child.remove()
      await run(writer.close())
    }
  })
})

describe('the notifier of a PostgreSQL store', () => {
  it('reconnects its listening connection with backoff after an outage longer than one try: other processes wake its listeners without polling', async () => {
    const schema = `notify_${++schemas}`
    // Polling once a minute: only LISTEN can deliver the head within this test.
    const listening = await run(
      openPostgresStore({
        connectionString: server.url,
        schema,
        pollIntervalMs: 60_000,
        maxConnections: 3,
      }),
    )
    const writer = await openStore(schema)
    const heads: Array<number> = []
    try {
      await run(listening.onAppend((head) => heads.push(head)))
      await server.stop()
      await sleep(800)
      await server.start()
      for (let i = 0; i < 100; i++) {
        const appended = await run(
          Effect.result(writer.append('s', [event(`n-${i}`)], { expectedVersion: 'any' })),
        )
        if (appended._tag === 'Success') break
        await sleep(50)
      }
      const head = await run(writer.headPosition())
      expect(head).toBeGreaterThan(0)
      for (let i = 0; i < 200 && !heads.includes(head); i++) await sleep(20)
      expect(heads).toContain(head)
    } finally {
      await run(listening.close())
      await run(writer.close())
    }
  })
})
