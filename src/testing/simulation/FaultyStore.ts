/**
 * A fault-injecting store: wraps any adapter and, for each call, takes the next fault of the
 * plan (version conflicts from phantom writers, `StoreUnavailable` before a commit, ambiguous
 * failures after one, slow calls, crashes of the caller, duplicated or delayed notifications)
 * and records it in the trace, with every batch the wrapped store accepted.
 *
 * @since 0.1.0
 */
import type { Fiber } from 'effect'
import { Effect } from 'effect'
import type { EventToAppend } from '../../codec/RecordedEvent.js'
import type {
  AppendOptions,
  AppendResult,
  CheckpointStore,
  EventStore,
  ProjectionCheckpoint,
  SnapshotStore,
} from '../../store/EventStore.js'
import type { StoreError } from '../../store/StoreError.js'
import { storeUnavailable, wrongExpectedVersion } from '../../store/StoreError.js'
import type { Fault } from './Plan.js'
import type { Trace } from './Trace.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The defect a simulated crash dies with: the component is gone, whatever it was doing.
 *
 * @category model
 * @since 0.1.0
 */
export interface SimulatedCrash {
  readonly _tag: 'SimulatedCrash'
  readonly component: string
  readonly call: string
  readonly when: 'before' | 'after'
}

/**
 * Where faults come from: the plan's list, one per call, then none; `disabled` turns them off
 * (the simulation does so to reach quiescence).
 *
 * @category model
 * @since 0.1.0
 */
export class FaultQueue {
  private index = 0
  disabled = false

  constructor(private readonly faults: ReadonlyArray<Fault>) {}

  /** How many faults were handed out (including `None`s). */
  get used(): number {
    return this.index
  }

  /** Whether a fault was asked for after the last one was handed out (faults not disabled). */
  ranOut = false

  /** The next fault (`None` when disabled or run out). */
  next(): Fault {
    if (this.disabled) return none
    if (this.index >= this.faults.length) {
      this.ranOut = true
      return none
    }
    const fault = this.faults[this.index] as Fault
    this.index++
    return fault
  }
}

/**
 * A store that injects faults: the event store, and the snapshot and checkpoint stores when
 * the wrapped adapter has them.
 *
 * @category model
 * @since 0.1.0
 */
export type FaultyStore = EventStore & Partial<SnapshotStore> & Partial<CheckpointStore>

// -------------------------------------------------------------------------------------
// guards
// -------------------------------------------------------------------------------------

/**
 * Whether a defect is a simulated crash.
 *
 * @category guards
 * @since 0.1.0
 */
export const isSimulatedCrash = (u: unknown): u is SimulatedCrash =>
  typeof u === 'object' && u !== null && (u as { _tag?: unknown })._tag === 'SimulatedCrash'

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const none: Fault = { _tag: 'None' }

/** How late a delayed notification is at most (simulated ms). */
const lateMillis = 1_000

type CallKind = 'read' | 'append' | 'save'

const crash = (component: string, call: string, when: 'before' | 'after'): SimulatedCrash => ({
  _tag: 'SimulatedCrash',
  component,
  call,
  when,
})

