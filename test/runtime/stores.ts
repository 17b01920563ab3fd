/**
 * The three adapters the runtime tests run on (memory, file, PostgreSQL), each able to open a
 * fresh store in a scope and to give a runtime layer over one. The PostgreSQL store lives in
 * its own schema on the server of vitest's global setup (test/adapters/postgres/globalSetup.ts)
 * and the schema is dropped when the scope ends.
 */
import type { Scope } from 'effect'
import { Effect, Layer } from 'effect'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import { openFileStore } from '../../src/adapters/file/index.js'
import type { CheckpointStore, EventStore, SnapshotStore } from '../../src/store/EventStore.js'
import type { EventStoreService } from '../../src/runtime/index.js'
import { makeTestStore } from '../adapters/postgres/fixtures.js'
import { runtimeLayer, tempDir } from './fixtures.js'

/** What every adapter here offers: events, snapshots and checkpoints. */
export type FullStore = EventStore & SnapshotStore & CheckpointStore

/** A fresh file store in a temporary directory, closed and removed when the scope ends. */
export const scopedFileStore = (dir?: string) =>
  Effect.acquireRelease(
    Effect.suspend(() => {
      const temp = dir === undefined ? tempDir('runtime') : { dir, remove: () => undefined }
      return Effect.map(openFileStore(temp.dir), (store) => ({ store, remove: temp.remove }))
    }),
    ({ store, remove }) => Effect.andThen(store.close(), Effect.sync(remove)),
  ).pipe(Effect.map(({ store }) => store))

/** A PostgreSQL store in a fresh schema, closed and dropped when the scope ends. */
export const scopedPostgresStore = (): Effect.Effect<FullStore, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => makeTestStore()),
    ({ cleanup }) => Effect.promise(cleanup),
  ).pipe(Effect.map(({ store }) => store))

/** One adapter under test. */
export interface TestAdapter {
  readonly name: 'memory' | 'file' | 'postgres'
  /** A fresh store, released with the scope. */
  readonly open: Effect.Effect<FullStore, unknown, Scope.Scope>
  /** A runtime layer over a fresh store. */
  readonly layer: Layer.Layer<EventStoreService, unknown>
}

const adapterOf = (
  name: TestAdapter['name'],
  open: Effect.Effect<FullStore, unknown, Scope.Scope>,
): TestAdapter => ({
  name,
  open,
  layer: Layer.unwrap(Effect.map(open, (store) => runtimeLayer(store))),
})

export const adapters: ReadonlyArray<TestAdapter> = [
  adapterOf(
    'memory',
    Effect.sync(() => makeMemoryStore()),
  ),
  adapterOf('file', scopedFileStore()),
  adapterOf('postgres', scopedPostgresStore()),
]
