import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Decider } from '../../src/index.js'
import type { Typed } from '../../src/kernel/combine.js'
import { allToLeft, allToRight } from '../../src/kernel/combine.js'
import { combine, fold, neutral, routeByType } from '../../src/index.js'
import type {
  CounterCommand,
  CounterEvent,
  LogCommand,
  LogEvent,
  LogRejection,
} from './fixtures.js'
import {
  counter,
  counterCommand,
  counterEvent,
  counterRoute,
  lightSwitch,
  log,
  logCommand,
  logEvent,
  runCommands,
  switchCommand,
  switchEvent,
  switchRoute,
} from './fixtures.js'

const boundedLog: Decider<LogCommand, ReadonlyArray<string>, LogEvent, LogRejection> = {
  initialState: log.initialState,
  decide: log.decide,
  evolve: log.evolve,
  isTerminal: (lines) => lines.length >= 3,
}

const reassociate = <X, Y, Z>([[x, y], z]: readonly [readonly [X, Y], Z]): readonly [
  X,
  readonly [Y, Z],
] => [x, [y, z]]

const leftNested = <C extends Typed, S, E extends Typed, R>(third: Decider<C, S, E, R>) => {
  const ab = combine(counter, lightSwitch, counterRoute)
  const abRoute = routeByType(ab, {
    commands: { Increment: true, Reset: true, Flip: true, Break: true },
    events: {
      Incremented: true,
      WasReset: true,
      SwitchedOn: true,
      SwitchedOff: true,
      Broken: true,
    },
  })
  return combine(ab, third, abRoute)
}
const rightNested = <C extends Typed, S, E extends Typed, R>(third: Decider<C, S, E, R>) =>
  combine(counter, combine(lightSwitch, third, switchRoute), counterRoute)

const anyCommand = fc.oneof(counterCommand, switchCommand, logCommand)
const anyEvent = fc.oneof(counterEvent, switchEvent, logEvent)

describe('combine', () => {
  it('is associative: (a+b)+c and a+(b+c) decide alike and their states correspond by re-association', () => {
    const abc1 = leftNested(log)
    const abc2 = rightNested(log)
    expect(abc2.initialState).toEqual(reassociate(abc1.initialState))
    fc.assert(
      fc.property(fc.array(anyCommand, { maxLength: 40 }), (commands) => {
        const run1 = runCommands(abc1, commands)
        const run2 = runCommands(abc2, commands)
        expect(run2.decisions).toEqual(run1.decisions)
        expect(run2.states).toEqual(run1.states.map(reassociate))
      }),
    )
  })

  it('is associative: folding any history through (a+b)+c and a+(b+c) gives re-associated states', () => {
    const abc1 = leftNested(log)
    const abc2 = rightNested(log)
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 60 }), (events) => {
        expect(fold(abc2)(events)).toEqual(reassociate(fold(abc1)(events)))
      }),
    )
  })

  it('is associative on isTerminal: (a+b)+c is terminal exactly when a+(b+c) is', () => {
    const abc1 = leftNested(boundedLog)
    const abc2 = rightNested(boundedLog)
    expect(abc1.isTerminal).toBeDefined()
    expect(abc2.isTerminal).toBeDefined()
    fc.assert(
      fc.property(fc.array(anyCommand, { maxLength: 60 }), (commands) => {
        expect(runCommands(abc2, commands).terminal).toEqual(runCommands(abc1, commands).terminal)
      }),
    )
  })

  it('has neutral as left identity: neutral+d decides as d, with states [null, s] <-> s', () => {
    for (const d of [counter, log] as const) {
      const withNeutral = combine(
        neutral,
        d as Decider<unknown, unknown, unknown, unknown>,
        allToRight<unknown, unknown>(),
      )
      expect(withNeutral.isTerminal === undefined).toBe(d.isTerminal === undefined)
    }
    const nc = combine(neutral, counter, allToRight<CounterCommand, CounterEvent>())
    expect(nc.initialState).toEqual([null, counter.initialState])
    fc.assert(
      fc.property(fc.array(counterCommand, { maxLength: 40 }), (commands) => {
        const alone = runCommands(counter, commands)
        const combined = runCommands(nc, commands)
        expect(combined.decisions).toEqual(alone.decisions)
        expect(combined.states.map(([, s]) => s)).toEqual(alone.states)
        expect(combined.states.every(([n]) => n === null)).toBe(true)
        expect(combined.terminal).toEqual(alone.terminal)
      }),
    )
  })

  it('has neutral as right identity: d+neutral decides as d, with states [s, null] <-> s', () => {
    const cn = combine(counter, neutral, allToLeft<CounterCommand, CounterEvent>())
    const ln = combine(log, neutral, allToLeft<LogCommand, LogEvent>())
    expect(ln.isTerminal).toBeUndefined()
    fc.assert(
      fc.property(fc.array(counterCommand, { maxLength: 40 }), (commands) => {
        const alone = runCommands(counter, commands)
        const combined = runCommands(cn, commands)
        expect(combined.decisions).toEqual(alone.decisions)
        expect(combined.states.map(([s]) => s)).toEqual(alone.states)
        expect(combined.terminal).toEqual(alone.terminal)
      }),
    )
  })

  it('routes: each half of a combined fold is the fold of its own decider over its own events', () => {
    const both = combine(counter, log, counterRoute)
    fc.assert(
      fc.property(fc.array(fc.oneof(counterEvent, logEvent), { maxLength: 60 }), (events) => {
        const [total, lines] = fold(both)(events)
        expect(total).toBe(fold(counter)(events.filter((e) => e.type !== 'Appended') as never))
        expect(lines).toEqual(fold(log)(events.filter((e) => e.type === 'Appended') as never))
      }),
    )
  })

  it('allocates no new pair when an event leaves the state as it was', () => {
    const both = combine(counter, log, counterRoute)
    const state = both.initialState
    expect(both.evolve(state, { type: 'Incremented', by: 0 })).toBe(state)
    expect(both.evolve(state, { type: 'Incremented', by: 1 })).not.toBe(state)
  })

  it('returns rejections as values: a command the owning side refuses comes back as Left', () => {
    const both = combine(counter, log, counterRoute)
    expect(both.decide({ type: 'Append', text: '' }, both.initialState)).toEqual({
      _tag: 'Left',
      left: { _tag: 'EmptyText' },
    })
  })
})

describe('routeByType', () => {
  it('requires every command and event type of the left decider, and nothing else (checked by the compiler)', () => {
    const commands = { Increment: true, Reset: true } as const
    const events = { Incremented: true, WasReset: true } as const
    // @ts-expect-error a command type is missing
    routeByType(counter, { commands: { Increment: true }, events })
    // @ts-expect-error an event type is missing
    routeByType(counter, { commands, events: { Incremented: true } })
    // @ts-expect-error a type the decider does not own
    routeByType(counter, { commands: { Increment: true, Reset: true, Flip: true }, events })
    const route = routeByType(counter, { commands, events })
    expect(route.isLeftCommand({ type: 'Reset' })).toBe(true)
    expect(route.isLeftCommand({ type: 'Flip' } as never)).toBe(false)
    expect(route.isLeftEvent({ type: 'toString' } as never)).toBe(false)
  })
})
