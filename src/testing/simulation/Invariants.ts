/**
 * The invariants every simulated run is held to, after every step and at quiescence:
 * every batch in the log belongs to one command and no command applied twice; every
 * acknowledged command's events are in the log exactly once and its state is the fold of the
 * log up to its version; every read model equals the fold of the log up to its checkpoint;
 * each saga reaction is issued for every triggering event; and the user's own invariants.
 *
 * @since 0.1.0
 */
import type { RecordedEvent } from '../../codec/RecordedEvent.js'
import type { Outcome } from '../../runtime/CommandModel.js'
import { applyRecords } from '../../runtime/Projections.js'
import type { ProjectionCheckpoint } from '../../store/EventStore.js'
import { deepEqual } from '../deepEqual.js'
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
  /** Saga command id -> how many times it was dispatched. */
  readonly dispatched: ReadonlyMap<string, number>
  readonly batches: ReadonlyArray<StoredBatch>
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

interface FoldedWorld {
  readonly world: SimulatedWorld
  /** The states of a stream after 0, 1, ... of its events. */
  readonly statesOf: (handler: string, streamId: string) => ReadonlyArray<unknown>
}

/** The world a user invariant sees; states are folded once per stream and memoized. */
const foldWorld = (system: SimulatedSystem, view: StoreView): FoldedWorld => {
  const folded = new Map<string, ReadonlyArray<unknown>>()
  const byStream = new Map<string, Array<RecordedEvent>>()
  for (const record of view.log) {
    const list = byStream.get(record.streamId)
    if (list === undefined) byStream.set(record.streamId, [record])
    else list.push(record)
  }
  const states = (handlerName: string, streamId: string): ReadonlyArray<unknown> => {
    const key = `${handlerName}\u0000${streamId}`
    const known = folded.get(key)
    if (known !== undefined) return known
    const handler = system.handlers.find((h) => h.name === handlerName)
    if (handler === undefined) throw new Error(`no handler named ${handlerName}`)
    let state = handler.decider.initialState
    const out: Array<unknown> = [state]
    for (const record of byStream.get(streamId) ?? []) {
      const event = handler.codec.decode(record)
      if (event._tag === 'Left')
        throw new Error(`${streamId}@${record.streamVersion}: ${stableJson(event.left)}`)
      state = handler.decider.evolve(state, event.right)
      out.push(state)
    }
    folded.set(key, out)
    return out
  }
  const world: SimulatedWorld = {
    log: view.log,
    streamIds: Array.from(byStream.keys()),
    state: <State>(handler: string, streamId: string) => {
      const all = states(handler, streamId)
      return all[all.length - 1] as State
    },
    readModel: <ReadModel>(name: string) => {
      const projection = system.projections?.find((p) => p.name === name)
      const saved = view.checkpoints.get(name)
      if (projection === undefined || saved === undefined) return undefined
      const decoded = projection.readModel.decode(saved.readModel)
      return decoded._tag === 'Right' ? (decoded.right as ReadModel) : undefined
    },
  }
  return { world, statesOf: states }
}

const commandsAppliedOnce = (record: RunRecord): Violation | undefined => {
  const seen = new Map<string, StoredBatch>()
  for (const batch of record.batches) {
    if (batch.commandId === undefined || !record.issued.has(batch.commandId))
      return {
        invariant: 'commandsAppliedOnce',
        message: `${batch.component} stored ${batch.streamId}@${batch.fromVersion}..${batch.toVersion} under ${batch.commandId === undefined ? 'no command id' : `command id ${batch.commandId}, which no client or saga sent`}: a retry of it would apply it again`,
      }
    const first = seen.get(batch.commandId)
    if (first !== undefined)
      return {
        invariant: 'commandsAppliedOnce',
        message: `command ${batch.commandId} applied twice: ${first.streamId}@${first.fromVersion}..${first.toVersion} and ${batch.streamId}@${batch.fromVersion}..${batch.toVersion}`,
      }
    seen.set(batch.commandId, batch)
  }
  return undefined
}

