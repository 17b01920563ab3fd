/**
 * The public API stays small and its names stay cut: what issue 12 removed or renamed is offered
 * by no entry point, the naming rule holds (`open*` for what acquires, `make*` for what builds;
 * one kernel combinator per operation, whatever the kind), and the count per entry point is
 * pinned (a name added or cut changes it here, on purpose), under 120 distinct names in all.
 */
import { describe, expect, it } from 'vitest'
import type { FileStoreOptions } from '../../src/adapters/file/index.js'
import type { MemoryStoreOptions } from '../../src/adapters/memory/index.js'
import type { PostgresStoreOptions } from '../../src/adapters/postgres/index.js'
import { publicNames } from './publicNames.js'

const entries = publicNames()
const offered = new Set(entries.flatMap((e) => e.names))

/** Names cut from the public API (internals, or renamed): tests import them from their modules. */
const removed = [
  // runtime internals: the store wrapper, settings resolution, the pipeline, constructors
  'makeRuntimeStore',
  'runtimeStoreOf',
  'RuntimeStore',
  'randomUuids',
  'hasTag',
  'isRejected',
  'isConflict',
  'isUnavailable',
  'eventDecodeFailed',
  'checkpointsUnsupported',
  'readModelUnreadable',
  'followerStopped',
  'noCommandOptions',
  'resolveSettings',
  'ResolvedSettings',
  'applyRecords',
  'defaultCommandIdWindow',
  'defaultConflictRetry',
  'defaultUnavailableRetry',
  'promiseRunner',
  'promiseContext',
  'toPromiseFace',
  'StateCache',
  'StreamLocks',
  'noSnapshots',
  // simulation internals
  'checkInvariants',
  'failureSource',
  'faultArbitrary',
  'planArbitrary',
  'simulationPlans',
  'handleResultOfError',
  'isSimulatedCrash',
  'stableJson',
  'StoreView',
  'RunRecord',
  // adapter helpers
  'checkAppendArguments',
  'checkReadStreamOptions',
  'checkReadAllOptions',
  'checkSnapshot',
  'checkCheckpoint',
  'decodeRecord',
  // renamed
  'SagaRunner',
  'PromiseSagaRunner',
  'makePostgresStore',
  // issue 12's cut to under 120: one combinator per operation across deciders, views and sagas
  'combineViews',
  'combineSagas',
  'neutralView',
  'neutralSaga',
  'mapViewEvent',
  'mapViewState',
  'mapSagaAction',
  'mapSagaActionResult',
  'filterViewEvents',
  'filterSagaActionResults',
  'allToLeft',
  'allToRight',
  'stateOf',
  'Decision',
  'Route',
  // error members: each family is one exported union, narrowed on `_tag`
  'WrongExpectedVersion',
  'StoreClosed',
  'StoreUnavailable',
  'CorruptStore',
  'DuplicateEventId',
  'IncompatibleStore',
  'InvalidArgument',
  'InvalidStreamId',
  'ReadOnlyStore',
  'UnstorableEvent',
  'InvalidEventData',
  'UnknownEventType',
  'UnsupportedSchemaVersion',
  'InvalidCommand',
  'UnknownCommand',
  'Rejected',
  'rejected',
  'EventDecodeFailed',
  'CheckpointsUnsupported',
  'ReadModelUnreadable',
  'ProjectionProblem',
  'FollowerStopped',
  'InvalidSnapshotInterval',
  'InvalidSchemaName',
  // one constructor per codec kind and one Promise-store converter, by overload
  'eventCodecFor',
  'commandCodecFor',
  'toPromiseSnapshotStore',
  'toPromiseCheckpointStore',
  // shapes users read off the signatures that use them
  'DecodeInput',
  'VersionedEventCodec',
  'CommandCodecsFor',
  'EventMetadata',
  'EventToAppend',
  'AppendOptions',
  'AppendResult',
  'ReadStreamOptions',
  'ReadAllOptions',
  'Unsubscribe',
  'ExpectedVersion',
  'FrozenEvent',
  'StoredSnapshot',
  'ProjectionCheckpoint',
  'PromiseSnapshotStore',
  'PromiseCheckpointStore',
  'MemoryStore',
  'VerifyOptions',
  'VerifyReport',
  'RepairReport',
  'DamagedRecord',
  'UncutTail',
  'FileStoreRecovery',
  'upcast',
  // runtime single-use aliases and option shapes of one function
  'SnapshotIntervalArgument',
  'NotAPositiveInteger',
  'SnapshotInterval',
  'SnapshotPolicy',
  'SnapshotStateCodec',
  'IdGeneratorShape',
  'PromiseFaceOptions',
  'PromiseFace',
  'FoldedStream',
  'Folding',
  'HandledDecider',
  'RuntimeStoreOptions',
  'ReconnectPolicy',
  'SubscribeOptions',
  'FollowOptions',
  'SagaContext',
  'ProjectionState',
  'PointInTime',
  'HistoryEntry',
  // testing: the kit's intermediate types, conformance options, the simulation's internals
  'Given',
  'Then',
  'History',
  'DeciderLaw',
  'DeciderLawOptions',
  'DeciderAssertionError',
  'ConformanceOptions',
  'MakeStore',
  'Plan',
  'Step',
  'Fault',
  'FaultQueue',
  'FaultRates',
  'StoredBatch',
  'Targeted',
  'Trace',
  'SimulatedWorld',
  'SimulationRun',
  'SimulationFailure',
  'SimulationRuntime',
  'FaultyStore',
  'makeFaultyStore',
  'HandleResult',
  'HandlerProcess',
  'HandlerUnderTest',
  'SagaCommand',
  'SagaDispatchFailed',
  'Send',
  'SimulatedHandler',
  'SimulatedSaga',
  'Violation',
]

