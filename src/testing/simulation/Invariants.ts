/**
 * The invariants every simulated run is held to, after every step and at quiescence:
 * every batch in the log belongs to one command and no command applied twice; every
 * acknowledged command's events are in the log exactly once and its state is the fold of the
 * log up to its version; every read model equals the fold of the log up to its checkpoint;
 * each saga reacts exactly once to each triggering event (see Reactions.ts); and the user's
 * own invariants. The checker keeps what it learnt between checks (the log only grows), so a
 * check costs what the last step added.
 *
 * @since 0.1.0
 */
import type { RecordedEvent } from '../../codec/RecordedEvent.js'
import type { Outcome } from '../../runtime/CommandModel.js'
import { applyRecords } from '../../runtime/Projections.js'
import type { ProjectionCheckpoint } from '../../store/EventStore.js'
import { deepEqual } from '../deepEqual.js'
import { LogIndex } from './LogIndex.js'
import type { SimulatedSystem, SimulatedWorld } from './System.js'
import type { StoredBatch } from './Trace.js'
import { stableJson } from './Trace.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An acknowledged command: the client got this outcome.
 *
 * @category model
 * @since 0.1.0
 */
export interface Acknowledgement {
  readonly handler: string
  readonly streamId: string
  readonly commandId: string
  readonly outcome: Outcome<unknown, unknown>
}

/**
 * What a run has done so far, as the invariants need it.
 *
 * @category model
 * @since 0.1.0
 */
export interface RunRecord {
  /** Every command id a client or a saga sent. */
  readonly issued: ReadonlySet<string>
  readonly acknowledged: ReadonlyArray<Acknowledgement>
  /** Every reaction the sagas dispatched (a `ReactionLedger`). */
  readonly reactions: ReactionRecord
  readonly batches: ReadonlyArray<StoredBatch>
}

/**
 * The saga reactions of a run, as `sagasReactOnce` checks them: the first reaction dispatched
 * twice or not asked for, and (at quiescence) whether every reaction to the log was
 * dispatched and answered.
 *
 * @category model
 * @since 0.1.0
 */
export interface ReactionRecord {
  readonly problem: Violation | undefined
  readonly complete: (
    system: SimulatedSystem,
    log: ReadonlyArray<RecordedEvent>,
  ) => Violation | undefined
}

/**
 * What the store holds now: the log and each projection's checkpoint.
 *
 * @category model
 * @since 0.1.0
 */
export interface StoreView {
  readonly log: ReadonlyArray<RecordedEvent>
  readonly checkpoints: ReadonlyMap<string, ProjectionCheckpoint | undefined>
}

/**
 * A broken invariant: its name and what was seen.
 *
 * @category model
 * @since 0.1.0
 */
export interface Violation {
  readonly invariant: string
  readonly message: string
}

// -------------------------------------------------------------------------------------
// checks
// -------------------------------------------------------------------------------------

const violation = (invariant: string, message: string): Violation => ({ invariant, message })

const batchText = (batch: StoredBatch): string =>
  `${batch.streamId}@${batch.fromVersion}..${batch.toVersion}`

/**
 * Checks a run's invariants, again and again as the run goes on; each check looks at what is
 * new since the last one (batches, acknowledgements, records, checkpoints).
 *
 * @category checks
 * @since 0.1.0
 */
export class InvariantChecker {
  private readonly index: LogIndex
  private readonly firstBatch = new Map<string, StoredBatch>()
  private checkedBatches = 0
  private checkedAcks = 0
  /** Each projection's checkpoint as last found to match the log. */
  private readonly matched = new Map<string, ProjectionCheckpoint>()

  constructor(private readonly system: SimulatedSystem) {
    this.index = new LogIndex(system.handlers)
  }

  /** The log as read so far. */
  get log(): ReadonlyArray<RecordedEvent> {
    return this.index.log
  }

  /**
   * Adds the records appended since the last check, then checks every invariant; at
   * quiescence, that each saga reacted to every event of the log too.
   */
  check(
    record: RunRecord,
    appended: ReadonlyArray<RecordedEvent>,
    checkpoints: ReadonlyMap<string, ProjectionCheckpoint | undefined>,
    quiescent: boolean,
  ): Violation | undefined {
    try {
      this.index.add(appended)
      return (
        this.commandsAppliedOnce(record) ??
        this.acknowledgedInLog(record) ??
        this.readModelsMatchLog(checkpoints) ??
        record.reactions.problem ??
        (quiescent ? record.reactions.complete(this.system, this.index.log) : undefined) ??
        this.userInvariants(checkpoints)
      )
    } catch (error) {
      return violation('logReadable', String(error))
    }
  }

