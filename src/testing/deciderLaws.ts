/**
 * Property laws a user runs on their own decider, given an arbitrary of commands. Histories are
 * built by generating commands and folding what `decide` accepts, so only reachable states are
 * tested. A broken law throws a {@link LawViolation} that fast-check shrinks; `check` (and
 * {@link checkDeciderLaws}) then report the shrunk history as a ready-to-paste given/when/then
 * test.
 *
 * @since 0.1.0
 */
import * as fc from 'fast-check'
import type { Either } from 'fp-ts/lib/Either.js'
import { isLeft } from 'fp-ts/lib/Either.js'
import type { Decider } from '../kernel/Decider.js'
import { deepEqual } from './deepEqual.js'
import { DeciderLawError } from './DeciderLawError.js'
import type { History } from './history.js'
import { decideFrozen, foldFrozen, runCommands } from './history.js'
import { LawViolation } from './LawViolation.js'
import { toSource } from './toSource.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The laws, by name.
 *
 * @category model
 * @since 0.1.0
 */
export type DeciderLawName =
  | 'replayDeterminism'
  | 'splitFold'
  | 'decideNeverThrows'
  | 'terminalStatesAcceptNoEvents'
  | 'invariantHolds'

/**
 * Each law stated as a sentence, fit for a test name.
 *
 * @category model
 * @since 0.1.0
 */
export const deciderLawStatements: Readonly<Record<DeciderLawName, string>> = {
  replayDeterminism:
    'replaying the same history twice gives deep-equal decisions and states (inputs frozen)',
  splitFold:
    "folding a split history (prefix, then suffix from the prefix's state) equals folding the whole",
  decideNeverThrows: 'decide and evolve never throw, for any command in any reachable state',
  terminalStatesAcceptNoEvents: 'a terminal state accepts no further events',
  invariantHolds: 'the invariant holds in every reachable state',
}

/**
 * What the laws need besides the decider.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface DeciderLawOptions<Command, State> {
  /** Commands to build histories from; bias them towards valid ones so histories grow deep. */
  readonly commands: fc.Arbitrary<Command>
  /** A property every reachable state must keep. */
  readonly invariant?: (state: State) => boolean
  /** The longest history, in commands (default 50). */
  readonly maxCommands?: number
  /** The decider's name as it should appear in the given/when/then snippet (default `decider`). */
  readonly name?: string
}

/**
 * The input of every law: the commands of a history and a number that picks a split point.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export type DeciderLawInput<Command> = [commands: ReadonlyArray<Command>, split: number]

/**
 * One law: its name, its statement, the fast-check property, and `check` to run it with a
 * readable report.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface DeciderLaw<Command> {
  readonly name: DeciderLawName
  readonly statement: string
  readonly property: fc.IPropertyWithHooks<DeciderLawInput<Command>>
  /** Runs the property; throws a {@link DeciderLawError} with the snippet when it fails. */
  readonly check: (parameters?: fc.Parameters<DeciderLawInput<Command>>) => void
}

// -------------------------------------------------------------------------------------
// reachable states
// -------------------------------------------------------------------------------------

interface Reachable<Command, State, Event, Rejection> {
  readonly events: ReadonlyArray<Event>
  readonly state: State
  /** The step that led here; absent for the initial state. */
  readonly via?: {
    readonly eventsBefore: ReadonlyArray<Event>
    readonly command: Command
    readonly outcome: Either<Rejection, ReadonlyArray<Event>>
  }
}

const reachableStates = <Command, State, Event, Rejection>(
  initialState: State,
  history: History<Command, State, Event, Rejection>,
): ReadonlyArray<Reachable<Command, State, Event, Rejection>> => {
  const states: Array<Reachable<Command, State, Event, Rejection>> = [
    { events: [], state: initialState },
  ]
  let count = 0
  for (const step of history.steps) {
    if (isLeft(step.outcome) || step.outcome.right.length === 0) continue
    count += step.outcome.right.length
    states.push({
      events: history.events.slice(0, count),
      state: step.stateAfter,
      via: { eventsBefore: step.eventsBefore, command: step.command, outcome: step.outcome },
    })
  }
  return states
}

const violationAt = <Command, State, Event, Rejection>(
  reason: string,
  at: Reachable<Command, State, Event, Rejection>,
): LawViolation =>
  at.via === undefined
    ? new LawViolation(reason, [], undefined)
    : new LawViolation(reason, at.via.eventsBefore, at.via.command, at.via.outcome)

const show = (value: unknown): string => toSource(value, '  ')

// -------------------------------------------------------------------------------------
// the laws
// -------------------------------------------------------------------------------------

type Predicate<Command> = (commands: ReadonlyArray<Command>, split: number) => void

