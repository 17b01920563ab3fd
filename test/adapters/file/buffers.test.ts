/**
 * Buffers return to their baseline size after a large read (a page of large events once left
 * the shared read buffer holding 196 MB for the life of the process).
 */
import { Effect } from 'effect'
import { expect, it } from 'vitest'
import { openFileStore } from '../../../src/adapters/file/index.js'
import { readBufferSize } from '../../../src/adapters/file/ReadRecords.js'
import { freshDirs } from './fixtures/dirs.js'

const freshDir = freshDirs('buffers')
const run = Effect.runPromise

it('the read buffer returns to its baseline size after a page of large events', async () => {
  const store = await run(openFileStore(freshDir()))
  const baseline = readBufferSize()
  const text = 'x'.repeat(50_000)
  const events = Array.from({ length: 64 }, (_, n) => ({
    eventId: `e${n}`,
    type: 'Happened',
    schemaVersion: 1,
    data: { text },
    metadata: { recordedAt: '2024-01-01T00:00:00.000Z' },
  }))
  await run(store.append('big', events, { expectedVersion: 'no_stream' }))
  const page = await run(store.readAll({ limit: 64 }))
  expect(page).toHaveLength(64)
  expect((page[63]?.data as { text: string }).text).toBe(text)
  expect(readBufferSize()).toBe(baseline)
  expect(baseline).toBeLessThanOrEqual(1024 * 1024)
  expect((await run(store.readStream('big', { direction: 'backward' })))[0]?.eventId).toBe('e63')
  expect(readBufferSize()).toBe(baseline)
  await run(store.close())
})
