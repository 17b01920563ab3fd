/**
 * Conformance of snapshot and checkpoint stores with arguments from untyped callers: a state or
 * read model that is not JSON (nested 5,000 deep, `NaN`, a cycle, a class instance), a version
 * or position that is not a non-negative safe integer, a name that is not a valid id. Each is
 * refused as a typed error naming the field, and the value saved before stays as it was.
 *
 * @since 0.1.0
 */
import type { Effect } from 'effect'
import { expect, it } from 'vitest'
import type { Json } from '../../codec/RecordedEvent.js'
import type {
  CheckpointStore,
  EventStore,
  ProjectionCheckpoint,
  SnapshotStore,
  StoredSnapshot,
} from '../../store/EventStore.js'
import type { StoreError } from '../../store/StoreError.js'
import type { MakeStore } from './harness.js'
import { run, runError, withStore } from './harness.js'

/** A store the suite may close (as `Closable` in snapshotTests.ts, which imports this file). */
type MayClose<Store> = Store & Partial<Pick<EventStore, 'close'>>

/** `{ next: { next: … } }`, `depth` levels, built without recursion. */
const nested = (depth: number): unknown => {
  let value: unknown = { leaf: true }
  for (let i = 0; i < depth; i++) value = { next: value }
  return value
}

const cyclic = (): unknown => {
  const node: { self?: unknown } = {}
  node.self = node
  return { node }
}

/** A state or read model that is not JSON, and the field its refusal names (a prefix of it). */
const notJsonStates: ReadonlyArray<readonly [string, () => unknown, string]> = [
  ['nested 5,000 deep', () => nested(5000), '.next.next'],
  ['NaN', () => ({ ratio: NaN }), '.ratio'],
  ['Infinity in an array', () => ({ list: [1, Infinity] }), '.list[1]'],
  ['a cycle', cyclic, '.node.self'],
  ['a function', () => ({ run: () => 1 }), '.run'],
  ['a bigint', () => ({ amount: 1n }), '.amount'],
  ['a Date', () => ({ at: new Date(0) }), '.at'],
  ['a Map', () => new Map(), ''],
  ['undefined in an array', () => [1, undefined], '[1]'],
]

/** Expects `effect` to fail with `tag`, naming a field that starts with `field`. */
const expectRefused = async (
  effect: Effect.Effect<unknown, StoreError>,
  tag: 'InvalidArgument' | 'InvalidStreamId',
  field: string,
  label: string,
): Promise<void> => {
  const error = await runError(effect)
  expect(error._tag, label).toBe(tag)
  if (error._tag === 'InvalidArgument') expect(error.field.startsWith(field), label).toBe(true)
}

/**
 * Registers the tests of snapshots from untyped callers (inside a `describe`).
 *
 * @category conformance
 * @since 0.1.0
 */
export const snapshotArgumentTests = (makeStore: MakeStore<MayClose<SnapshotStore>>): void => {
  it(
    'refuses a snapshot whose state is not JSON or whose fields are wrong, naming the field, and keeps the one saved before',
    withStore(makeStore, async (store) => {
      const saved = { streamId: 's', streamVersion: 2, stateVersion: 1, state: { n: 1 } }
      await run(store.saveSnapshot(saved))
      const save = (snapshot: unknown) => store.saveSnapshot(snapshot as StoredSnapshot)
      for (const [label, state, path] of notJsonStates)
        await expectRefused(
          save({ ...saved, streamVersion: 3, state: state() }),
          'InvalidArgument',
          `snapshot.state${path}`,
          label,
        )
      for (const value of [NaN, '3', -1, 1.5, Infinity, null, undefined])
        await expectRefused(
          save({ ...saved, streamVersion: value }),
          'InvalidArgument',
          'snapshot.streamVersion',
          `streamVersion ${String(value)}`,
        )
      for (const value of [NaN, '1', -1, 1.5, 2 ** 31, null, undefined])
        await expectRefused(
          save({ ...saved, stateVersion: value }),
          'InvalidArgument',
          'snapshot.stateVersion',
          `stateVersion ${String(value)}`,
        )
      for (const value of [null, undefined, 42, 'snapshot'])
        await expectRefused(save(value), 'InvalidArgument', 'snapshot', `snapshot ${String(value)}`)
      for (const value of [42, null, undefined, {}, ''])
        await expectRefused(
          save({ ...saved, streamId: value }),
          'InvalidStreamId',
          '',
          `streamId ${String(value)}`,
        )
      expect(await run(store.loadSnapshot('s'))).toEqual(saved)
    }),
  )

  it(
    'a state field holding undefined is left out, as JSON leaves it out',
    withStore(makeStore, async (store) => {
      const state = { kept: 1, gone: undefined } as unknown as Json
      await run(store.saveSnapshot({ streamId: 's', streamVersion: 1, stateVersion: 1, state }))
      expect((await run(store.loadSnapshot('s')))?.state).toEqual({ kept: 1 })
    }),
  )
}

/**
 * Registers the tests of checkpoints from untyped callers (inside a `describe`).
 *
 * @category conformance
 * @since 0.1.0
 */
export const checkpointArgumentTests = (makeStore: MakeStore<MayClose<CheckpointStore>>): void => {
  it(
    'refuses a checkpoint whose read model is not JSON or whose fields are wrong, naming the field, and keeps the one saved before',
    withStore(makeStore, async (store) => {
      const saved = { name: 'p', position: 4, readModel: { n: 1 } }
      await run(store.saveCheckpoint(saved))
      const save = (checkpoint: unknown) => store.saveCheckpoint(checkpoint as ProjectionCheckpoint)
      for (const [label, readModel, path] of notJsonStates)
        await expectRefused(
          save({ ...saved, position: 5, readModel: readModel() }),
          'InvalidArgument',
          `checkpoint.readModel${path}`,
          label,
        )
      for (const value of [NaN, '5', -1, 1.5, Infinity, null, undefined])
        await expectRefused(
          save({ ...saved, position: value }),
          'InvalidArgument',
          'checkpoint.position',
          `position ${String(value)}`,
        )
      for (const value of [42, null, undefined, {}, '', 'nul\u0000'])
        await expectRefused(
          save({ ...saved, name: value }),
          'InvalidArgument',
          'checkpoint.name',
          `name ${String(value)}`,
        )
      for (const value of [null, undefined, 42, 'checkpoint'])
        await expectRefused(
          save(value),
          'InvalidArgument',
          'checkpoint',
          `checkpoint ${String(value)}`,
        )
      for (const value of [42, null, ''])
        await expectRefused(
          store.loadCheckpoint(value as unknown as string),
          'InvalidArgument',
          'name',
          `load ${String(value)}`,
        )
      expect(await run(store.loadCheckpoint('p'))).toEqual(saved)
    }),
  )
}