const acknowledgedInLog = (
  record: RunRecord,
  statesOf: FoldedWorld['statesOf'],
  fromAck: number,
): Violation | undefined => {
  for (const ack of record.acknowledged.slice(fromAck)) {
    const batches = record.batches.filter((b) => b.commandId === ack.commandId)
    // A command that appended nothing (or was answered from its first run) has at most one.
    if (ack.outcome.events.length > 0 ? batches.length !== 1 : batches.length > 1)
      return {
        invariant: 'acknowledgedInLog',
        message: `command ${ack.commandId} was acknowledged with ${ack.outcome.events.length} event(s) but ${batches.length} batch(es) of it are in the log`,
      }
    const states = statesOf(ack.handler, ack.streamId)
    const logState = states[ack.outcome.version]
    if (ack.outcome.version >= states.length || !deepEqual(logState, ack.outcome.state))
      return {
        invariant: 'acknowledgedState',
        message: `command ${ack.commandId} on ${ack.streamId} returned version ${ack.outcome.version} with state ${stableJson(ack.outcome.state)}, but the log folds to ${stableJson(logState)} there`,
      }
  }
  return undefined
}

const readModelsMatchLog = (system: SimulatedSystem, view: StoreView): Violation | undefined => {
  for (const projection of system.projections ?? []) {
    const saved = view.checkpoints.get(projection.name)
    if (saved === undefined) continue
    const upTo = view.log.filter((r) => r.globalPosition <= saved.position)
    const folded = applyRecords(projection, projection.view.initialState, upTo)
    if (folded._tag === 'Left')
      return { invariant: 'readModelsMatchLog', message: stableJson(folded.left) }
    const expected = projection.readModel.encode(folded.right)
    if (stableJson(expected) !== stableJson(saved.readModel))
      return {
        invariant: 'readModelsMatchLog',
        message: `${projection.name} at checkpoint ${saved.position} holds ${stableJson(saved.readModel)}, the log folds to ${stableJson(expected)}`,
      }
  }
  return undefined
}

const sagasReactOnce = (
  system: SimulatedSystem,
  record: RunRecord,
  view: StoreView,
): Violation | undefined => {
  for (const saga of system.sagas ?? []) {
    for (const event of view.log) {
      const decoded = saga.codec.decode(event)
      if (decoded._tag === 'Left') continue
      const reactions = saga.react(decoded.right)
      for (let i = 0; i < reactions.length; i++) {
        const id = `${saga.name}:${event.eventId}:${i}`
        if ((record.dispatched.get(id) ?? 0) === 0)
          return {
            invariant: 'sagasReactOnce',
            message: `saga ${saga.name} never issued reaction ${i} to ${event.streamId}@${event.streamVersion} (${event.type})`,
          }
      }
    }
  }
  return undefined
}

const userInvariants = (system: SimulatedSystem, world: SimulatedWorld): Violation | undefined => {
  for (const invariant of system.invariants ?? []) {
    const result = invariant.holds(world)
    if (result !== true)
      return {
        invariant: invariant.name,
        message: typeof result === 'string' ? result : `${invariant.name} does not hold`,
      }
  }
  return undefined
}

/**
 * Checks every invariant on the store as it is now; acknowledgements before `fromAck` were
 * checked before (the log only grows). At quiescence, saga reactions are checked too.
 *
 * @category checks
 * @since 0.1.0
 */
export const checkInvariants = (
  system: SimulatedSystem,
  record: RunRecord,
  view: StoreView,
  options: { readonly fromAck: number; readonly quiescent: boolean },
): Violation | undefined => {
  try {
    const { world, statesOf } = foldWorld(system, view)
    return (
      commandsAppliedOnce(record) ??
      acknowledgedInLog(record, statesOf, options.fromAck) ??
      readModelsMatchLog(system, view) ??
      (options.quiescent ? sagasReactOnce(system, record, view) : undefined) ??
      userInvariants(system, world)
    )
  } catch (error) {
    return { invariant: 'logReadable', message: String(error) }
  }
}
