/**
 * The file store against the disk's own limit: a raw write+fdatasync loop, single appends one
 * at a time, 100 concurrent appenders (group commit, best of 3 rounds), batches of 100; then
 * reading one 1,000-event stream from a store of 1,000,000 events in 10,000 streams, and
 * opening it.
 * The big store is built once in the temp directory and reused by later runs.
 */
import { closeSync, existsSync, fdatasync, mkdtempSync, openSync, rmSync, write } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Effect } from 'effect'
import { openFileStore } from '../../src/adapters/file/index.js'
import type { FileStore } from '../../src/adapters/file/index.js'
import type { EventToAppend } from '../../src/codec/RecordedEvent.js'
import type { Bench, BenchSection } from './harness.js'
import { consume, latencies } from './harness.js'

// Event ids are unique store-wide (the store refuses a repeated id), so every event gets its own.
let nextId = 0
const event = (n: number): EventToAppend => ({
  eventId: `event-${nextId++}`,
  type: 'MoneyDeposited',
  schemaVersion: 1,
  data: { amount: n % 1000, currency: 'EUR' },
  metadata: { recordedAt: '2024-01-01T00:00:00.000Z', correlationId: `c-${n % 97}` },
})

const line = Buffer.from(
  `${JSON.stringify({ crc32: '00000000', event: { streamId: 'account-1', streamVersion: 1, globalPosition: 1, ...event(1) } })}\n`,
)

const rawSyncLoop = async (dir: string, count: number) => {
  const fd = openSync(join(dir, 'raw.log'), 'a')
  const once = () =>
    new Promise<void>((resolve, reject) =>
      write(fd, line, 0, line.length, null, (error) =>
        error
          ? reject(error)
          : fdatasync(fd, (syncError) => (syncError ? reject(syncError) : resolve())),
      ),
    )
  const result = await latencies(count, once)
  closeSync(fd)
  return result
}

const appendOne = (store: FileStore, streamId: string, n: number) =>
  Effect.runPromise(store.append(streamId, [event(n)], { expectedVersion: 'any' }))

const timed = async (body: () => Promise<unknown>): Promise<number> => {
  const start = process.hrtime.bigint()
  consume(await body())
  return Number(process.hrtime.bigint() - start) / 1e6
}

const writeSection = async (): Promise<BenchSection> => {
  const dir = mkdtempSync(join(tmpdir(), 'foldwise-bench-'))
  try {
    const raw = await rawSyncLoop(dir, 500)
    const store = await Effect.runPromise(openFileStore(join(dir, 'store')))
    const sequential = await latencies(500, (i) => appendOne(store, `account-${i % 10}`, i))
    const lanes = 100
    const perLane = 40
    // Three rounds of 4,000 events (about 0.1 s each, so one slow fdatasync of a neighbour on
    // the shared disk weighs a lot): the row is the best, the note gives the first (cold) one.
    const groupRounds: number[] = []
    for (let round = 0; round < 3; round++)
      groupRounds.push(
        await timed(() =>
          Promise.all(
            Array.from({ length: lanes }, async (_, lane) => {
              for (let i = 0; i < perLane; i++) await appendOne(store, `lane-${lane}`, i)
            }),
          ),
        ),
      )
    const groupMs = Math.min(...groupRounds)
    const firstRate = (lanes * perLane) / ((groupRounds[0] ?? groupMs) / 1000)
    const batchList = Array.from({ length: 100 }, () =>
      Array.from({ length: 100 }, (_, i) => event(i)),
    )
    const batches = await latencies(100, (i) =>
      Effect.runPromise(
        store.append(`batch-${i}`, batchList[i] ?? [], { expectedVersion: 'no_stream' }),
      ),
    )
    await Effect.runPromise(store.close())
    const groupRate = (lanes * perLane) / (groupMs / 1000)
    return {
      title: 'File store: durable appends (every append waits for fdatasync)',
      baseline: 'raw write + fdatasync loop (the disk’s limit)',
      rows: [
        {
          name: 'raw write + fdatasync loop (the disk’s limit)',
          ...raw,
          note: `${line.length}-byte line`,
        },
        {
          name: 'single-event appends, one at a time',
          ...sequential,
          note: `p50 ${(sequential.p50Ms / raw.p50Ms).toFixed(2)}x the raw loop's (target ≤ 1.5x)`,
        },
        {
          name: `${lanes} concurrent appenders (group commit), events`,
          perSecond: groupRate,
          note: `${(groupRate / sequential.perSecond).toFixed(1)}x the sequential rate (target ≥ 20x); best of 3 rounds, the first (cold) ${(firstRate / sequential.perSecond).toFixed(1)}x`,
        },
        {
          name: 'batches of 100 events per append, events',
          perSecond: batches.perSecond * 100,
          p50Ms: batches.p50Ms,
          p99Ms: batches.p99Ms,
        },
      ],
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const bigStore = join(tmpdir(), 'foldwise-bench-file-1m')
const streams = 10_000
const total = 1_000_000

/** 999,000 single-event appends round-robin over 9,999 streams, one `hot` event in every 1,000. */
const buildBigStore = async (): Promise<void> => {
  rmSync(bigStore, { recursive: true, force: true })
  const store = await Effect.runPromise(openFileStore(bigStore))
  let n = 0
  for (let round = 0; round < total / 1000; round++) {
    const appends: Array<Promise<unknown>> = [appendOne(store, 'hot', n++)]
    for (let i = 1; i < 1000; i++)
      appends.push(appendOne(store, `account-${(n % (streams - 1)) + 1}`, n++))
    await Promise.all(appends)
  }
  await Effect.runPromise(store.close())
}

const readSection = async (): Promise<BenchSection> => {
  const buildMs = existsSync(join(bigStore, 'events.idx')) ? undefined : await timed(buildBigStore)
  const openChecksums = await timed(async () =>
    Effect.runPromise(openFileStore(bigStore)).then((s) => Effect.runPromise(s.close())),
  )
  let store: FileStore | undefined
  const openIndex = await timed(
    async () =>
      (store = await Effect.runPromise(openFileStore(bigStore, { verifyOnOpen: 'index' }))),
  )
  if (store === undefined) throw new Error('not opened')
  const opened = store
  const head = await Effect.runPromise(opened.headPosition())
  const reads = await latencies(50, () => Effect.runPromise(opened.readStream('hot')).then(consume))
  const hot = await Effect.runPromise(opened.readStream('hot'))
  await Effect.runPromise(opened.close())
  rmSync(join(bigStore, 'events.idx'))
  const rebuild = await timed(async () =>
    Effect.runPromise(openFileStore(bigStore)).then((s) => Effect.runPromise(s.close())),
  )
  return {
    title: `File store: a store of ${head.toLocaleString('en-US')} events in ${streams.toLocaleString('en-US')} streams${buildMs === undefined ? '' : ` (built in ${(buildMs / 1000).toFixed(1)} s)`}`,
    rows: [
      {
        name: `read one ${hot.length}-event stream`,
        perSecond: reads.perSecond * hot.length,
        p50Ms: reads.p50Ms,
        p99Ms: reads.p99Ms,
        note: 'events/s; target < 10 ms',
      },
      { name: 'open, checking every checksum (default)', p50Ms: openChecksums, note: 'one run' },
      { name: 'open, trusting a valid index', p50Ms: openIndex, note: 'one run' },
      { name: 'open with the index deleted (rebuild)', p50Ms: rebuild, note: 'one run' },
    ],
  }
}

const bench: Bench = async () => [await writeSection(), await readSection()]
export default bench
