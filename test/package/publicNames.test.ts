/**
 * The public API stays small and its names stay cut: what issue 12 removed or renamed is offered
 * by no entry point, the naming rule holds (`open*` for what acquires, `make*` for what builds),
 * and the distinct count only goes down (lower the ceiling when a name is cut).
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

  it('stays within its ceiling of distinct names (was 277 before the cut)', () => {
    const perEntry = Object.fromEntries(entries.map((e) => [e.entry, e.names.length]))
    expect(perEntry['./runtime']).toBeLessThanOrEqual(56)
    expect(perEntry['./testing']).toBeLessThanOrEqual(55)
    expect(offered.size).toBeLessThanOrEqual(234)
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
