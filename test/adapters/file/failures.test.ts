/**
 * I/O failures injected under the group commit: a write that reached the file but whose
 * `fdatasync` failed, and whose `ftruncate` failed too, must never become committed later.
 */
import { existsSync, mkdtempSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Effect } from 'effect'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type * as FileSystem from '../../../src/adapters/file/FileSystem.js'
import type * as NodeFs from 'node:fs'
import { openFileStore } from '../../../src/adapters/file/index.js'
import { event, failure } from './fixtures/events.js'

const faults = vi.hoisted(() => ({ failSync: false, failTruncate: false }))

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>()
  return {
    ...fs,
    ftruncateSync: (fd: number, length?: number) => {
      if (faults.failTruncate) throw new Error('EIO: i/o error, ftruncate (injected)')
      fs.ftruncateSync(fd, length)
    },
  }
})

vi.mock('../../../src/adapters/file/FileSystem.js', async (importOriginal) => {
  const original = await importOriginal<typeof FileSystem>()
  return {
    ...original,
    appendDurably: async (fd: number, bytes: Uint8Array): Promise<void> => {
      if (!faults.failSync) return original.appendDurably(fd, bytes)
      // The write reaches the file; the sync fails.
      let done = 0
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done)
      throw new Error('EIO: i/o error, fdatasync (injected)')
    },
  }
})

const temporary: string[] = []
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true })
})

const run = Effect.runPromise

describe('a failed write or sync', () => {
  it('fails that append only: reads go on, the failed lines are never adopted, and the same handle appends again once the fault is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'foldwise-failures-'))
    temporary.push(dir)
    const store = await run(openFileStore(dir))
    await run(store.append('s', [event(1)], { expectedVersion: 'any' }))
    faults.failSync = true
    faults.failTruncate = true
    const started = Date.now()
    const failed = await failure(store.append('s', [event(2)], { expectedVersion: 'any' }))
    faults.failSync = false
    expect(failed._tag).toBe('StoreUnavailable')
    // No futile retries inside the store: the failure comes back at once.
    expect(Date.now() - started).toBeLessThan(1000)
    // Reads keep working, and never see the failed append's lines (still in the file).
    expect((await run(store.readAll())).map((r) => r.eventId)).toEqual(['e1'])
    // While the lines cannot be taken back, appends fail too, and nothing is adopted.
    expect((await failure(store.append('s', [event(3)], { expectedVersion: 1 })))._tag).toBe(
      'StoreUnavailable',
    )
    faults.failTruncate = false
    // The cause is gone: the same handle takes the failed lines back and appends.
    await run(store.append('s', [event(3)], { expectedVersion: 1 }))
    expect((await run(store.readAll())).map((r) => r.eventId)).toEqual(['e1', 'e3'])
    // Taken back by a truncate: this process's own refused lines are no crash damage, and
    // taking them back needs no free space (no quarantine copy).
    expect(store.recovery().tornTails).toEqual([])
    expect(existsSync(join(dir, 'quarantine'))).toBe(false)
    await run(store.close())
    const reopened = await run(openFileStore(dir))
    expect((await run(reopened.readAll())).map((r) => r.eventId)).toEqual(['e1', 'e3'])
    await run(reopened.close())
  })
})
