/**
 * A repair changes nothing before it holds the exclusive lock: while another handle holds the
 * lock, a repair that would move a wrong entry into quarantine waits, and the directory stays as
 * it was until the holder lets go.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Effect } from 'effect'
import { describe, expect, it } from 'vitest'
import { openFileStore, repairFileStore } from '../../../src/adapters/file/index.js'
import { lockStore } from '../../../src/adapters/file/Lock.js'
import { freshDirs } from './fixtures/dirs.js'
import { event } from './fixtures/events.js'

const run = Effect.runPromise
const freshDir = freshDirs('repair-lock')

const seeded = async (): Promise<string> => {
  const dir = freshDir()
  const store = await run(openFileStore(dir))
  await run(store.append('s', [event(1), event(2)], { expectedVersion: 'no_stream' }))
  await run(store.close())
  return dir
}

describe('repair and the lock', () => {
  it('moves a wrong entry aside only once it holds the exclusive lock: while another handle holds it, nothing changes', async () => {
    const dir = await seeded()
    rmSync(join(dir, 'events.idx'))
    mkdirSync(join(dir, 'events.idx'))
    const before = readdirSync(dir).sort()
    const release = await lockStore(dir, 'exclusive')
    let settled = false
    const repairing = run(repairFileStore(dir, { dryRun: false })).finally(() => (settled = true))
    try {
      // Long enough for the repair to reach the lock (it polls it every few milliseconds).
      await new Promise((resolve) => setTimeout(resolve, 150))
      expect(settled).toBe(false)
      expect(lstatSync(join(dir, 'events.idx')).isDirectory()).toBe(true)
      expect(existsSync(join(dir, 'quarantine'))).toBe(false)
      expect(readdirSync(dir).sort()).toEqual(before)
    } finally {
      release()
    }
    const report = await repairing
    expect(report.actions).toEqual([
      expect.stringMatching(/^move .*events\.idx \(it is a directory/),
    ])
    expect(readdirSync(join(dir, 'quarantine'))).toEqual(['moved-events.idx'])
    const store = await run(openFileStore(dir, { readOnly: true }))
    expect((await run(store.readAll())).map((record) => record.eventId)).toEqual(['e1', 'e2'])
    await run(store.close())
  })
})
