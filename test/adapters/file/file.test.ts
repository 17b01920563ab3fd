import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Effect } from 'effect'
import { openFileStore } from '../../../src/adapters/file/index.js'
import type { FileStore } from '../../../src/adapters/file/index.js'
import {
  checkpointStoreConformance,
  eventStoreConformance,
  snapshotStoreConformance,
} from '../../../src/testing/eventStoreConformance.js'

const makeFileStore = async (): Promise<{ store: FileStore; cleanup: () => Promise<void> }> => {
  const dir = mkdtempSync(join(tmpdir(), 'foldwise-file-conformance-'))
  const store = await Effect.runPromise(openFileStore(dir))
  return { store, cleanup: async () => rmSync(dir, { recursive: true, force: true }) }
}

eventStoreConformance('file', makeFileStore, { numRuns: 25 })
snapshotStoreConformance('file', makeFileStore)
checkpointStoreConformance('file', makeFileStore)
