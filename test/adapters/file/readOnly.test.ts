/**
 * Read-only means read-only: verify and a store opened with `readOnly` never create, modify,
 * truncate or quarantine a file (they report a torn tail); a read-only mount can be verified and
 * read; the store never follows a symbolic link for its own files; `events.idx` as a directory
 * is named by verify, refused by open and moved aside by repair.
 */
import { execFileSync } from 'node:child_process'
import {
  appendFileSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { Effect } from 'effect'
import { afterAll, describe, expect, it } from 'vitest'
import {
  openFileStore,
  repairFileStore,
  verifyFileStore,
} from '../../../src/adapters/file/index.js'
import { right } from 'fp-ts/lib/Either.js'
import type { Decider } from '../../../src/kernel/Decider.js'
import type { EventCodec } from '../../../src/codec/EventCodec.js'
import { EventStoreService, commandHandler } from '../../../src/runtime/index.js'
import { bundleFixture } from './fixtures/children.js'
import { freshDirs } from './fixtures/dirs.js'
import { event, failure } from './fixtures/events.js'

const freshDir = freshDirs('read-only')
const run = Effect.runPromise
type Happened = { readonly type: 'Happened' }
const counterDecider: Decider<Happened, number, Happened, never> = {
  initialState: 0,
  decide: (command) => right([command]),
  evolve: (count) => count + 1,
}
const passThrough: EventCodec<Happened> = {
  encode: (happened) => ({ type: happened.type, schemaVersion: 1, data: {} }),
  decode: () => right({ type: 'Happened' }),
}
const seeded = async (count: number): Promise<string> => {
  const dir = freshDir()
  const store = await run(openFileStore(dir))
  for (let n = 1; n <= count; n++)
    await run(store.append(`s-${n % 3}`, [event(n)], { expectedVersion: 'any' }))
  await run(store.saveSnapshot({ streamId: 's-1', streamVersion: 1, stateVersion: 1, state: {} }))
  await run(store.close())
  return dir
}
const tornLine = '{"crc32":"00000000","event":{"streamId":"s-1","stre'
/** Every entry under `dir` with its kind and bytes: equal before and after means untouched. */
const picture = (dir: string): ReadonlyArray<string> =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((name) => {
      const path = join(dir, name)
      const stats = lstatSync(path)
      return stats.isFile()
        ? `${name} ${stats.mtimeMs} ${readFileSync(path).toString('base64')}`
        : `${name} ${stats.isDirectory() ? 'dir' : 'other'}`
    })
const ids = async (dir: string, readOnly = false): Promise<string[]> => {
  const store = await run(openFileStore(dir, { readOnly }))
  const all = (await run(store.readAll())).map((r) => r.eventId)
  await run(store.close())
  return all
}

describe('a store opened read-only', () => {
  it('changes nothing: a torn tail is reported, not cut; a missing index is rebuilt in memory only; writes are refused', async () => {
    const dir = await seeded(5)
    appendFileSync(join(dir, 'events.jsonl'), tornLine)
    rmSync(join(dir, 'events.idx'))
    const before = picture(dir)
    const store = await run(openFileStore(dir, { readOnly: true }))
    expect((await run(store.readAll())).map((r) => r.eventId)).toEqual([
      'e1',
      'e2',
      'e3',
      'e4',
      'e5',
    ])
    expect(store.recovery()).toMatchObject({
      tornTails: [],
      index: 'rebuilt',
      uncutTail: { bytes: tornLine.length },
    })
    // Not StoreUnavailable: a runtime must not retry a write that cannot succeed.
    expect((await failure(store.append('s-1', [event(6)], { expectedVersion: 'any' })))._tag).toBe(
      'ReadOnlyStore',
    )
    expect(
      (
        await failure(
          store.saveSnapshot({ streamId: 's-1', streamVersion: 2, stateVersion: 1, state: {} }),
        )
      )._tag,
    ).toBe('ReadOnlyStore')
    expect(
      (await failure(store.saveCheckpoint({ name: 'p', position: 1, readModel: {} })))._tag,
    ).toBe('ReadOnlyStore')
    expect(await run(store.loadSnapshot('s-1'))).toMatchObject({ streamVersion: 1 })
    await run(store.close())
    const report = await run(verifyFileStore(dir))
    expect(report.tornTail?.length).toBe(tornLine.length)
    expect(picture(dir)).toEqual(before)
    // Only a writer (holding the exclusive lock) or repair cuts it.
    expect(await ids(dir)).toHaveLength(5)
    expect(readFileSync(join(dir, 'events.jsonl'), 'utf8').endsWith('\n')).toBe(true)
  })

  it('a handler on a read-only store fails at once with ReadOnlyStore, without retrying', async () => {
    const dir = await seeded(2)
    const store = await run(openFileStore(dir, { readOnly: true }))
    let appends = 0
    const counted = {
      ...store,
      append: (...args: Parameters<typeof store.append>) => {
        appends++
        return store.append(...args)
      },
    }
    const counter = commandHandler(counterDecider, passThrough)
    const outcome = await run(
      Effect.result(
        counter
          .handle('s-1', { type: 'Happened' })
          .pipe(Effect.provide(EventStoreService.layer(counted))),
      ),
    )
    expect(outcome._tag === 'Failure' && outcome.failure._tag).toBe('ReadOnlyStore')
    expect(appends).toBe(1)
    await run(store.close())
  })

  it('does not create a store that is not there', async () => {
    const dir = join(freshDir(), 'missing')
    expect((await failure(openFileStore(dir, { readOnly: true })))._tag).toBe('StoreUnavailable')
    expect(readdirSync(join(dir, '..'))).toEqual([])
  })
})

describe('a read-only mount', () => {
  const mounts: string[] = []
  afterAll(() => {
    for (const mount of mounts) execFileSync('umount', ['-l', mount])
  })
  const readOnlyView = (dir: string): string => {
    const mount = freshDir()
    if (process.getuid?.() === 0) {
      execFileSync('mount', ['--bind', dir, mount])
      mounts.push(mount)
      execFileSync('mount', ['-o', 'remount,bind,ro', mount])
      return mount
    }
    // Not root: a directory nobody may write to is as good.
    execFileSync('chmod', ['-R', 'a-w', dir])
    return dir
  }

  it('can be verified and read, and a writer gets a typed error', async () => {
    const dir = await seeded(4)
    appendFileSync(join(dir, 'events.jsonl'), tornLine)
    rmSync(join(dir, 'events.idx'))
    const view = readOnlyView(dir)
    const report = await run(verifyFileStore(view))
    expect(report).toMatchObject({ records: 4, ok: false, tornTail: { length: tornLine.length } })
    expect(await ids(view, true)).toEqual(['e1', 'e2', 'e3', 'e4'])
    const writer = await failure(openFileStore(view))
    expect(writer._tag).toBe('StoreUnavailable')
  })
})

describe('a directory the reader may not write to (chmod 555, read as nobody)', () => {
  it('can be verified and read without creating or changing anything', async () => {
    const dir = await seeded(3)
    appendFileSync(join(dir, 'events.jsonl'), tornLine)
    rmSync(join(dir, 'events.idx'))
    rmSync(join(dir, 'lock'), { recursive: true, force: true })
    const bundle = await bundleFixture('operator')
    // The bundle's own temporary folder, and the store: readable by all, writable by none.
    execFileSync('chmod', ['755', dirname(bundle)])
    execFileSync('chmod', ['-R', 'a=rX', dir])
    const before = picture(dir)
    const asNobody = (operation: string): string => {
      const args = [bundle, operation, dir]
      // Root ignores permissions: the check runs as nobody when it can.
      return process.getuid?.() === 0
        ? execFileSync(
            'setpriv',
            ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...args],
            { encoding: 'utf8' },
          )
        : execFileSync(process.execPath, args, { encoding: 'utf8' })
    }
    const report = JSON.parse(asNobody('verify').split('\n')[0] ?? '') as {
      readonly records: number
      readonly tornTail: { readonly length: number }
    }
    expect(report).toMatchObject({ records: 3, tornTail: { length: tornLine.length } })
    expect(JSON.parse(asNobody('read').split('\n')[0] ?? '')).toEqual(['e1', 'e2', 'e3'])
    expect(picture(dir)).toEqual(before)
    execFileSync('chmod', ['-R', 'u+w', dir])
  })
})

