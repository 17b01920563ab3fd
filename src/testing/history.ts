/**
 * Reachable histories: run a list of commands through a decider, folding what `decide` accepts,
 * so every state met is one the decider can actually reach. Inputs and results are deep-frozen
 * as they go, and a throw from `decide` or `evolve` becomes a {@link LawViolation} that knows
 * which command caused it.
 *
 * @since 0.1.0
 */
import type { Either } from 'fp-ts/lib/Either.js'
import { isLeft } from 'fp-ts/lib/Either.js'
import type { Decider } from '../kernel/Decider.js'
import { deepFreeze } from './deepFreeze.js'
import { LawViolation } from './LawViolation.js'

/**
 * One command of a history: the state it met, what `decide` said and the state after.
 *
 * @category model
 * @since 0.1.0
 */
export interface HistoryStep<Command, State, Event, Rejection> {
  readonly command: Command
  /** Events recorded before this command. */
  readonly eventsBefore: ReadonlyArray<Event>
  readonly stateBefore: State
  readonly outcome: Either<Rejection, ReadonlyArray<Event>>
  readonly stateAfter: State
}

/**
 * A run of commands: each step, every event accepted, and the final state.
 *
 * @category model
 * @since 0.1.0
 */
export interface History<Command, State, Event, Rejection> {
  readonly steps: ReadonlyArray<HistoryStep<Command, State, Event, Rejection>>
  readonly events: ReadonlyArray<Event>
  readonly finalState: State
}

const describeThrow = (what: string, error: unknown): string => {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  const hint =
    error instanceof TypeError
      ? ' (inputs are deep-frozen, so this is likely a mutation of the state, event or command)'
      : ''
  return `${what} threw ${reason}${hint}`
}

/**
 * Folds events from a state, freezing each state, and reporting a throw from `evolve` against
 * the command whose events were being folded.
 *
 * @category folding
 * @since 0.1.0
 */
export const foldFrozen = <Command, State, Event>(
  decider: { readonly evolve: (state: State, event: Event) => State },
  state: State,
  events: ReadonlyArray<Event>,
  blame: {
    readonly eventsBefore: ReadonlyArray<Event>
    readonly command: Command | undefined
    readonly observed?: Either<unknown, ReadonlyArray<Event>>
  },
): State => {
  let current = deepFreeze(state)
  for (const event of events) {
    try {
      current = deepFreeze(decider.evolve(current, deepFreeze(event)))
    } catch (error) {
      throw new LawViolation(
        describeThrow('evolve', error),
        blame.eventsBefore,
        blame.command,
        blame.observed,
        { cause: error },
      )
    }
  }
  return current
}

/**
 * Calls `decide`, freezing its inputs and output and reporting a throw against the command.
 *
 * @category folding
 * @since 0.1.0
 */
export const decideFrozen = <Command, State, Event, Rejection>(
  decider: Decider<Command, State, Event, Rejection>,
  command: Command,
  state: State,
  eventsBefore: ReadonlyArray<Event>,
): Either<Rejection, ReadonlyArray<Event>> => {
  try {
    return deepFreeze(decider.decide(deepFreeze(command), deepFreeze(state)))
  } catch (error) {
    throw new LawViolation(describeThrow('decide', error), eventsBefore, command, undefined, {
      cause: error,
    })
  }
}

/**
 * Runs commands from the decider's initial state, keeping every step. `observe` sees the
 * initial state and the state after each command at the moment it is reached (to snapshot it
 * before any later mutation could change it).
 *
 * @category folding
 * @since 0.1.0
 */
export const runCommands = <Command, State, Event, Rejection>(
  decider: Decider<Command, State, Event, Rejection>,
  commands: ReadonlyArray<Command>,
  observe?: (state: State) => void,
): History<Command, State, Event, Rejection> => {
  const steps: Array<HistoryStep<Command, State, Event, Rejection>> = []
  const events: Array<Event> = []
  let state = foldFrozen(decider, decider.initialState, [], {
    eventsBefore: [],
    command: undefined,
  })
  observe?.(state)
  for (const command of commands) {
    const eventsBefore = events.slice()
    const outcome = decideFrozen(decider, command, state, eventsBefore)
    const stateAfter = isLeft(outcome)
      ? state
      : foldFrozen(decider, state, outcome.right, { eventsBefore, command, observed: outcome })
    if (!isLeft(outcome)) events.push(...outcome.right)
    steps.push({ command, eventsBefore, stateBefore: state, outcome, stateAfter })
    state = stateAfter
    observe?.(state)
  }
  return { steps, events, finalState: state }
}