describe('the public API', () => {
  it('offers none of the names cut from it', () => {
    expect(removed.filter((name) => offered.has(name))).toEqual([])
  })

  it('names what acquires open* and what builds make*', () => {
    expect(offered.has('openPostgresStore')).toBe(true)
    expect(offered.has('openPostgresStorePromise')).toBe(true)
    expect(offered.has('openFileStore')).toBe(true)
    expect(offered.has('openFileStorePromise')).toBe(true)
    expect(offered.has('makeMemoryStore')).toBe(true)
    expect(offered.has('SagaProcess')).toBe(true)
  })

  it('stays within its ceiling of distinct names (was 287, then 234; issue 12 asks under 120)', () => {
    const perEntry = Object.fromEntries(entries.map((e) => [e.entry, e.names.length]))
    expect(perEntry).toEqual({
      '.': 16,
      './codec': 25,
      './store': 8,
      './adapters/memory': 2,
      './adapters/file': 6,
      './adapters/postgres': 9,
      './runtime': 29,
      './testing': 24,
      './testing/kit': 6,
    })
    expect(offered.size).toBeLessThan(120)
    expect(offered.size).toBeLessThanOrEqual(119)
  })

  it('has no per-kind twin of a kernel combinator: one name, an overload per kind', () => {
    const kernel = entries.find((e) => e.entry === '.')?.names ?? []
    expect(
      kernel.filter((name) => /^.+(View|Views|Saga|Sagas)$|^(map|filter)(View|Saga)/.test(name)),
    ).toEqual([])
  })
})

describe('option names across adapters', () => {
  it('one poll-interval name and one clock name (checked by the type checker)', () => {
    const postgres: PostgresStoreOptions = {
      connectionString: 'postgres://h/db',
      pollIntervalMs: 100,
    }
    const file: FileStoreOptions = { pollIntervalMs: 100, now: () => '2026-01-01T00:00:00.000Z' }
    const memory: MemoryStoreOptions = { now: () => '2026-01-01T00:00:00.000Z' }
    expect(postgres.pollIntervalMs).toBe(file.pollIntervalMs)
    expect(memory.now?.()).toBe(file.now?.())
  })
})