describe('symbolic links', () => {
  it('a log that is a link is refused by every open and by verify; its target is never touched', async () => {
    const dir = await seeded(2)
    const outside = join(freshDir(), 'precious.txt')
    writeFileSync(outside, 'one line without a newline')
    rmSync(join(dir, 'events.jsonl'))
    symlinkSync(outside, join(dir, 'events.jsonl'))
    for (const opened of [openFileStore(dir), openFileStore(dir, { readOnly: true })])
      expect(await failure(opened)).toMatchObject({
        _tag: 'CorruptStore',
        reason: expect.stringContaining('is a symbolic link'),
      })
    expect((await failure(verifyFileStore(dir)))._tag).toBe('CorruptStore')
    expect((await failure(repairFileStore(dir, { dryRun: false })))._tag).toBe('CorruptStore')
    expect(readFileSync(outside, 'utf8')).toBe('one line without a newline')
    expect(readdirSync(dir)).not.toContain('quarantine')
  })

  it('a link where a folder or the index belongs is named by verify, refused by open, moved aside by repair', async () => {
    const dir = await seeded(3)
    const elsewhere = freshDir()
    writeFileSync(join(elsewhere, 'keep'), 'x')
    rmSync(join(dir, 'snapshots'), { recursive: true })
    symlinkSync(elsewhere, join(dir, 'snapshots'))
    const report = await run(verifyFileStore(dir))
    expect(report.ok).toBe(false)
    expect(report.problems).toEqual([expect.stringMatching(/snapshots is a symbolic link/)])
    expect((await failure(openFileStore(dir)))._tag).toBe('CorruptStore')
    await run(repairFileStore(dir, { dryRun: false }))
    expect((await run(verifyFileStore(dir))).ok).toBe(true)
    expect(await ids(dir)).toEqual(['e1', 'e2', 'e3'])
    expect(readdirSync(elsewhere)).toEqual(['keep'])
  })
})