  /** Every stored batch carries the id of a command sent, and no id has two batches. */
  private commandsAppliedOnce(record: RunRecord): Violation | undefined {
    const batches = record.batches
    for (; this.checkedBatches < batches.length; this.checkedBatches++) {
      const batch = batches[this.checkedBatches] as StoredBatch
      if (batch.commandId === undefined || !record.issued.has(batch.commandId))
        return violation(
          'commandsAppliedOnce',
          `${batch.component} stored ${batchText(batch)} under ${batch.commandId === undefined ? 'no command id' : `command id ${batch.commandId}, which no client or saga sent`}: a retry of it would apply it again`,
        )
      const first = this.firstBatch.get(batch.commandId)
      if (first !== undefined)
        return violation(
          'commandsAppliedOnce',
          `command ${batch.commandId} applied twice: ${batchText(first)} and ${batchText(batch)}`,
        )
      this.firstBatch.set(batch.commandId, batch)
    }
    return undefined
  }

  /**
   * Every acknowledged command's events are in the log once, as one run of its stream ending
   * at the version it returned (a command answered from its first run, or that appended
   * nothing, returns no events and has at most one run), and the state it returned is the fold
   * of the log up to that version.
   */
  private acknowledgedInLog(record: RunRecord): Violation | undefined {
    const acks = record.acknowledged
    for (; this.checkedAcks < acks.length; this.checkedAcks++) {
      const ack = acks[this.checkedAcks] as Acknowledgement
      const stored = this.index.recordsOf(ack.commandId)
      const count = ack.outcome.events.length
      const last = stored[stored.length - 1]
      const oneRun =
        last === undefined ||
        stored.every(
          (r, i) =>
            r.streamId === ack.streamId &&
            r.streamVersion === last.streamVersion - stored.length + 1 + i,
        )
      const inLog =
        count > 0
          ? stored.length === count && oneRun && last?.streamVersion === ack.outcome.version
          : oneRun && (last === undefined || last.streamVersion <= ack.outcome.version)
      if (!inLog)
        return violation(
          'acknowledgedInLog',
          `command ${ack.commandId} on ${ack.streamId} was acknowledged with ${count} event(s) at version ${ack.outcome.version}, but the log holds ${stored.length === 0 ? 'none of it' : stored.map((r) => `${r.streamId}@${r.streamVersion}`).join(', ')}`,
        )
      const states = this.index.statesOf(ack.handler, ack.streamId)
      const logState = states[ack.outcome.version]
      if (ack.outcome.version >= states.length || !deepEqual(logState, ack.outcome.state))
        return violation(
          'acknowledgedState',
          `command ${ack.commandId} on ${ack.streamId} returned version ${ack.outcome.version} with state ${stableJson(ack.outcome.state)}, but the log folds to ${stableJson(logState)} there`,
        )
    }
    return undefined
  }

  /** Every saved read model is the fold of the log up to its checkpoint. */
  private readModelsMatchLog(
    checkpoints: ReadonlyMap<string, ProjectionCheckpoint | undefined>,
  ): Violation | undefined {
    for (const projection of this.system.projections ?? []) {
      const saved = checkpoints.get(projection.name)
      if (saved === undefined || this.matched.get(projection.name) === saved) continue
      const log = this.index.log
      let end = 0
      while (end < log.length && (log[end] as RecordedEvent).globalPosition <= saved.position) end++
      const folded = applyRecords(projection, projection.view.initialState, log.slice(0, end))
      if (folded._tag === 'Left') return violation('readModelsMatchLog', stableJson(folded.left))
      // Compared as JSON (a field left undefined is as good as absent), only when it changed.
      const expected = projection.readModel.encode(folded.right)
      if (stableJson(expected) !== stableJson(saved.readModel))
        return violation(
          'readModelsMatchLog',
          `${projection.name} at checkpoint ${saved.position} holds ${stableJson(saved.readModel)}, the log folds to ${stableJson(expected)}`,
        )
      this.matched.set(projection.name, saved)
    }
    return undefined
  }

  private userInvariants(
    checkpoints: ReadonlyMap<string, ProjectionCheckpoint | undefined>,
  ): Violation | undefined {
    const invariants = this.system.invariants ?? []
    if (invariants.length === 0) return undefined
    const index = this.index
    const projections = this.system.projections ?? []
    const world: SimulatedWorld = {
      log: index.log,
      streamIds: index.streamIds(),
      state: <State>(handler: string, streamId: string) => {
        const states = index.statesOf(handler, streamId)
        return states[states.length - 1] as State
      },
      readModel: <ReadModel>(name: string) => {
        const projection = projections.find((p) => p.name === name)
        const saved = checkpoints.get(name)
        if (projection === undefined || saved === undefined) return undefined
        const decoded = projection.readModel.decode(saved.readModel)
        return decoded._tag === 'Right' ? (decoded.right as ReadModel) : undefined
      },
    }
    for (const invariant of invariants) {
      const result = invariant.holds(world)
      if (result !== true)
        return violation(
          invariant.name,
          typeof result === 'string' ? result : `${invariant.name} does not hold`,
        )
    }
    return undefined
  }
}

/**
 * Checks every invariant once, on a whole log (a run checks as it goes, with an
 * `InvariantChecker`).
 *
 * @category checks
 * @since 0.1.0
 */
export const checkInvariants = (
  system: SimulatedSystem,
  record: RunRecord,
  view: StoreView,
  options: { readonly quiescent: boolean },
): Violation | undefined =>
  new InvariantChecker(system).check(record, view.log, view.checkpoints, options.quiescent)
