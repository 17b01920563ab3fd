/**
 * The two adapters the runtime tests run on, each as a scoped Layer with a fresh store.
 */
import { Effect, Layer } from 'effect'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import { openFileStore } from '../../src/adapters/file/index.js'
import type { EventStore } from '../../src/store/EventStore.js'
import {
  EventStoreService,
  IdGenerator,
  makeRuntimeStore,
  seededIdGenerator,
} from '../../src/runtime/index.js'
import { tempDir } from './fixtures.js'

/** A fresh file store in a temporary directory, closed and removed when the scope ends. */
export const scopedFileStore = (dir?: string) =>
  Effect.acquireRelease(
    Effect.suspend(() => {
      const temp = dir === undefined ? tempDir('runtime') : { dir, remove: () => undefined }
      return Effect.map(openFileStore(temp.dir), (store) => ({ store, remove: temp.remove }))
    }),
    ({ store, remove }) => Effect.andThen(store.close(), Effect.sync(remove)),
  ).pipe(Effect.map(({ store }) => store))

/** A runtime layer with a fresh cache over `store` and seeded ids. */
export const runtimeLayer = (store: EventStore) =>
  Layer.merge(
    Layer.succeed(EventStoreService, makeRuntimeStore(store)),
    Layer.succeed(IdGenerator, seededIdGenerator(1)),
  )

export const adapters: ReadonlyArray<{
  readonly name: string
  readonly layer: Layer.Layer<EventStoreService, unknown>
}> = [
  { name: 'memory', layer: Layer.suspend(() => runtimeLayer(makeMemoryStore())) },
  { name: 'file', layer: Layer.unwrap(Effect.map(scopedFileStore(), runtimeLayer)) },
]
