import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Saga } from '../../src/index.js'
import { combine, filterEvents, mapAction, mapEvent, neutral } from '../../src/index.js'

/** Sagas drawn at random: any deterministic function from a number to a short list of actions. */
const saga: fc.Arbitrary<Saga<number, string>> = fc
  .func(fc.array(fc.string({ maxLength: 2 }), { maxLength: 3 }))
  .map((react) => ({ react }))

describe('Saga', () => {
  it('combine is associative: (a+b)+c and a+(b+c) react alike', () => {
    fc.assert(
      fc.property(saga, saga, saga, fc.integer(), (a, b, c, result) => {
        expect(combine(combine(a, b), c).react(result)).toEqual(
          combine(a, combine(b, c)).react(result),
        )
      }),
    )
  })

  it('neutral is the identity of combine on both sides', () => {
    fc.assert(
      fc.property(saga, fc.integer(), (a, result) => {
        expect(combine(neutral, a).react(result)).toEqual(a.react(result))
        expect(combine(a, neutral).react(result)).toEqual(a.react(result))
      }),
    )
  })

  it("a combined saga reacts with the left saga's actions followed by the right saga's", () => {
    fc.assert(
      fc.property(saga, saga, fc.integer(), (a, b, result) => {
        expect(combine(a, b).react(result)).toEqual([...a.react(result), ...b.react(result)])
      }),
    )
  })

  it('mapAction by f reacts with the images under f; by the identity, as before', () => {
    fc.assert(
      fc.property(
        saga,
        fc.func(fc.integer()),
        fc.integer(),
        (a, f: (s: string) => number, result) => {
          expect(mapAction(a, f).react(result)).toEqual(a.react(result).map((s) => f(s)))
          expect(mapAction(a, (s: string) => s).react(result)).toEqual(a.react(result))
        },
      ),
    )
  })

  it('mapEvent by f reacts to x as the saga reacts to f(x)', () => {
    fc.assert(
      fc.property(saga, fc.func(fc.integer()), fc.string(), (a, f: (s: string) => number, x) => {
        expect(mapEvent(a, f).react(x)).toEqual(a.react(f(x)))
      }),
    )
  })

  it('filterEvents reacts to accepted results only', () => {
    fc.assert(
      fc.property(saga, fc.oneof(fc.integer(), fc.string()), (a, x) => {
        const widened = filterEvents(a, (r: number | string): r is number => typeof r === 'number')
        expect(widened.react(x)).toEqual(typeof x === 'number' ? a.react(x) : [])
      }),
    )
  })
})
