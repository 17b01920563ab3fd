import fc from 'fast-check'
import { isLeft } from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { EventFor } from '../../src/kernel/many.js'
import { stateOf } from '../../src/kernel/many.js'
import { fold, foldFrom, many } from '../../src/index.js'
import type { CounterEvent } from './fixtures.js'
import { counter, counterCommand, counterEvent } from './fixtures.js'

const counters = many<string, Parameters<typeof counter.decide>[0], number, CounterEvent, unknown>(
  counter,
)
const id = fc.constantFrom('a', 'b', 'c', 'd')
const taggedEvent: fc.Arbitrary<EventFor<string, CounterEvent>> = fc.record({
  id,
  event: counterEvent,
})
const history = fc.array(taggedEvent, { maxLength: 60 })

const entries = <K, V>(map: ReadonlyMap<K, V>): ReadonlyArray<readonly [K, V]> => [...map.entries()]

describe('many', () => {
  it("the state many folds for an id equals the decider's fold of that id's events alone", () => {
    fc.assert(
      fc.property(history, id, (events, which) => {
        const states = fold(counters)(events)
        const own = events.filter((e) => e.id === which).map((e) => e.event)
        expect(stateOf(counter, states, which)).toBe(fold(counter)(own))
      }),
    )
  })

  it('an id is in the state exactly when it has had an event', () => {
    fc.assert(
      fc.property(history, (events) => {
        const states = fold(counters)(events)
        expect(new Set(states.keys())).toEqual(new Set(events.map((e) => e.id)))
      }),
    )
  })

  it("deciding for an id equals the decider deciding on that id's state, its events tagged with the id", () => {
    fc.assert(
      fc.property(history, id, counterCommand, (events, which, command) => {
        const states = fold(counters)(events)
        const alone = counter.decide(command, stateOf(counter, states, which))
        const decided = counters.decide({ id: which, command }, states)
        expect(decided).toEqual(
          isLeft(alone)
            ? alone
            : { _tag: 'Right', right: alone.right.map((event) => ({ id: which, event })) },
        )
      }),
    )
  })

  it('folding a split history (prefix, then suffix from its state) equals folding the whole', () => {
    fc.assert(
      fc.property(history, history, (prefix, suffix) => {
        const whole = fold(counters)([...prefix, ...suffix])
        const split = foldFrom(counters)(fold(counters)(prefix), suffix)
        expect(entries(split)).toEqual(entries(whole))
      }),
    )
  })

  it('evolving never mutates the input map', () => {
    fc.assert(
      fc.property(history, taggedEvent, (events, next) => {
        const before = fold(counters)(events)
        const snapshot = entries(before)
        const after = counters.evolve(before, next)
        expect(entries(before)).toEqual(snapshot)
        if (after !== before) expect(after).not.toBe(before)
        expect(stateOf(counter, after, next.id)).toBe(
          counter.evolve(stateOf(counter, before, next.id), next.event),
        )
      }),
    )
  })

  it('returns the same map when an event leaves a known instance as it was', () => {
    const states = fold(counters)([{ id: 'a', event: { type: 'Incremented', by: 2 } }])
    expect(counters.evolve(states, { id: 'a', event: { type: 'Incremented', by: 0 } })).toBe(states)
    expect(counters.evolve(states, { id: 'b', event: { type: 'Incremented', by: 0 } })).not.toBe(
      states,
    )
  })
})
