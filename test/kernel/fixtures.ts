/**
 * Small deciders with disjoint command and event types, for the combinator laws: a counter
 * (terminal when full), a switch (terminal when broken) and a log (never terminal). Each rejects
 * some commands, so the laws see rejections as well as events.
 */
import type { Either } from 'fp-ts/lib/Either.js'
import { isLeft, left, right } from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import type { Decider } from '../../src/index.js'
import { routeByType } from '../../src/index.js'

// counter ------------------------------------------------------------------------------

export type CounterCommand =
  { readonly type: 'Increment'; readonly by: number } | { readonly type: 'Reset' }
export type CounterEvent =
  { readonly type: 'Incremented'; readonly by: number } | { readonly type: 'WasReset' }
export type CounterRejection =
  { readonly _tag: 'NotPositive'; readonly by: number } | { readonly _tag: 'Full' }

export const counter: Decider<CounterCommand, number, CounterEvent, CounterRejection> = {
  initialState: 0,
  decide: (command, total) => {
    if (total >= 100) return left({ _tag: 'Full' })
    if (command.type === 'Reset') return right(total === 0 ? [] : [{ type: 'WasReset' }])
    return command.by > 0
      ? right([{ type: 'Incremented', by: command.by }])
      : left({ _tag: 'NotPositive', by: command.by })
  },
  evolve: (total, event) => (event.type === 'WasReset' ? 0 : total + event.by),
  isTerminal: (total) => total >= 100,
}

// switch -------------------------------------------------------------------------------

export type SwitchCommand =
  { readonly type: 'Flip'; readonly on: boolean } | { readonly type: 'Break' }
export type SwitchEvent =
  { readonly type: 'SwitchedOn' } | { readonly type: 'SwitchedOff' } | { readonly type: 'Broken' }
export type SwitchState = { readonly on: boolean; readonly broken: boolean }
export type SwitchRejection = { readonly _tag: 'AlreadyThere' } | { readonly _tag: 'IsBroken' }

export const lightSwitch: Decider<SwitchCommand, SwitchState, SwitchEvent, SwitchRejection> = {
  initialState: { on: false, broken: false },
  decide: (command, state) => {
    if (state.broken) return left({ _tag: 'IsBroken' })
    if (command.type === 'Break') return right([{ type: 'SwitchedOff' }, { type: 'Broken' }])
    if (command.on === state.on) return left({ _tag: 'AlreadyThere' })
    return right([{ type: command.on ? 'SwitchedOn' : 'SwitchedOff' }])
  },
  evolve: (state, event) =>
    event.type === 'Broken'
      ? { on: state.on, broken: true }
      : { on: event.type === 'SwitchedOn', broken: state.broken },
  isTerminal: (state) => state.broken,
}

// log ----------------------------------------------------------------------------------

export type LogCommand = { readonly type: 'Append'; readonly text: string }
export type LogEvent = { readonly type: 'Appended'; readonly text: string }
export type LogRejection = { readonly _tag: 'EmptyText' }

export const log: Decider<LogCommand, ReadonlyArray<string>, LogEvent, LogRejection> = {
  initialState: [],
  decide: (command) =>
    command.text === ''
      ? left({ _tag: 'EmptyText' })
      : right([{ type: 'Appended', text: command.text }]),
  evolve: (lines, event) => [...lines, event.text],
}

// routes -------------------------------------------------------------------------------

export const counterRoute = routeByType(counter, {
  commands: { Increment: true, Reset: true },
  events: { Incremented: true, WasReset: true },
})
export const switchRoute = routeByType(lightSwitch, {
  commands: { Flip: true, Break: true },
  events: { SwitchedOn: true, SwitchedOff: true, Broken: true },
})

// arbitraries --------------------------------------------------------------------------

export const counterCommand: fc.Arbitrary<CounterCommand> = fc.oneof(
  fc.record({ type: fc.constant('Increment' as const), by: fc.integer({ min: -3, max: 40 }) }),
  fc.constant({ type: 'Reset' as const }),
)
export const counterEvent: fc.Arbitrary<CounterEvent> = fc.oneof(
  fc.record({ type: fc.constant('Incremented' as const), by: fc.integer({ min: 1, max: 40 }) }),
  fc.constant({ type: 'WasReset' as const }),
)
export const switchCommand: fc.Arbitrary<SwitchCommand> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ type: fc.constant('Flip' as const), on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ type: 'Break' as const }) },
)
export const switchEvent: fc.Arbitrary<SwitchEvent> = fc.constantFrom<SwitchEvent>(
  { type: 'SwitchedOn' },
  { type: 'SwitchedOff' },
  { type: 'Broken' },
)
export const logCommand: fc.Arbitrary<LogCommand> = fc.record({
  type: fc.constant('Append' as const),
  text: fc.string({ maxLength: 3 }),
})
export const logEvent: fc.Arbitrary<LogEvent> = fc.record({
  type: fc.constant('Appended' as const),
  text: fc.string({ minLength: 1, maxLength: 3 }),
})

// running ------------------------------------------------------------------------------

/** What a decider does with a list of commands: each decision, each state after it. */
export interface Run<State, Event, Rejection> {
  readonly decisions: ReadonlyArray<Either<Rejection, ReadonlyArray<Event>>>
  readonly states: ReadonlyArray<State>
  readonly terminal: ReadonlyArray<boolean | undefined>
}

/** Decides each command on the current state and evolves what was decided. */
export const runCommands = <Command, State, Event, Rejection>(
  decider: Decider<Command, State, Event, Rejection>,
  commands: ReadonlyArray<Command>,
): Run<State, Event, Rejection> => {
  const decisions: Array<Either<Rejection, ReadonlyArray<Event>>> = []
  const states: Array<State> = []
  const terminal: Array<boolean | undefined> = []
  let state = decider.initialState
  for (const command of commands) {
    const decided = decider.decide(command, state)
    decisions.push(decided)
    if (!isLeft(decided)) for (const event of decided.right) state = decider.evolve(state, event)
    states.push(state)
    terminal.push(decider.isTerminal?.(state))
  }
  return { decisions, states, terminal }
}