const replayDeterminism =
  <Command, State, Event, Rejection>(
    decider: Decider<Command, State, Event, Rejection>,
  ): Predicate<Command> =>
  (commands) => {
    // States are compared as snapshots taken when reached: a state that shares a mutable
    // object (a Map, say) with a later one would otherwise be compared with itself.
    const snapshotsOf = (): [History<Command, State, Event, Rejection>, Array<string>] => {
      const snapshots: Array<string> = []
      const history = runCommands(decider, commands, (state) => snapshots.push(show(state)))
      return [history, snapshots]
    }
    const [first, firstStates] = snapshotsOf()
    const [second, secondStates] = snapshotsOf()
    if (firstStates[0] !== secondStates[0]) {
      throw new LawViolation(
        `the initial state changed while the first history was folded (is it mutated?):\n  before: ${firstStates[0]}\n  after:  ${secondStates[0]}`,
        [],
        commands[0],
        first.steps[0]?.outcome,
      )
    }
    for (let i = 0; i < first.steps.length; i++) {
      const a = first.steps[i]
      const b = second.steps[i]
      if (a === undefined || b === undefined) break
      if (!deepEqual(a.outcome, b.outcome)) {
        throw new LawViolation(
          `decide gave two different answers to the same command in the same state:\n  first:  ${show(a.outcome)}\n  second: ${show(b.outcome)}`,
          a.eventsBefore,
          a.command,
          a.outcome,
        )
      }
      if (firstStates[i + 1] !== secondStates[i + 1]) {
        throw new LawViolation(
          `folding the same events twice gave different states:\n  first:  ${firstStates[i + 1]}\n  second: ${secondStates[i + 1]}`,
          a.eventsBefore,
          a.command,
          a.outcome,
        )
      }
    }
    const replayed = foldFrozen(decider, decider.initialState, first.events, {
      eventsBefore: first.events,
      command: undefined,
    })
    const final = firstStates[firstStates.length - 1]
    if (show(replayed) !== final) {
      throw new LawViolation(
        `folding the recorded events again gave a different state:\n  while deciding: ${final}\n  on replay:      ${show(replayed)}`,
        first.events,
        undefined,
      )
    }
  }

const splitFold =
  <Command, State, Event, Rejection>(
    decider: Decider<Command, State, Event, Rejection>,
  ): Predicate<Command> =>
  (commands, split) => {
    const { events } = runCommands(decider, commands)
    const at = split % (events.length + 1)
    const blame = { eventsBefore: events, command: undefined }
    const whole = foldFrozen(decider, decider.initialState, events, blame)
    const prefix = foldFrozen(decider, decider.initialState, events.slice(0, at), blame)
    const resumed = foldFrozen(decider, prefix, events.slice(at), blame)
    if (!deepEqual(resumed, whole)) {
      throw new LawViolation(
        `folding the first ${at} of ${events.length} events, then the rest from that state, differs from folding all of them:\n  whole: ${show(whole)}\n  split: ${show(resumed)}`,
        events,
        undefined,
      )
    }
  }

const decideNeverThrows =
  <Command, State, Event, Rejection>(
    decider: Decider<Command, State, Event, Rejection>,
  ): Predicate<Command> =>
  (commands) => {
    // runCommands and decideFrozen turn a throw into a LawViolation naming the command.
    const history = runCommands(decider, commands)
    for (const at of reachableStates(decider.initialState, history)) {
      for (const command of commands) decideFrozen(decider, command, at.state, at.events)
    }
  }

const terminalStatesAcceptNoEvents =
  <Command, State, Event, Rejection>(
    decider: Decider<Command, State, Event, Rejection>,
    isTerminal: (state: State) => boolean,
  ): Predicate<Command> =>
  (commands) => {
    const history = runCommands(decider, commands)
    for (const at of reachableStates(decider.initialState, history)) {
      if (!isTerminal(at.state)) continue
      for (const command of commands) {
        const outcome = decideFrozen(decider, command, at.state, at.events)
        if (!isLeft(outcome) && outcome.right.length > 0) {
          throw new LawViolation(
            `the state is terminal, yet decide accepted a command with events:\n  state:  ${show(at.state)}\n  events: ${show(outcome.right)}`,
            at.events,
            command,
            outcome,
          )
        }
      }
    }
  }

const invariantHolds =
  <Command, State, Event, Rejection>(
    decider: Decider<Command, State, Event, Rejection>,
    invariant: (state: State) => boolean,
  ): Predicate<Command> =>
  (commands) => {
    const history = runCommands(decider, commands)
    for (const at of reachableStates(decider.initialState, history)) {
      let holds: boolean
      try {
        holds = invariant(at.state)
      } catch (error) {
        throw violationAt(`the invariant threw ${String(error)} on ${show(at.state)}`, at)
      }
      if (!holds) throw violationAt(`the invariant does not hold in:\n  ${show(at.state)}`, at)
    }
  }