describe('symbolic links made while a store is open', () => {
  it('a snapshot file or folder that became a link is refused, never read or written through', async () => {
    const dir = await seeded(2)
    const store = await run(openFileStore(dir))
    const outside = join(freshDir(), 'secret.json')
    writeFileSync(outside, 'not for the store')
    const [snapshotFile] = readdirSync(join(dir, 'snapshots'))
    rmSync(join(dir, 'snapshots', snapshotFile ?? ''))
    symlinkSync(outside, join(dir, 'snapshots', snapshotFile ?? ''))
    expect(await failure(store.loadSnapshot('s-1'))).toMatchObject({
      _tag: 'CorruptStore',
      reason: expect.stringContaining('is a symbolic link'),
    })
    const elsewhere = freshDir()
    rmSync(join(dir, 'snapshots'), { recursive: true })
    symlinkSync(elsewhere, join(dir, 'snapshots'))
    expect(
      (
        await failure(
          store.saveSnapshot({ streamId: 's-1', streamVersion: 1, stateVersion: 1, state: {} }),
        )
      )._tag,
    ).toBe('CorruptStore')
    expect(readdirSync(elsewhere)).toEqual([])
    expect(readFileSync(outside, 'utf8')).toBe('not for the store')
    await run(store.close())
  })
})

describe('events.idx as a directory', () => {
  it('is named by verify, refused by open with a typed error, moved aside by repair', async () => {
    const dir = await seeded(3)
    rmSync(join(dir, 'events.idx'))
    mkdirSync(join(dir, 'events.idx'))
    const report = await run(verifyFileStore(dir))
    expect(report.ok).toBe(false)
    expect(report.index).toBe('damaged')
    expect(report.problems).toEqual([expect.stringMatching(/events\.idx is a directory/)])
    expect(await failure(openFileStore(dir))).toMatchObject({ _tag: 'CorruptStore' })
    expect(await failure(openFileStore(dir, { readOnly: true }))).toMatchObject({
      _tag: 'CorruptStore',
    })
    const repaired = await run(repairFileStore(dir, { dryRun: false }))
    expect(repaired.actions).toEqual([
      expect.stringMatching(/^move .*events\.idx \(it is a directory/),
    ])
    expect(await ids(dir)).toEqual(['e1', 'e2', 'e3'])
    expect(lstatSync(join(dir, 'events.idx')).isFile()).toBe(true)
  })
})
