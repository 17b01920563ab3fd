/**
 * One command run as one record: the store, the decider and its codec, the stream, the
 * command, its options, the handler's settings, and what the run draws ids and time from.
 * Every step of the pipeline (Pipeline.ts) takes this record, so no step has a list of
 * positional arguments to get out of order. It is built with explicit fields, so every run has
 * one shape.
 *
 * @since 0.1.0
 */
import type { Clock } from 'effect'
import type { EventCodec } from '../codec/EventCodec.js'
import type { Decider } from '../kernel/Decider.js'
import type { CommandOptions, ResolvedSettings } from './CommandModel.js'
import type { IdGeneratorShape, RuntimeStore } from './services.js'
import type { StateCache } from './StateCache.js'

/**
 * What the runtime needs of a decider: the kernel's `Decider` without `isTerminal`.
 *
 * @category model
 * @since 0.1.0
 */
export type HandledDecider<Command, State, Event, Rejection> = Pick<
  Decider<Command, State, Event, Rejection>,
  'initialState' | 'decide' | 'evolve'
>

/**
 * One command run.
 *
 * @category model
 * @since 0.1.0
 */
export interface CommandRun<Command, State, Event, Rejection> {
  readonly store: RuntimeStore
  readonly decider: HandledDecider<Command, State, Event, Rejection>
  readonly codec: EventCodec<Event>
  readonly settings: ResolvedSettings<State>
  readonly cache: StateCache<State>
  readonly streamId: string
  readonly command: Command
  readonly options: CommandOptions
  readonly ids: IdGeneratorShape
  readonly clock: Clock.Clock
  /** Spans reach a tracing backend: load, decide and append are wrapped in spans. */
  readonly traced: boolean
}

/**
 * The record of one command run.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makeCommandRun = <Command, State, Event, Rejection>(
  store: RuntimeStore,
  decider: HandledDecider<Command, State, Event, Rejection>,
  codec: EventCodec<Event>,
  settings: ResolvedSettings<State>,
  streamId: string,
  command: Command,
  options: CommandOptions,
  ids: IdGeneratorShape,
  clock: Clock.Clock,
  traced: boolean,
): CommandRun<Command, State, Event, Rejection> => ({
  store,
  decider,
  codec,
  settings,
  cache: store.cacheFor<State>(decider, settings.cacheSize),
  streamId,
  command,
  options,
  ids,
  clock,
  traced,
})
