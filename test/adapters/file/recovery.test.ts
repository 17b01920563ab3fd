/**
 * Recovery and refusal: what a crash, damage or a repair by another process leaves, and what
 * the store does about it. Each test reproduces one way the store once lost or invented data.
 */
import {
  appendFileSync,
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { Effect } from 'effect'
import { describe, expect, it } from 'vitest'
import {
  openFileStore,
  repairFileStore,
  verifyFileStore,
} from '../../../src/adapters/file/index.js'
import { encodeEnvelope } from '../../../src/adapters/file/LineFormat.js'
import type { FileStore } from '../../../src/adapters/file/index.js'
import { freshDirs } from './fixtures/dirs.js'
import { hashEventId } from '../../../src/adapters/file/EventIds.js'
import type { StoreError } from '../../../src/store/StoreError.js'

const freshDir = freshDirs('recovery')

const run = Effect.runPromise
const failure = async <A>(effect: Effect.Effect<A, StoreError>): Promise<StoreError> => {
  const outcome = await run(Effect.result(effect))
  if (outcome._tag === 'Success') throw new Error(`expected a failure, got a success`)
  return outcome.failure
}
const event = (n: number | string) => ({
  eventId: `e${n}`,
  type: 'Happened',
  schemaVersion: 1,
  data: { n },
  metadata: { recordedAt: '2024-01-01T00:00:00.000Z' },
})
const storeWith = async (count: number): Promise<string> => {
  const dir = freshDir()
  const store = await run(openFileStore(dir))
  for (let n = 1; n <= count; n++)
    await run(store.append(`s-${n % 3}`, [event(n)], { expectedVersion: 'any' }))
  await run(store.close())
  return dir
}
const logPath = (dir: string): string => join(dir, 'events.jsonl')
const lineStarts = (log: Buffer): number[] => {
  const starts = [0]
  for (let at = log.indexOf(10); at >= 0 && at + 1 < log.length; at = log.indexOf(10, at + 1))
    starts.push(at + 1)
  return starts
}
const ids = async (store: FileStore): Promise<string[]> =>
  (await run(store.readAll())).map((r) => r.eventId)
/** Overwrites one byte of a file in place (same inode, as a disk error would). */
const flipByte = (path: string, at: number): void => {
  const bytes = readFileSync(path)
  const fd = openSync(path, 'r+')
  writeSync(fd, Buffer.from([(bytes[at] as number) ^ 0x01]), 0, 1, at)
  closeSync(fd)
}

/**
 * A store of 5 single-event appends whose log then holds `partial` more bytes of a 3-event
 * append (as a crash leaves them), with the index saved at 5 events.
 */
const withPartialAppend = async (cut: (lines: ReadonlyArray<Buffer>) => Buffer) => {
  const dir = await storeWith(5)
  const log5 = readFileSync(logPath(dir))
  const index5 = readFileSync(join(dir, 'events.idx'))
  const store = await run(openFileStore(dir))
  await run(store.append('batch', [event(6), event(7), event(8)], { expectedVersion: 'any' }))
  await run(store.close())
  const full = readFileSync(logPath(dir))
  const starts = lineStarts(full)
  const batchLines = [5, 6, 7].map((i) => full.subarray(starts[i], starts[i + 1] ?? full.length))
  const partial = cut(batchLines)
  writeFileSync(logPath(dir), Buffer.concat([log5, partial]))
  writeFileSync(join(dir, 'events.idx'), index5)
  return { dir, log5, partial, batchLines }
}

const quarantined = (file: string): Buffer =>
  Buffer.concat(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => Buffer.from((JSON.parse(line) as { base64: string }).base64, 'base64')),
  )

