/**
 * A full disk is recoverable in place (on a real 4 MB tmpfs): an append fails at once with
 * `StoreUnavailable`, reads and opens keep working while the disk is full, and once space is
 * freed the same handle appends again, with every acknowledged event there. Needs root (to
 * mount); the same recovery under injected faults is in failures.test.ts.
 */
import { execFileSync } from 'node:child_process'
import { appendFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Effect } from 'effect'
import { afterAll, expect, it } from 'vitest'
import { openFileStore, verifyFileStore } from '../../../src/adapters/file/index.js'
import type { StoreError } from '../../../src/store/StoreError.js'
import { freshDirs } from './fixtures/dirs.js'
import { failure } from './fixtures/events.js'

const freshDir = freshDirs('disk-full')
const run = Effect.runPromise
const event = (n: number, size = 100) => ({
  eventId: `e${n}`,
  type: 'Happened',
  schemaVersion: 1,
  data: { text: 'x'.repeat(size) },
  metadata: { recordedAt: '2024-01-01T00:00:00.000Z' },
})
const ids = async (store: {
  readonly readAll: () => Effect.Effect<ReadonlyArray<{ readonly eventId: string }>, StoreError>
}) => (await run(store.readAll())).map((r) => r.eventId)

const mounted: string[] = []
afterAll(() => {
  for (const mount of mounted) execFileSync('umount', ['-l', mount])
})

it('a full disk fails appends at once, keeps reads and opens working, and the same handle appends again once space is freed', async () => {
  const mount = freshDir()
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'none', mount])
  mounted.push(mount)
  const dir = join(mount, 'store')
  const store = await run(openFileStore(dir))
  for (let n = 1; n <= 10; n++) await run(store.append('s', [event(n)], { expectedVersion: n - 1 }))
  rmSync(join(dir, 'events.idx'), { force: true })
  const filler = join(mount, 'filler')
  const chunk = Buffer.alloc(64 * 1024, 1)
  try {
    for (;;) appendFileSync(filler, chunk)
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC')
  }
  const started = Date.now()
  const full = await failure(store.append('s', [event(11, 200_000)], { expectedVersion: 10 }))
  expect(full._tag).toBe('StoreUnavailable')
  expect(Date.now() - started).toBeLessThan(1000)
  const expected = Array.from({ length: 10 }, (_, i) => `e${i + 1}`)
  expect(await ids(store)).toEqual(expected)
  // Opening needs no free space: for reading, and for writing (its index save is best effort).
  for (const readOnly of [true, false]) {
    const other = await run(openFileStore(dir, { readOnly }))
    expect(await ids(other)).toEqual(expected)
    await run(other.close())
  }
  rmSync(filler)
  await run(store.append('s', [event(11, 200_000)], { expectedVersion: 10 }))
  await run(store.append('s', [event(12)], { expectedVersion: 11 }))
  expect(await ids(store)).toEqual([...expected, 'e11', 'e12'])
  await run(store.close())
  const reopened = await run(openFileStore(dir))
  expect(await ids(reopened)).toEqual([...expected, 'e11', 'e12'])
  await run(reopened.close())
  expect((await run(verifyFileStore(dir))).ok).toBe(true)
})
