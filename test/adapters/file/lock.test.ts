/**
 * The file store's lock (issue 10, findings 1, 3 and 12): many handles in one process, lock
 * holders killed with -9, the thread pool never parked, operators deleting or replacing `lock`,
 * the format marker, read-only mounts.
 */
import { execFileSync } from 'node:child_process'
import {
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Effect } from 'effect'
import { beforeAll, describe, expect, it } from 'vitest'
import type { FileStore } from '../../../src/adapters/file/index.js'
import {
  openFileStore,
  repairFileStore,
  verifyFileStore,
} from '../../../src/adapters/file/index.js'
import { lockStore } from '../../../src/adapters/file/Lock.js'
import { currentStoreFormat } from '../../../src/adapters/file/StoreFormat.js'
import type { RecordedEvent } from '../../../src/codec/RecordedEvent.js'
import type { Appender } from './fixtures/children.js'
import { bundleAppender, bundleFixture, startAppender } from './fixtures/children.js'
import { freshDirs } from './fixtures/dirs.js'
import { failure } from './fixtures/events.js'

const freshDir = freshDirs('lock')
const run = Effect.runPromise
const event = (id: string) => ({
  eventId: id,
  type: 'Happened',
  schemaVersion: 1,
  data: { id },
  metadata: { recordedAt: '2024-01-01T00:00:00.000Z' },
})
/** Resolves to `'pending'` when `promise` has not settled within `ms`. */
const within = <A>(promise: Promise<A>, ms: number): Promise<A | 'pending'> =>
  Promise.race([promise, new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))])

const makeStore = async (dir: string, events = 1): Promise<void> => {
  const store = await run(openFileStore(dir))
  for (let i = 0; i < events; i++)
    await run(store.append('s', [event(`seed-${i}`)], { expectedVersion: 'any' }))
  await run(store.close())
}

let appender: string
let holder: string
beforeAll(async () => {
  ;[appender, holder] = await Promise.all([bundleAppender(), bundleFixture('holder')])
})

describe('one process', () => {
  it('64 handles on one directory append concurrently: all make progress, none deadlocks', async () => {
    const dir = freshDir()
    // Half the handles name the directory by another path: the holder is keyed by its inode.
    const stores = await Promise.all(
      Array.from({ length: 64 }, (_, h) => run(openFileStore(h % 2 === 0 ? dir : `${dir}/.`))),
    )
    const started = Date.now()
    await Promise.all(
      stores.map(async (store, h) => {
        for (let i = 0; i < 10; i++)
          await run(
            store.append(`h-${h}`, [event(`h${h}-${i}`)], {
              expectedVersion: i === 0 ? 'no_stream' : i,
            }),
          )
      }),
    )
    console.info(`64 handles: 640 appends in ${Date.now() - started} ms`)
    const all = await run((stores[63] as FileStore).readAll())
    expect(all.map((r) => r.globalPosition)).toEqual(Array.from({ length: 640 }, (_, i) => i + 1))
    for (const store of stores) await run(store.close())
    expect((await run(verifyFileStore(dir))).ok).toBe(true)
  }, 30_000)
})

describe('other processes', () => {
  it('waiting for another process parks no thread-pool thread, and kill -9 of the holder releases the lock', async () => {
    // Four stores held by a child: four opens wait, and the pool (4 threads) must stay free.
    const dirs = [freshDir(), freshDir(), freshDir(), freshDir()]
    for (const dir of dirs) await makeStore(dir)
    const child = startAppender(holder, dirs)
    await child.ready
    const opens = dirs.map((dir) => run(openFileStore(dir)))
    expect(await within(Promise.race(opens), 300)).toBe('pending')
    const started = Date.now()
    expect(await within(readFile(join(dirs[0] as string, 'events.jsonl')), 2_000)).not.toBe(
      'pending',
    )
    expect(Date.now() - started).toBeLessThan(1_000)
    child.child.kill('SIGKILL')
    await child.exited
    const stores = await within(Promise.all(opens), 5_000)
    if (stores === 'pending') throw new Error('the lock of a killed holder was not released')
    for (const store of stores) {
      await run(store.append('s', [event('after-kill')], { expectedVersion: 1 }))
      await run(store.close())
    }
  }, 30_000)

  /** Process A appends; `meddle` runs on the directory; process B opens and appends. */
  const meddleWhileWriting = async (
    meddle: (dir: string) => void,
    beforeReopen: (dir: string) => void = () => undefined,
  ): Promise<{ readonly b: Appender; readonly acks: ReadonlyArray<RecordedEvent> }> => {
    const dir = freshDir()
    const a = startAppender(appender, ['kill', dir, 'a'])
    await a.ready
    while (a.acks.length < 20) await new Promise((r) => setTimeout(r, 10))
    meddle(dir)
    const aBefore = a.acks.length
    const b = startAppender(appender, ['kill', dir, 'b'])
    // Both must make progress while the other writes: until B's first acknowledgement and A's
    // next (or B exits, refused); a loaded machine may take seconds, an idle one a fraction.
    const deadline = Date.now() + 15_000
    while (Date.now() < deadline && (b.acks.length === 0 || a.acks.length <= aBefore)) {
      if ((await within(b.exited, 20)) !== 'pending') break
    }
    // Then a little longer, for B's next turn (what a turn costs is measured by
    // scripts/lock-contention.ts, not asserted here).
    const bFirst = b.acks.length
    const more = Math.min(deadline, Date.now() + 3_000)
    while (Date.now() < more && b.acks.length === bFirst && bFirst > 0)
      await new Promise((r) => setTimeout(r, 20))
    console.info(`A acknowledged ${a.acks.length} events (${aBefore} before), B ${b.acks.length}`)
    a.child.kill('SIGKILL')
    b.child.kill('SIGKILL')
    await Promise.all([a.exited, b.exited])
    beforeReopen(dir)
    // Reopening may cut a torn tail left by the kills; nothing acknowledged may be missing.
    const store = await run(openFileStore(dir))
    const all = await run(store.readAll())
    await run(store.close())
    expect(all.map((r) => r.globalPosition)).toEqual(all.map((_, i) => i + 1))
    const stored = new Map(all.map((r) => [r.eventId, r]))
    const acks = [...a.acks, ...b.acks]
    for (const ack of acks) {
      const found = stored.get(ack.eventId)
      expect(found?.globalPosition, ack.eventId).toBe(ack.globalPosition)
      expect(found?.streamVersion, ack.eventId).toBe(ack.streamVersion)
    }
    expect((await run(verifyFileStore(dir))).ok).toBe(true)
    return { b, acks }
  }

  it('deleting lock while a process writes lets a second writer in only through the lock: nothing acknowledged is lost', async () => {
    const { b } = await meddleWhileWriting((dir) =>
      rmSync(join(dir, 'lock'), { recursive: true, force: true }),
    )
    expect(b.acks.length).toBeGreaterThan(0)
  }, 30_000)

  it('replacing lock with a new directory changes nothing: both writers take turns', async () => {
    const { b } = await meddleWhileWriting((dir) => {
      rmSync(join(dir, 'lock'), { recursive: true, force: true })
      mkdirSync(join(dir, 'lock'))
    })
    expect(b.acks.length).toBeGreaterThan(0)
  }, 30_000)

  it('replacing lock with a file (as foldwise 0.1 would make it): the second process is refused, nothing is lost', async () => {
    const { b } = await meddleWhileWriting(
      (dir) => {
        rmSync(join(dir, 'lock'), { recursive: true, force: true })
        writeFileSync(join(dir, 'lock'), '')
      },
      // What the refusal tells the operator to do once no old process is left.
      (dir) => rmSync(join(dir, 'lock')),
    )
    expect(b.acks).toEqual([])
    expect(b.stderr()).toContain('IncompatibleStore')
  }, 30_000)
})

