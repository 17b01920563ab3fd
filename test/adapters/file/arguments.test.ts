/**
 * Finding 2 of issue 10 on the file store: envelopes with wrong runtime types were acknowledged,
 * then the store refused to open (`eventId: 42`) or every read failed while `verify` said ok
 * (`type: 7`, `schemaVersion: NaN`), and a missing `eventId` threw inside the commit. Each is now
 * refused before anything is written, and the store reopens and reads everything it acknowledged.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Effect } from 'effect'
import { afterEach, describe, expect, it } from 'vitest'
import { openFileStore, verifyFileStore } from '../../../src/adapters/file/index.js'
import type { EventToAppend } from '../../../src/codec/RecordedEvent.js'

const recordedAt = '2024-01-01T00:00:00.000Z'
const good = (eventId: string): EventToAppend => ({
  eventId,
  type: 'T',
  schemaVersion: 1,
  data: { eventId },
  metadata: { recordedAt },
})

const hostile: ReadonlyArray<readonly [string, unknown]> = [
  ['eventId: 42', { ...good('x'), eventId: 42 }],
  ['eventId: an object', { ...good('x'), eventId: { id: 'x' } }],
  ['no eventId', { type: 'T', schemaVersion: 1, data: {}, metadata: { recordedAt } }],
  ['type: 7', { ...good('x'), type: 7 }],
  ['schemaVersion: NaN', { ...good('x'), schemaVersion: NaN }],
  ['schemaVersion: "1"', { ...good('x'), schemaVersion: '1' }],
  ['recordedAt: 42', { ...good('x'), metadata: { recordedAt: 42 } }],
]

let dirs: string[] = []
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  dirs = []
})

describe('file store: envelopes of untyped callers', () => {
  it('refuses each wrong envelope, then reopens, reads every acknowledged event and verifies ok', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'foldwise-file-arguments-'))
    dirs.push(dir)
    const store = await Effect.runPromise(openFileStore(dir))
    await Effect.runPromise(store.append('s', [good('e0')], { expectedVersion: 'no_stream' }))
    for (const [i, [label, event]] of hostile.entries()) {
      const [refused, beside] = await Promise.all([
        Effect.runPromise(
          Effect.result(
            store.append('s', [good(`g${i}`), event as EventToAppend], { expectedVersion: 'any' }),
          ),
        ),
        // Another caller's append on the same handle, at the same time, is not disturbed.
        Effect.runPromise(
          Effect.result(store.append(`other-${i}`, [good(`o${i}`)], { expectedVersion: 'any' })),
        ),
      ])
      expect(refused._tag, label).toBe('Failure')
      if (refused._tag === 'Failure') expect(refused.failure._tag, label).toBe('InvalidArgument')
      expect(beside._tag, label).toBe('Success')
    }
    await Effect.runPromise(store.close())
    const reopened = await Effect.runPromise(openFileStore(dir))
    const all = await Effect.runPromise(reopened.readAll())
    expect(all.map((record) => record.eventId)).toEqual(['e0', ...hostile.map((_, i) => `o${i}`)])
    await Effect.runPromise(reopened.close())
    const report = await Effect.runPromise(verifyFileStore(dir))
    expect(report.ok).toBe(true)
    expect(report.records).toBe(1 + hostile.length)
  })
})
