/**
 * `foldwise copy`: every event from a file store into another file store and into PostgreSQL
 * (the test server, a schema of its own), and back, with ids, types, versions, metadata and
 * recorded times preserved in global order; a non-empty destination is refused.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Effect } from 'effect'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { openFileStore } from '../../src/adapters/file/index.js'
import { openPostgresStore } from '../../src/adapters/postgres/index.js'
import type { RecordedEvent } from '../../src/codec/RecordedEvent.js'
import type { EventStore } from '../../src/store/EventStore.js'
import { makeTempDir, runFoldwise, stderrLines } from './runFoldwise.js'

// Each test spawns CLI processes (about 1.5 s of CPU each): allow for a loaded machine.
vi.setConfig({ testTimeout: 120_000 })

const temp = makeTempDir('copy')
const source = join(temp.dir, 'source')
const schema = `copy_${process.pid}_${Date.now().toString(36)}`

const readEverything = (store: Effect.Effect<EventStore, unknown>) =>
  Effect.runPromise(
    Effect.acquireUseRelease(
      store,
      (s) => s.readAll({ fromPosition: 1, limit: 10_000 }),
      (s) => s.close(),
    ),
  )

// Interleaved streams, metadata of every kind, recorded times given out of wall-clock order.
beforeAll(async () => {
  await Effect.runPromise(
    Effect.acquireUseRelease(
      openFileStore(source),
      (s) =>
        Effect.forEach(
          Array.from({ length: 30 }, (_, i) => i),
          (i) =>
            s.append(
              `stream-${i % 4}`,
              [
                {
                  eventId: `event-${i}`,
                  type: i % 3 === 0 ? 'Opened' : 'Moved',
                  schemaVersion: 1 + (i % 2),
                  data: { i, nested: { list: [i, 'x', null], flag: i % 2 === 0 } },
                  metadata: {
                    recordedAt: new Date(Date.UTC(2024, 0, 1, 0, 0, 30 - i)).toISOString(),
                    correlationId: `c-${i}`,
                    extra: { zeta: 1, alpha: [true] },
                  },
                },
              ],
              { expectedVersion: Math.floor(i / 4) },
            ),
          { discard: true },
        ),
      (s) => s.close(),
    ),
  )
}, 60_000)

afterAll(() => temp.remove())

const expectSameRecords = (
  copied: ReadonlyArray<RecordedEvent>,
  original: ReadonlyArray<RecordedEvent>,
) => {
  expect(copied).toHaveLength(30)
  expect(copied.map((r) => ({ ...r }))).toEqual(original.map((r) => ({ ...r })))
}

describe('foldwise copy', () => {
  it('file store to file store: every record as it was; a second copy into it is refused', async () => {
    const destination = join(temp.dir, 'copy')
    // A torn last line in the source: a copy reads around it and never cuts it (read-only).
    appendFileSync(join(source, 'events.jsonl'), '{"torn')
    const before = readFileSync(join(source, 'events.jsonl'))
    const run = await runFoldwise(['copy', source, destination])
    expect(run.code, run.stderr).toBe(0)
    expect(readFileSync(join(source, 'events.jsonl'))).toEqual(before)
    writeFileSync(join(source, 'events.jsonl'), before.subarray(0, before.length - 6))
    expect(run.stdout).toContain('copied 30 events in 4 streams; verified')
    const [original, copied] = await Promise.all([
      readEverything(openFileStore(source)),
      readEverything(openFileStore(destination)),
    ])
    expectSameRecords(copied, original)
    const again = await runFoldwise(['copy', source, destination])
    expect(again.code).toBe(2)
    expect(stderrLines(again)).toEqual([
      expect.stringMatching(/destination already holds 30 events: copy only into an empty store/),
    ])
  })

  it('file store to PostgreSQL and back: every record as it was', async () => {
    const url = inject('pgUrl')
    const toPostgres = await runFoldwise(['copy', source, url, '--schema', schema, '--json'])
    expect(toPostgres.code, toPostgres.stderr).toBe(0)
    expect(JSON.parse(toPostgres.stdout)).toMatchObject({
      events: 30,
      positionsKept: true,
      verified: true,
    })
    const [original, inPostgres] = await Promise.all([
      readEverything(openFileStore(source)),
      readEverything(openPostgresStore({ connectionString: url, schema })),
    ])
    expectSameRecords(inPostgres, original)
    const back = join(temp.dir, 'back')
    const fromPostgres = await runFoldwise(['copy', url, back, '--schema', schema])
    expect(fromPostgres.code, fromPostgres.stderr).toBe(0)
    expectSameRecords(await readEverything(openFileStore(back)), original)
  })
})