// -------------------------------------------------------------------------------------
// running
// -------------------------------------------------------------------------------------

const report = <Command>(
  name: DeciderLawName,
  deciderName: string,
  details: fc.RunDetails<DeciderLawInput<Command>>,
): DeciderLawError => {
  const statement = deciderLawStatements[name]
  const error = details.errorInstance
  const commands = details.counterexample?.[0] ?? []
  const reason =
    error instanceof LawViolation
      ? error.reason
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : details.interrupted
          ? 'the run was interrupted'
          : String(error)
  const snippet = error instanceof LawViolation ? error.snippet(deciderName) : undefined
  const lines = [
    `Law broken: ${statement} (${name})`,
    reason,
    '',
    `After ${details.numRuns} run(s) and ${details.numShrinks} shrink(s), the smallest failing history has ${commands.length} command(s).`,
  ]
  if (snippet !== undefined) lines.push('Reproduce it as an example test:', '', snippet, '')
  lines.push(
    `Commands of the history: ${toSource(commands)}`,
    `Replay with { seed: ${details.seed}, path: '${details.counterexamplePath ?? ''}', endOnFailure: true }`,
  )
  return new DeciderLawError(lines.join('\n'), {
    law: name,
    snippet,
    commands,
    seed: details.seed,
    path: details.counterexamplePath ?? undefined,
    cause: error,
  })
}

/**
 * The laws that apply to a decider: determinism, split fold and no throwing always; the terminal
 * law when the decider has `isTerminal`; the invariant law when an invariant is given.
 *
 * @example
 * import * as fc from 'fast-check'
 * import { deciderLaws } from 'foldwise/testing'
 * import { left, right } from 'fp-ts/lib/Either.js'
 * import type { Decider } from 'foldwise'
 * type Withdraw = { readonly type: 'Withdraw'; readonly amount: number }
 * type Withdrawn = { readonly type: 'Withdrawn'; readonly amount: number }
 * type InsufficientFunds = { readonly _tag: 'InsufficientFunds'; readonly balance: number }
 * const wallet: Decider<Withdraw, number, Withdrawn, InsufficientFunds> = {
 *   initialState: 100,
 *   decide: (c, balance) =>
 *     c.amount > balance ? left({ _tag: 'InsufficientFunds', balance }) : right([{ type: 'Withdrawn', amount: c.amount }]),
 *   evolve: (balance, e) => balance - e.amount,
 * }
 * const commands = fc.record({ type: fc.constant('Withdraw' as const), amount: fc.integer({ min: 0, max: 200 }) })
 * const laws = deciderLaws(wallet, { commands, invariant: (balance) => balance >= 0 })
 * assert.ok(laws.length >= 4)
 * for (const law of laws) law.check({ numRuns: 20 })
 *
 * @category laws
 * @since 0.1.0
 */
export const deciderLaws = <Command, State, Event, Rejection>(
  decider: Decider<Command, State, Event, Rejection>,
  options: DeciderLawOptions<Command, State>,
): ReadonlyArray<DeciderLaw<Command>> => {
  // size 'max' spreads lengths up to maxCommands: fast-check's default size keeps arrays short.
  const input: fc.Arbitrary<ReadonlyArray<Command>> = fc.array(options.commands, {
    maxLength: options.maxCommands ?? 50,
    size: 'max',
  })
  const predicates: Array<readonly [DeciderLawName, Predicate<Command>]> = [
    ['replayDeterminism', replayDeterminism(decider)],
    ['splitFold', splitFold(decider)],
    ['decideNeverThrows', decideNeverThrows(decider)],
  ]
  const isTerminal = decider.isTerminal
  if (isTerminal !== undefined) {
    predicates.push([
      'terminalStatesAcceptNoEvents',
      terminalStatesAcceptNoEvents(decider, isTerminal),
    ])
  }
  if (options.invariant !== undefined) {
    predicates.push(['invariantHolds', invariantHolds(decider, options.invariant)])
  }
  return predicates.map(([name, predicate]): DeciderLaw<Command> => {
    const property = fc.property(input, fc.nat(), (commands, split) => predicate(commands, split))
    return {
      name,
      statement: deciderLawStatements[name],
      property,
      check: (parameters) => {
        const details = fc.check(property, parameters ?? {})
        if (details.failed) throw report(name, options.name ?? 'decider', details)
      },
    }
  })
}

/**
 * Runs every law that applies to the decider; throws a {@link DeciderLawError} for the first
 * one broken.
 *
 * @category laws
 * @since 0.1.0
 */
export const checkDeciderLaws = <Command, State, Event, Rejection>(
  decider: Decider<Command, State, Event, Rejection>,
  options: DeciderLawOptions<Command, State>,
  parameters?: fc.Parameters<DeciderLawInput<Command>>,
): void => {
  for (const law of deciderLaws(decider, options)) law.check(parameters)
}
