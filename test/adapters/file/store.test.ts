/**
 * The file store's own behaviour beyond the port: recovery on open, the index, two stores on
 * one directory, verify and repair.
 */
import {
  appendFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { Effect } from 'effect'
import { describe, expect, it } from 'vitest'
import {
  openFileStore,
  repairFileStore,
  verifyFileStore,
} from '../../../src/adapters/file/index.js'
import type { FileStore } from '../../../src/adapters/file/index.js'
import { freshDirs } from './fixtures/dirs.js'
import { event } from './fixtures/events.js'

const freshDir = freshDirs('file')

const run = Effect.runPromise
const fill = async (store: FileStore, count: number): Promise<void> => {
  for (let n = 1; n <= count; n++)
    await run(store.append(`s-${n % 3}`, [event(n)], { expectedVersion: 'any' }))
}
const storeWith = async (count: number): Promise<string> => {
  const dir = freshDir()
  const store = await run(openFileStore(dir))
  await fill(store, count)
  await run(store.close())
  return dir
}
const lines = (dir: string): string[] =>
  readFileSync(join(dir, 'events.jsonl'), 'utf8').split('\n').slice(0, -1)

describe('file store', () => {
  it('every line is JSON with a CRC-32 of the record and the record itself', async () => {
    const dir = await storeWith(2)
    const [first] = lines(dir)
    const parsed = JSON.parse(first ?? '') as { crc32: string; event: { globalPosition: number } }
    expect(parsed.crc32).toMatch(/^[0-9a-f]{8}$/)
    expect(parsed.event.globalPosition).toBe(1)
  })

  it('concurrent appends are committed together, in order, with dense positions', async () => {
    const store = await run(openFileStore(freshDir()))
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        run(store.append('s', [event(i)], { expectedVersion: 'any' })),
      ),
    )
    expect(results.map((r) => r.records[0]?.globalPosition)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    )
    expect(results.map((r) => r.records[0]?.eventId)).toEqual(
      Array.from({ length: 100 }, (_, i) => `e${i}`),
    )
    await run(store.close())
  })

  it('reopening continues where the log ended, from the saved index', async () => {
    const dir = await storeWith(10)
    const store = await run(openFileStore(dir))
    expect(store.recovery().index).toBe('loaded')
    const result = await run(store.append('s-1', [event(11)], { expectedVersion: 4 }))
    expect(result.records[0]?.globalPosition).toBe(11)
    await run(store.close())
  })

  it('a missing index is rebuilt from the log', async () => {
    const dir = await storeWith(10)
    rmSync(join(dir, 'events.idx'))
    const store = await run(openFileStore(dir))
    expect(store.recovery().index).toBe('rebuilt')
    expect((await run(store.readStream('s-1'))).map((r) => r.eventId)).toEqual([
      'e1',
      'e4',
      'e7',
      'e10',
    ])
    await run(store.close())
  })

  it('a torn last line (a crash mid-write) is cut on open and reported', async () => {
    const dir = await storeWith(5)
    const torn = (lines(dir)[0] ?? '').slice(0, 40)
    appendFileSync(join(dir, 'events.jsonl'), torn)
    const store = await run(openFileStore(dir))
    expect(store.recovery().tornTails).toMatchObject([
      { bytes: 40, reason: 'incomplete line (no newline)' },
    ])
    expect(await run(store.headPosition())).toBe(5)
    await run(store.append('s', [event(6)], { expectedVersion: 'any' }))
    await run(store.close())
    expect((await run(verifyFileStore(dir))).ok).toBe(true)
  })

  it('a damaged record before the tail refuses to open and rewrites nothing', async () => {
    const dir = await storeWith(5)
    const before = readFileSync(join(dir, 'events.jsonl'))
    const damaged = Buffer.from(before)
    damaged[before.indexOf('"n":2')] = 0x4d
    writeFileSync(join(dir, 'events.jsonl'), damaged)
    const outcome = await run(Effect.result(openFileStore(dir)))
    expect(outcome._tag === 'Failure' && outcome.failure).toMatchObject({
      _tag: 'CorruptStore',
      offset:
        lines(dir)[0]?.length === undefined ? -1 : Buffer.byteLength(lines(dir)[0] as string) + 1,
    })
    expect(readFileSync(join(dir, 'events.jsonl')).equals(damaged)).toBe(true)
  })

  it('verify reports a damaged record; repair moves it to quarantine and the store opens', async () => {
    const dir = await storeWith(6)
    const log = readFileSync(join(dir, 'events.jsonl'))
    const at = log.indexOf('"n":3')
    log[at + 1] = 0x4d
    writeFileSync(join(dir, 'events.jsonl'), log)
    const report = await run(verifyFileStore(dir))
    expect(report.ok).toBe(false)
    expect(report.damaged).toHaveLength(1)
    expect(report.records).toBe(5)
    const plan = await run(repairFileStore(dir, { dryRun: true }))
    expect(plan.actions.length).toBeGreaterThan(0)
    expect(readFileSync(join(dir, 'events.jsonl')).equals(log)).toBe(true)
    const done = await run(repairFileStore(dir, { dryRun: false }))
    const quarantined = readFileSync(done.quarantineFile ?? '', 'utf8')
    expect(
      Buffer.from((JSON.parse(quarantined) as { base64: string }).base64, 'base64').toString(),
    ).toContain('"M":3')
    expect((await run(verifyFileStore(dir))).ok).toBe(true)
    const store = await run(openFileStore(dir))
    const all = await run(store.readAll())
    expect(all.map((r) => r.eventId)).toEqual(['e1', 'e2', 'e4', 'e5', 'e6'])
    expect(all.map((r) => r.globalPosition)).toEqual([1, 2, 3, 4, 5])
    expect((await run(store.readStream('s-0'))).map((r) => r.streamVersion)).toEqual([1])
    await run(store.close())
  })

  it('repair cuts a torn tail into quarantine without touching the records', async () => {
    const dir = await storeWith(3)
    appendFileSync(join(dir, 'events.jsonl'), '{"crc32":"0000')
    const report = await run(verifyFileStore(dir))
    expect(report.tornTail).toMatchObject({ length: 14 })
    const done = await run(repairFileStore(dir, { dryRun: false }))
    expect(existsSync(done.quarantineFile ?? '')).toBe(true)
    expect(lines(dir)).toHaveLength(3)
    expect(readdirSync(join(dir, 'quarantine'))).toHaveLength(1)
  })

  it('two stores on one directory see each other’s appends and are told of them', async () => {
    const dir = freshDir()
    const a = await run(openFileStore(dir, { pollIntervalMs: 20 }))
    const b = await run(openFileStore(dir, { pollIntervalMs: 20 }))
    const heads: number[] = []
    const told = new Promise<void>((resolve) =>
      Effect.runSync(
        b.onAppend((head) => {
          heads.push(head)
          if (head >= 2) resolve()
        }),
      ),
    )
    await run(a.append('s', [event(1), event(2)], { expectedVersion: 'no_stream' }))
    await told
    expect(heads.at(-1)).toBe(2)
    const conflict = await run(Effect.result(b.append('s', [event(3)], { expectedVersion: 0 })))
    expect(conflict._tag === 'Failure' && conflict.failure).toMatchObject({
      _tag: 'WrongExpectedVersion',
      actual: 2,
    })
    expect(
      (await run(b.append('s', [event(3)], { expectedVersion: 2 }))).records[0]?.globalPosition,
    ).toBe(3)
    expect((await run(a.readStream('s'))).map((r) => r.eventId)).toEqual(['e1', 'e2', 'e3'])
    await run(a.close())
    await run(b.close())
  })
})