describe('multi-event appends are whole or absent after a crash', () => {
  it('every line of an append but the last carries "more": true', async () => {
    const { batchLines } = await withPartialAppend((lines) => Buffer.concat(lines))
    expect(batchLines.map((line) => line.toString().trimEnd().endsWith(',"more":true}'))).toEqual([
      true,
      true,
      false,
    ])
  })

  it('whole lines of an append whose last line never reached the log are cut back to the previous append, into quarantine', async () => {
    const { dir, log5, partial } = await withPartialAppend((lines) =>
      Buffer.concat([lines[0] as Buffer, lines[1] as Buffer]),
    )
    const store = await run(openFileStore(dir))
    expect(await run(store.headPosition())).toBe(5)
    expect(await run(store.streamVersion('batch'))).toBe(0)
    const [tail] = store.recovery().tornTails
    expect(tail).toMatchObject({ offset: log5.length, bytes: partial.length })
    expect(quarantined(tail?.quarantineFile ?? '').equals(partial)).toBe(true)
    expect(readFileSync(logPath(dir)).equals(log5)).toBe(true)
    expect(
      (await run(store.append('s', [event(9)], { expectedVersion: 'any' }))).records[0]
        ?.globalPosition,
    ).toBe(6)
    await run(store.close())
    expect((await run(verifyFileStore(dir))).ok).toBe(true)
  })

  it('an append torn in its last line loses its whole lines too, and only it', async () => {
    const { dir, log5, partial } = await withPartialAppend((lines) =>
      Buffer.concat([lines[0] as Buffer, lines[1] as Buffer, (lines[2] as Buffer).subarray(0, 30)]),
    )
    const store = await run(openFileStore(dir))
    expect(await ids(store)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5'])
    expect(store.recovery().tornTails).toMatchObject([
      { offset: log5.length, bytes: partial.length },
    ])
    await run(store.close())
  })

  it('a reader never takes up the whole lines of an unfinished append', async () => {
    const { dir, log5, batchLines } = await withPartialAppend(() => Buffer.alloc(0))
    const reader = await run(openFileStore(dir))
    appendFileSync(logPath(dir), Buffer.concat([batchLines[0] as Buffer, batchLines[1] as Buffer]))
    expect(await run(reader.headPosition())).toBe(5)
    expect(await run(reader.readStream('batch'))).toEqual([])
    const writer = await run(openFileStore(dir))
    expect(writer.recovery().tornTails).toMatchObject([{ offset: log5.length }])
    await run(writer.append('s', [event(9)], { expectedVersion: 'any' }))
    expect(await ids(reader)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e9'])
    await run(reader.close())
    await run(writer.close())
  })
})

describe('torn tails and damaged tails', () => {
  it('a torn last line is copied to quarantine before it is cut', async () => {
    const dir = await storeWith(3)
    const before = readFileSync(logPath(dir))
    const torn = Buffer.from('{"crc32":"12345678","event":{"streamId":"s-1","stream')
    appendFileSync(logPath(dir), torn)
    const store = await run(openFileStore(dir))
    const [tail] = store.recovery().tornTails
    await run(store.close())
    expect(tail).toMatchObject({ offset: before.length, bytes: torn.length })
    expect(readdirSync(join(dir, 'quarantine'))).toHaveLength(1)
    expect(quarantined(tail?.quarantineFile ?? '').equals(torn)).toBe(true)
  })

  it('a complete last line with a bad checksum is CorruptStore, not a torn tail, even with no index to vouch for it', async () => {
    const dir = await storeWith(5)
    rmSync(join(dir, 'events.idx'))
    const log = readFileSync(logPath(dir))
    const lastStart = lineStarts(log)[4] as number
    flipByte(logPath(dir), log.indexOf('"n":5', lastStart) + 4)
    const error = await failure(openFileStore(dir))
    expect(error).toMatchObject({ _tag: 'CorruptStore', offset: lastStart })
    expect(readFileSync(logPath(dir)).length).toBe(log.length)
  })
})

describe('refusing to write', () => {
  it('a handle whose log a repair replaced refuses to append (StoreUnavailable) instead of acknowledging into the old file', async () => {
    const dir = await storeWith(6)
    const stale = await run(openFileStore(dir))
    const log = readFileSync(logPath(dir))
    flipByte(logPath(dir), log.indexOf('"n":3') + 4)
    await run(repairFileStore(dir, { dryRun: false }))
    const refused = await failure(stale.append('s', [event(100)], { expectedVersion: 'any' }))
    expect(refused._tag).toBe('StoreUnavailable')
    expect(refused._tag === 'StoreUnavailable' && refused.reason).toMatch(/replaced.*reopen/)
    expect((await failure(stale.readAll()))._tag).toBe('StoreUnavailable')
    const fresh = await run(openFileStore(dir))
    await run(fresh.append('s', [event(101)], { expectedVersion: 'any' }))
    expect(await ids(fresh)).toEqual(['e1', 'e2', 'e4', 'e5', 'e6', 'e101'])
    await run(stale.close())
    await run(fresh.close())
  })

  it('damage found while reading makes the store refuse to write', async () => {
    const dir = await storeWith(5)
    const store = await run(openFileStore(dir))
    const log = readFileSync(logPath(dir))
    flipByte(logPath(dir), log.indexOf('"n":2') + 4)
    const damage = await failure(store.readAll())
    expect(damage).toMatchObject({ _tag: 'CorruptStore', offset: lineStarts(log)[1] })
    expect(await failure(store.append('s', [event(6)], { expectedVersion: 'any' }))).toEqual(damage)
    await run(store.close())
    expect(readFileSync(logPath(dir)).length).toBe(log.length)
  })

  it('repair stops with CorruptStore { file, offset } at a checksummed record it cannot renumber, leaving the log as it was', async () => {
    const dir = await storeWith(6)
    const log = readFileSync(logPath(dir))
    const starts = lineStarts(log)
    const fifth = JSON.parse(log.subarray(starts[4], (starts[5] as number) - 1).toString()) as {
      event: { type: unknown }
    }
    fifth.event.type = 5
    const unreadable = Buffer.from(encodeEnvelope('event', JSON.stringify(fifth.event)) + '\n')
    const crafted = Buffer.concat([log.subarray(0, starts[4]), unreadable, log.subarray(starts[5])])
    const at = crafted.indexOf('"n":3') + 4
    crafted[at] = (crafted[at] as number) ^ 0x01
    writeFileSync(logPath(dir), crafted)
    const error = await failure(repairFileStore(dir, { dryRun: false }))
    expect(error).toMatchObject({ _tag: 'CorruptStore', file: logPath(dir), offset: starts[4] })
    expect(readFileSync(logPath(dir)).equals(crafted)).toBe(true)
    // Nothing else changed either: no temporary file left, the index still there.
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
    expect(existsSync(join(dir, 'events.idx'))).toBe(true)
  })
})

describe('repair closes an append whose last line it removed', () => {
  // A damaged last line of a multi-event append: repair keeps the append's other lines, and
  // they must not keep saying "the append goes on" (the next open would cut them as torn, or
  // merge them with the next append).
  const damagedLastLine = async (after: boolean): Promise<string> => {
    const dir = freshDir()
    const store = await run(openFileStore(dir))
    await run(store.append('a', [event('x')], { expectedVersion: 'any' }))
    await run(store.append('s', [event('e1'), event('e2')], { expectedVersion: 'any' }))
    if (after) await run(store.append('b', [event('y')], { expectedVersion: 'any' }))
    await run(store.close())
    const log = readFileSync(logPath(dir))
    flipByte(logPath(dir), log.indexOf('"n":"e2"') + 6)
    return dir
  }

  it.each([
    ['at the end of the log', false, ['ex', 'ee1']],
    ['in the middle of the log', true, ['ex', 'ee1', 'ey']],
  ])(
    '%s: the kept lines read back after repair, no torn tail, nothing merged',
    async (_, after, expected) => {
      const dir = await damagedLastLine(after)
      const report = await run(repairFileStore(dir, { dryRun: false }))
      expect(report.damaged).toHaveLength(1)
      const store = await run(openFileStore(dir))
      expect(store.recovery().tornTails).toEqual([])
      expect(await ids(store)).toEqual(expected)
      const s = await run(store.readStream('s'))
      expect(s.map((r) => r.streamVersion)).toEqual([1])
      await run(store.close())
      expect((await run(verifyFileStore(dir))).ok).toBe(true)
      const e1Line = readFileSync(logPath(dir), 'utf8')
        .split('\n')
        .find((line) => line.includes('"ee1"'))
      expect(e1Line).not.toContain('"more":true')
    },
  )
})

describe('event ids', () => {
  it('stay unique after reopening, whether the index is loaded, trusted or rebuilt', async () => {
    const dir = await storeWith(4)
    const reopenings: ReadonlyArray<() => Promise<FileStore>> = [
      () => run(openFileStore(dir)),
      () => run(openFileStore(dir, { verifyOnOpen: 'index' })),
      async () => {
        rmSync(join(dir, 'events.idx'))
        return run(openFileStore(dir))
      },
    ]
    for (const reopen of reopenings) {
      const store = await reopen()
      expect(await failure(store.append('x', [event(3)], { expectedVersion: 'any' }))).toEqual({
        _tag: 'DuplicateEventId',
        streamId: 'x',
        eventId: 'e3',
      })
      await run(store.close())
    }
  })

  it('an id whose hash collides with a stored id is not a duplicate', async () => {
    const seen = new Map<number, string>()
    let pair: readonly [string, string] | undefined
    for (let i = 0; pair === undefined; i++) {
      const id = `id-${i}`
      const other = seen.get(hashEventId(id))
      if (other !== undefined) pair = [other, id]
      else seen.set(hashEventId(id), id)
    }
    const store = await run(openFileStore(freshDir()))
    await run(store.append('s', [{ ...event(1), eventId: pair[0] }], { expectedVersion: 'any' }))
    await run(store.append('s', [{ ...event(2), eventId: pair[1] }], { expectedVersion: 'any' }))
    expect(await ids(store)).toEqual([...pair])
    expect(
      (
        await failure(
          store.append('t', [{ ...event(3), eventId: pair[1] }], { expectedVersion: 'any' }),
        )
      )._tag,
    ).toBe('DuplicateEventId')
    await run(store.close())
  })
})
