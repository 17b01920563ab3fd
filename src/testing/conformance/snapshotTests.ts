/**
 * Conformance of snapshot and checkpoint stores: round trips, the newest save wins, absent
 * reads as `undefined`, saved values are isolated from the caller, and values from untyped
 * callers are refused with a typed error (stateArgumentTests.ts).
 *
 * @since 0.1.0
 */
import { describe, expect, it } from 'vitest'
import type { CheckpointStore, EventStore, SnapshotStore } from '../../store/EventStore.js'
import type { MakeStore } from './harness.js'
import { run, withStore } from './harness.js'
import { checkpointArgumentTests, snapshotArgumentTests } from './stateArgumentTests.js'

/**
 * A store under test that may also be closed by the suite.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export type Closable<Store> = Store & Partial<Pick<EventStore, 'close'>>

/**
 * Registers the snapshot store tests under `name`.
 *
 * @example no-run
 * import { makeMemoryStore } from 'foldwise/adapters/memory'
 * import { snapshotStoreConformance } from 'foldwise/testing'
 * snapshotStoreConformance('memory', async () => ({ store: makeMemoryStore() }))
 *
 * @category conformance
 * @since 0.1.0
 */
export const snapshotStoreConformance = (
  name: string,
  makeStore: MakeStore<Closable<SnapshotStore>>,
): void => {
  describe(`${name} conforms to SnapshotStore`, () => {
    it(
      'an absent snapshot loads as undefined',
      withStore(makeStore, async (store) => {
        expect(await run(store.loadSnapshot('s'))).toBeUndefined()
      }),
    )

    it(
      'a saved snapshot loads back equal',
      withStore(makeStore, async (store) => {
        const snapshot = {
          streamId: '../s/ü',
          streamVersion: 7,
          stateVersion: 2,
          state: { balance: 10, tags: ['a'] },
        }
        await run(store.saveSnapshot(snapshot))
        expect(await run(store.loadSnapshot('../s/ü'))).toEqual(snapshot)
      }),
    )

    it(
      'the newest save wins, per stream',
      withStore(makeStore, async (store) => {
        await run(
          store.saveSnapshot({ streamId: 'a', streamVersion: 3, stateVersion: 1, state: 'old' }),
        )
        await run(
          store.saveSnapshot({ streamId: 'b', streamVersion: 1, stateVersion: 1, state: 'other' }),
        )
        await run(
          store.saveSnapshot({ streamId: 'a', streamVersion: 9, stateVersion: 2, state: 'new' }),
        )
        expect(await run(store.loadSnapshot('a'))).toEqual({
          streamId: 'a',
          streamVersion: 9,
          stateVersion: 2,
          state: 'new',
        })
        expect(await run(store.loadSnapshot('b'))).toEqual({
          streamId: 'b',
          streamVersion: 1,
          stateVersion: 1,
          state: 'other',
        })
      }),
    )

    it(
      'changing a saved or loaded state does not change the stored snapshot',
      withStore(makeStore, async (store) => {
        const state = { list: [1] }
        await run(store.saveSnapshot({ streamId: 's', streamVersion: 1, stateVersion: 1, state }))
        state.list.push(2)
        const loaded = await run(store.loadSnapshot('s'))
        try {
          ;((loaded?.state as { list: number[] } | undefined)?.list ?? []).push(3)
        } catch {
          // A frozen snapshot refuses the change.
        }
        expect((await run(store.loadSnapshot('s')))?.state).toEqual({ list: [1] })
      }),
    )

    snapshotArgumentTests(makeStore)
  })
}

/**
 * Registers the checkpoint store tests under `name`.
 *
 * @example no-run
 * import { makeMemoryStore } from 'foldwise/adapters/memory'
 * import { checkpointStoreConformance } from 'foldwise/testing'
 * checkpointStoreConformance('memory', async () => ({ store: makeMemoryStore() }))
 *
 * @category conformance
 * @since 0.1.0
 */
export const checkpointStoreConformance = (
  name: string,
  makeStore: MakeStore<Closable<CheckpointStore>>,
): void => {
  describe(`${name} conforms to CheckpointStore`, () => {
    it(
      'an absent checkpoint loads as undefined',
      withStore(makeStore, async (store) => {
        expect(await run(store.loadCheckpoint('projection'))).toBeUndefined()
      }),
    )

    it(
      'a saved checkpoint loads back equal, read model and position together',
      withStore(makeStore, async (store) => {
        const checkpoint = {
          name: 'balances/ü',
          position: 42,
          readModel: { a: 1, list: [null, true, 'x'] },
        }
        await run(store.saveCheckpoint(checkpoint))
        expect(await run(store.loadCheckpoint('balances/ü'))).toEqual(checkpoint)
      }),
    )

    it(
      'the newest save wins, per name',
      withStore(makeStore, async (store) => {
        await run(store.saveCheckpoint({ name: 'p', position: 1, readModel: 'old' }))
        await run(store.saveCheckpoint({ name: 'q', position: 5, readModel: 'other' }))
        await run(store.saveCheckpoint({ name: 'p', position: 8, readModel: 'new' }))
        expect(await run(store.loadCheckpoint('p'))).toEqual({
          name: 'p',
          position: 8,
          readModel: 'new',
        })
        expect(await run(store.loadCheckpoint('q'))).toEqual({
          name: 'q',
          position: 5,
          readModel: 'other',
        })
      }),
    )

    it(
      'changing a saved read model does not change the stored checkpoint',
      withStore(makeStore, async (store) => {
        const readModel = { list: [1] }
        await run(store.saveCheckpoint({ name: 'p', position: 1, readModel }))
        readModel.list.push(2)
        expect((await run(store.loadCheckpoint('p')))?.readModel).toEqual({ list: [1] })
      }),
    )

    checkpointArgumentTests(makeStore)
  })
}
