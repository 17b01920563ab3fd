/**
 * What a simulation runs: a system of command handlers (one per decider, each with the client
 * commands it is sent), projections and sagas, the user's own invariants, the store adapter
 * underneath (memory by default) and the runtime face driving it.
 *
 * @since 0.1.0
 */
import type fc from 'fast-check'
import type { EventCodec } from '../../codec/EventCodec.js'
import type { RecordedEvent } from '../../codec/RecordedEvent.js'
import { commandHandler } from '../../runtime/CommandHandler.js'
import type { HandlerSettings } from '../../runtime/CommandModel.js'
import type { HandledDecider } from '../../runtime/CommandRun.js'
import type { Projection } from '../../runtime/Projections.js'
import type { CheckpointStore, EventStore, SnapshotStore } from '../../store/EventStore.js'
import type { HandlerUnderTest, SimulationRuntime } from './Runtime.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One client command: the stream it is sent to and the command.
 *
 * @category model
 * @since 0.1.0
 */
export interface Targeted<Command> {
  readonly streamId: string
  readonly command: Command
}

/**
 * A handler under simulation, with the client commands it is sent (types erased: build it
 * with `simulatedHandler`).
 *
 * @category model
 * @since 0.1.0
 */
export interface SimulatedHandler extends HandlerUnderTest {
  readonly commands: fc.Arbitrary<Targeted<unknown>>
}

/**
 * A command a saga issues: which handler handles it, on which stream.
 *
 * @category model
 * @since 0.1.0
 */
export interface SagaCommand {
  readonly handler: string
  readonly streamId: string
  readonly command: unknown
}

/**
 * A saga under simulation: the events it reads and the commands it issues for each (build it
 * with `simulatedSaga`). The runtime's saga runner runs it; its commands are handled with the
 * runner's command ids.
 *
 * @category model
 * @since 0.1.0
 */
export interface SimulatedSaga {
  readonly name: string
  readonly codec: EventCodec<unknown>
  readonly react: (event: unknown) => ReadonlyArray<SagaCommand>
}

/**
 * What a user invariant sees: the log, the state of any stream folded from it, and the read
 * model each projection saved with its checkpoint.
 *
 * @category model
 * @since 0.1.0
 */
export interface SimulatedWorld {
  readonly log: ReadonlyArray<RecordedEvent>
  /** The state of `streamId` folded from the log by handler `handler`'s decider. */
  readonly state: <State>(handler: string, streamId: string) => State
  /** The stream ids of the log, in order of first appearance. */
  readonly streamIds: ReadonlyArray<string>
  /** A projection's saved read model (undefined before its first checkpoint). */
  readonly readModel: <ReadModel>(projection: string) => ReadModel | undefined
}

/**
 * A user invariant, checked after every step and at quiescence: `holds` returns true, or
 * false (or a message saying what is wrong).
 *
 * @category model
 * @since 0.1.0
 */
export interface Invariant {
  readonly name: string
  readonly holds: (world: SimulatedWorld) => boolean | string
}

/**
 * A whole system under simulation.
 *
 * @category model
 * @since 0.1.0
 */
export interface SimulatedSystem {
  readonly handlers: ReadonlyArray<SimulatedHandler>
  readonly projections?: ReadonlyArray<Projection<unknown, unknown>>
  readonly sagas?: ReadonlyArray<SimulatedSaga>
  readonly invariants?: ReadonlyArray<Invariant>
  /** A fresh, empty store per run. Default: the memory adapter. */
  readonly store?: () => EventStore & Partial<SnapshotStore> & Partial<CheckpointStore>
  /** The runtime face that drives it. Default: `effectRuntime`. */
  readonly runtime?: SimulationRuntime
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A handler under simulation from a decider, its codec and an arbitrary of client commands:
 * the runtime's `commandHandler(decider, codec, settings)`.
 *
 * @example
 * import fc from 'fast-check'
 * import { simulatedHandler } from 'foldwise/testing'
 * import { lootInventory } from './src/examples/loot.js'
 * import { lootEventCodec } from './src/examples/loot.codec.js'
 * const handler = simulatedHandler('loot', lootInventory, lootEventCodec,
 *   fc.record({ streamId: fc.constant('inventory-ada'), command: fc.constant({ type: 'ClearInventory' as const }) }))
 * assert.strictEqual(handler.name, 'loot')
 *
 * @category constructors
 * @since 0.1.0
 */
export const simulatedHandler = <Command, State, Event, Rejection>(
  name: string,
  decider: HandledDecider<Command, State, Event, Rejection>,
  codec: EventCodec<Event>,
  commands: fc.Arbitrary<Targeted<Command>>,
  settings?: HandlerSettings<State>,
): SimulatedHandler => ({
  name,
  handler: commandHandler(decider, codec, settings) as unknown as SimulatedHandler['handler'],
  // The simulation hands each handler only the commands its own arbitrary made.
  decider: decider as unknown as HandledDecider<unknown, unknown, unknown, unknown>,
  codec: codec as EventCodec<unknown>,
  commands: commands as fc.Arbitrary<Targeted<unknown>>,
})

/**
 * A saga under simulation: for each event of `codec`, `react` names the commands to issue.
 *
 * @category constructors
 * @since 0.1.0
 */
export const simulatedSaga = <Event>(
  name: string,
  codec: EventCodec<Event>,
  react: (event: Event) => ReadonlyArray<SagaCommand>,
): SimulatedSaga => ({
  name,
  codec: codec as EventCodec<unknown>,
  react: react as (event: unknown) => ReadonlyArray<SagaCommand>,
})

/**
 * A projection with its types erased, for `SimulatedSystem.projections`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const simulatedProjection = <ReadModel, Event>(
  projection: Projection<ReadModel, Event>,
): Projection<unknown, unknown> => projection as unknown as Projection<unknown, unknown>
