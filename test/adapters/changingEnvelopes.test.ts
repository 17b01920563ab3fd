/**
 * Each field of an envelope is read once, after the argument checks, and what is stored is
 * what was checked, whatever the caller's getters answer next (memory and file stores; the
 * PostgreSQL store runs the same check in test/adapters/postgres/appends.int.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Effect } from 'effect'
import { describe, it } from 'vitest'
import { openFileStore } from '../../src/adapters/file/index.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import { checkChangingEnvelopes } from './changingEnvelopes.js'

describe('envelopes whose getters change between reads', () => {
  it('memory store: each field is read once and the stored event is the checked one', async () => {
    await checkChangingEnvelopes(makeMemoryStore())
  })

  it('file store: each field is read once and the stored event is the checked one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'foldwise-changing-'))
    try {
      const store = await Effect.runPromise(openFileStore(dir))
      await checkChangingEnvelopes(store)
      await Effect.runPromise(store.close())
      // And the log holds it too: a fresh handle reads the same.
      const reopened = await Effect.runPromise(openFileStore(dir, { readOnly: true }))
      const records = await Effect.runPromise(reopened.readAll())
      await Effect.runPromise(reopened.close())
      if (records.some((record) => record.metadata.recordedAt !== '2024-01-01T00:00:00.000Z'))
        throw new Error(`the log holds another time: ${JSON.stringify(records)}`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