/**
 * Wraps `store` for one component (`component` names it in the trace); every component of a
 * run shares the plan's `faults` and the `trace`.
 *
 * @example
 * import type { Fiber } from 'effect'
import { Effect } from 'effect'
 * import { makeMemoryStore } from 'foldwise/adapters/memory'
 * import { FaultQueue, Trace, makeFaultyStore } from './src/testing/simulation/index.js'
 * const trace = new Trace(() => 0)
 * const store = makeFaultyStore(makeMemoryStore(), new FaultQueue([{ _tag: 'Unavailable' }]), trace, 'p0')
 * const first = await Effect.runPromise(Effect.flip(store.headPosition()))
 * assert.strictEqual(first._tag, 'StoreUnavailable')
 * assert.strictEqual(await Effect.runPromise(store.headPosition()), 0)
 * assert.deepStrictEqual(trace.lines, ['0 p0 fault Unavailable {"call":"headPosition"}'])
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeFaultyStore = (
  store: EventStore & Partial<SnapshotStore> & Partial<CheckpointStore>,
  faults: FaultQueue,
  trace: Trace,
  component: string,
): FaultyStore => {
  const inject = <A>(
    call: string,
    kind: CallKind,
    run: Effect.Effect<A, StoreError>,
    conflict?: () => Effect.Effect<A, StoreError>,
  ): Effect.Effect<A, StoreError> =>
    Effect.suspend(() => {
      const fault = faults.next()
      switch (fault._tag) {
        case 'Unavailable':
          trace.record(component, 'fault Unavailable', { call })
          return Effect.fail(storeUnavailable(`simulated: ${call} before it ran`))
        case 'Slow':
          trace.record(component, 'fault Slow', { call, millis: fault.millis })
          return Effect.andThen(Effect.sleep(fault.millis), run)
        case 'Crash':
          trace.record(component, 'fault Crash', { call })
          return Effect.die(crash(component, call, 'before'))
        case 'CrashAfter':
          if (kind === 'read') return run
          trace.record(component, 'fault CrashAfter', { call })
          return Effect.flatMap(run, () => Effect.die(crash(component, call, 'after')))
        case 'Ambiguous':
          if (kind === 'read') return run
          trace.record(component, 'fault Ambiguous', { call })
          return Effect.flatMap(run, () =>
            Effect.fail(storeUnavailable(`simulated: ${call} done, answer lost`)),
          )
        case 'Conflict':
          if (conflict === undefined) return run
          trace.record(component, 'fault Conflict', { call })
          return conflict()
        default:
          return run
      }
    })

  const append = (
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options: AppendOptions,
  ): Effect.Effect<AppendResult, StoreError> =>
    inject(
      'append',
      'append',
      Effect.map(store.append(streamId, events, options), (result) => {
        const first = result.records[0]
        if (first !== undefined)
          trace.stored({
            component,
            streamId,
            commandId: first.metadata.commandId,
            fromVersion: first.streamVersion,
            toVersion: result.nextExpectedVersion,
          })
        return result
      }),
      // A phantom writer: the stream moved on (as far as this caller can tell).
      () =>
        Effect.flatMap(store.streamVersion(streamId), (actual) =>
          Effect.fail(wrongExpectedVersion(streamId, options.expectedVersion, actual + 1)),
        ),
    )

  // A delayed notification arrives with the next one, or `lateMillis` of simulated time later
  // (as an adapter's poll would tell it): the port promises every head is told eventually, so
  // one held for good would be an adapter bug, not a fault a follower has to survive.
  const onAppend: EventStore['onAppend'] = (listener) =>
    Effect.gen(function* () {
      const services = yield* Effect.context<never>()
      let delayed: number | undefined
      let late: Fiber.Fiber<void> | undefined
      const tellLate = Effect.sync(() => {
        late = undefined
        if (delayed === undefined) return
        trace.record(component, 'late notification', { head: delayed })
        const head = delayed
        delayed = undefined
        listener(head)
      })
      const unsubscribe = yield* store.onAppend((head) => {
        const fault = faults.next()
        if (fault._tag === 'DelayedNotification') {
          trace.record(component, 'fault DelayedNotification', { head })
          delayed = head
          late ??= Effect.runForkWith(services)(Effect.andThen(Effect.sleep(lateMillis), tellLate))
          return
        }
        if (delayed !== undefined) listener(delayed)
        delayed = undefined
        listener(head)
        if (fault._tag === 'DuplicateNotification') {
          trace.record(component, 'fault DuplicateNotification', { head })
          listener(head)
        }
      })
      return () => {
        late?.interruptUnsafe()
        late = undefined
        unsubscribe()
      }
    })

  // `currentVersion` (the port's optional synchronous version check) is left out on purpose:
  // the runtime then checks versions with `streamVersion`, which faults reach.
  const faulty: FaultyStore = {
    append,
    readStream: (streamId, options) =>
      inject('readStream', 'read', store.readStream(streamId, options)),
    streamVersion: (streamId) => inject('streamVersion', 'read', store.streamVersion(streamId)),
    readAll: (options) => inject('readAll', 'read', store.readAll(options)),
    headPosition: () => inject('headPosition', 'read', store.headPosition()),
    onAppend,
    close: () => store.close(),
  }
  const { loadCheckpoint, saveCheckpoint, loadSnapshot, saveSnapshot } = store
  return {
    ...faulty,
    ...(loadCheckpoint !== undefined && saveCheckpoint !== undefined
      ? {
          loadCheckpoint: (name: string) => inject('loadCheckpoint', 'read', loadCheckpoint(name)),
          saveCheckpoint: (checkpoint: ProjectionCheckpoint) =>
            inject('saveCheckpoint', 'save', saveCheckpoint(checkpoint)),
        }
      : {}),
    ...(loadSnapshot !== undefined && saveSnapshot !== undefined
      ? {
          loadSnapshot: (streamId: string) =>
            inject('loadSnapshot', 'read', loadSnapshot(streamId)),
          saveSnapshot: (snapshot: Parameters<SnapshotStore['saveSnapshot']>[0]) =>
            inject('saveSnapshot', 'save', saveSnapshot(snapshot)),
        }
      : {}),
  }
}
