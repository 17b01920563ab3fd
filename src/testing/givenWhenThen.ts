/**
 * Given/when/then for deciders: given past events, when a command arrives, then these events
 * (or this rejection, or nothing) follow. Inputs are deep-frozen, so a decider that mutates them
 * fails with a `TypeError`; a wrong expectation throws a `DeciderAssertionError` whose
 * message shows expected and actual, and whose `expected`/`actual` give test runners a diff.
 *
 * @since 0.1.0
 */
import { isLeft } from 'fp-ts/lib/Either.js'
import type { Decider, Decision } from '../kernel/Decider.js'
import { DeciderAssertionError } from './AssertionError.js'
import { deepEqual } from './deepEqual.js'
import { deepFreeze } from './deepFreeze.js'
import { toSource } from './toSource.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The expectations that can follow `when(command)`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Then<State, Event, Rejection> {
  /** The command is accepted and `decide` returns exactly these events. */
  readonly then: (expected: ReadonlyArray<Event>) => Decision<State, Event>
  /** The command is rejected with exactly this rejection. */
  readonly thenRejects: (expected: Rejection) => Rejection
  /** The command is accepted and `decide` returns no events. */
  readonly thenNothingHappens: () => State
  /** The command is accepted and the state after its events equals `expected`. */
  readonly thenState: (expected: State) => Decision<State, Event>
}

/**
 * A history waiting for its command.
 *
 * @category model
 * @since 0.1.0
 */
export interface Given<Command, State, Event, Rejection> {
  /** The state the given events fold to. */
  readonly state: () => State
  readonly when: (command: Command) => Then<State, Event, Rejection>
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

type Outcome<State, Event, Rejection> =
  | { readonly _tag: 'Rejected'; readonly rejection: Rejection }
  | { readonly _tag: 'Accepted'; readonly events: ReadonlyArray<Event>; readonly state: State }

const indent = (value: unknown): string => `  ${toSource(value, '  ')}`

const describeOutcome = (outcome: Outcome<unknown, unknown, unknown>): string =>
  outcome._tag === 'Rejected'
    ? `but decide rejected the command with:\n${indent(outcome.rejection)}`
    : outcome.events.length === 0
      ? 'but decide accepted the command with no events'
      : `but decide returned the events:\n${indent(outcome.events)}`

const actualOf = (outcome: Outcome<unknown, unknown, unknown>): unknown =>
  outcome._tag === 'Rejected' ? { rejected: outcome.rejection } : outcome.events

/** Runs `fn`, turning a throw into an error that says which step threw. */
const attempt = <A>(step: string, fn: () => A): A => {
  try {
    return fn()
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    const hint =
      error instanceof TypeError ? ' (inputs are deep-frozen: does it mutate its input?)' : ''
    throw new Error(`${step} threw ${reason}${hint}`, { cause: error })
  }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Starts an example: the decider and the events already recorded (none by default).
 *
 * @example
 * import { given } from 'foldwise/testing'
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
 * given(wallet, [{ type: 'Withdrawn' as const, amount: 30 }])
 *   .when({ type: 'Withdraw', amount: 500 })
 *   .thenRejects({ _tag: 'InsufficientFunds', balance: 70 })
 *
 * @category constructors
 * @since 0.1.0
 */
export const given = <Command, State, Event, Rejection>(
  decider: Decider<Command, State, Event, Rejection>,
  events: ReadonlyArray<Event> = [],
): Given<Command, State, Event, Rejection> => {
  const history = deepFreeze(events)
  const state = (): State =>
    attempt('evolve, folding the given events,', () => {
      let current = deepFreeze(decider.initialState)
      for (const event of history) current = deepFreeze(decider.evolve(current, event))
      return current
    })
  const when = (command: Command): Then<State, Event, Rejection> => {
    const frozen = deepFreeze(command)
    const header = `given ${history.length} event${history.length === 1 ? '' : 's'}, when ${toSource(frozen)}`
    const run = (): Outcome<State, Event, Rejection> => {
      const before = state()
      const decided = attempt('decide', () => decider.decide(frozen, before))
      if (isLeft(decided)) return { _tag: 'Rejected', rejection: decided.left }
      const produced = deepFreeze(decided.right)
      const after = attempt('evolve, folding the new events,', () => {
        let current = before
        for (const event of produced) current = deepFreeze(decider.evolve(current, event))
        return current
      })
      return { _tag: 'Accepted', events: produced, state: after }
    }
    const expectAccepted = (
      outcome: Outcome<State, Event, Rejection>,
      expected: string,
      expectedValue: unknown,
    ): Decision<State, Event> => {
      if (outcome._tag === 'Accepted') return { events: outcome.events, state: outcome.state }
      throw new DeciderAssertionError(
        `${header}\n${expected}\n${describeOutcome(outcome)}`,
        expectedValue,
        actualOf(outcome),
      )
    }
    return {
      then: (expected) => {
        const outcome = run()
        const label = `expected the events:\n${indent(expected)}`
        const decision = expectAccepted(outcome, label, expected)
        if (!deepEqual(decision.events, expected)) {
          throw new DeciderAssertionError(
            `${header}\n${label}\n${describeOutcome(outcome)}`,
            expected,
            decision.events,
          )
        }
        return decision
      },
      thenRejects: (expected) => {
        const outcome = run()
        const label = `expected the rejection:\n${indent(expected)}`
        if (outcome._tag === 'Rejected' && deepEqual(outcome.rejection, expected)) {
          return outcome.rejection
        }
        throw new DeciderAssertionError(
          `${header}\n${label}\n${describeOutcome(outcome)}`,
          { rejected: expected },
          actualOf(outcome),
        )
      },
      thenNothingHappens: () => {
        const outcome = run()
        const label = 'expected no events'
        const decision = expectAccepted(outcome, label, [])
        if (decision.events.length > 0) {
          throw new DeciderAssertionError(
            `${header}\n${label}\n${describeOutcome(outcome)}`,
            [],
            decision.events,
          )
        }
        return decision.state
      },
      thenState: (expected) => {
        const outcome = run()
        const label = `expected the state:\n${indent(expected)}`
        const decision = expectAccepted(outcome, label, expected)
        if (!deepEqual(decision.state, expected)) {
          throw new DeciderAssertionError(
            `${header}\n${label}\nbut the state after the new events is:\n${indent(decision.state)}`,
            expected,
            decision.state,
          )
        }
        return decision
      },
    }
  }
  return { state, when }
}

/**
 * Binds `given` to one decider, for suites that test one decider throughout.
 *
 * @example
 * import { specFor } from 'foldwise/testing'
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
 * const { given } = specFor(wallet)
 * given([]).when({ type: 'Withdraw', amount: 500 }).thenRejects({ _tag: 'InsufficientFunds', balance: 100 })
 *
 * @category constructors
 * @since 0.1.0
 */
export const specFor = <Command, State, Event, Rejection>(
  decider: Decider<Command, State, Event, Rejection>,
): {
  readonly given: (events?: ReadonlyArray<Event>) => Given<Command, State, Event, Rejection>
} => ({ given: (events = []) => given(decider, events) })