describe('the format marker', () => {
  it('a new store is marked with its format and lock protocol, and its lock is a directory foldwise 0.1 cannot open', async () => {
    const dir = freshDir()
    await makeStore(dir)
    expect(JSON.parse(readFileSync(join(dir, 'format'), 'utf8'))).toEqual(currentStoreFormat)
    expect(lstatSync(join(dir, 'lock')).isDirectory()).toBe(true)
    // What foldwise 0.1 did first when opening, verifying or repairing a store:
    expect(() => openSync(join(dir, 'lock'), 'a+')).toThrow(/EISDIR/)
  })

  it.each([
    [
      'another lock protocol',
      { ...currentStoreFormat, lock: 'flock-1' },
      /locked with protocol "flock-1"/,
    ],
    ['a newer format', { ...currentStoreFormat, format: 2 }, /format 2, newer than/],
    [
      'another kind of store',
      { store: 'something-else', format: 1, lock: 'x' },
      /not a foldwise file store/,
    ],
  ])(
    'a marker naming %s is refused by open, verify and repair, and nothing is written',
    async (_, marker, message) => {
      const dir = freshDir()
      await makeStore(dir, 3)
      writeFileSync(join(dir, 'format'), JSON.stringify(marker))
      const log = readFileSync(join(dir, 'events.jsonl'))
      for (const attempt of [
        openFileStore(dir),
        verifyFileStore(dir),
        repairFileStore(dir, { dryRun: false }),
      ]) {
        const refused = await failure<unknown>(attempt)
        expect(refused).toMatchObject({ _tag: 'IncompatibleStore', path: join(dir, 'format') })
        expect((refused as { readonly reason: string }).reason).toMatch(message)
      }
      expect(readFileSync(join(dir, 'events.jsonl')).equals(log)).toBe(true)
    },
  )

  it('a store foldwise 0.1 used (a lock file, no marker) is refused for writing until the lock file is deleted, and readable meanwhile', async () => {
    const dir = freshDir()
    await makeStore(dir, 2)
    rmSync(join(dir, 'format'))
    rmSync(join(dir, 'lock'), { recursive: true })
    writeFileSync(join(dir, 'lock'), '')
    const refused = await failure(openFileStore(dir))
    expect(refused).toMatchObject({ _tag: 'IncompatibleStore', path: join(dir, 'lock') })
    expect((refused as { readonly reason: string }).reason).toMatch(/foldwise 0\.1/)
    expect(existsSync(join(dir, 'format'))).toBe(false)
    expect((await run(verifyFileStore(dir))).records).toBe(2)
    rmSync(join(dir, 'lock'))
    const store = await run(openFileStore(dir))
    expect(await run(store.streamVersion('s'))).toBe(2)
    await run(store.close())
    expect(JSON.parse(readFileSync(join(dir, 'format'), 'utf8'))).toEqual(currentStoreFormat)
  })
})

describe('readers', () => {
  it('verify takes its lock on a read-only mount (or directory) without write access', async () => {
    const dir = freshDir()
    await makeStore(dir, 2)
    const readOnly = freshDir()
    const root = process.getuid?.() === 0
    if (root) {
      execFileSync('mount', ['--bind', dir, readOnly])
      execFileSync('mount', ['-o', 'remount,bind,ro', readOnly])
    } else execFileSync('chmod', ['-R', 'a-w', dir])
    try {
      const target = root ? readOnly : dir
      const report = await run(verifyFileStore(target))
      expect(report.records).toBe(2)
      const release = await lockStore(target, 'shared')
      release()
    } finally {
      if (root) execFileSync('umount', [readOnly])
      else execFileSync('chmod', ['-R', 'u+w', dir])
    }
  })
})
