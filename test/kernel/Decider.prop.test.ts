import fc from 'fast-check'
import { isLeft } from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decideAndEvolve, fold, foldFrom } from '../../src/index.js'
import { counter, counterCommand, counterEvent, lightSwitch, switchEvent } from './fixtures.js'

describe('fold', () => {
  it('folding a split history (prefix, then suffix from its state) equals folding the whole', () => {
    fc.assert(
      fc.property(fc.array(switchEvent), fc.array(switchEvent), (prefix, suffix) => {
        expect(foldFrom(lightSwitch)(fold(lightSwitch)(prefix), suffix)).toEqual(
          fold(lightSwitch)([...prefix, ...suffix]),
        )
      }),
    )
  })

  it('folding any iterable equals folding the array of its events', () => {
    fc.assert(
      fc.property(fc.array(counterEvent), (events) => {
        function* generate() {
          yield* events
        }
        expect(fold(counter)(generate())).toBe(fold(counter)(events))
      }),
    )
  })

  it('folding the empty history gives the initial state itself', () => {
    expect(fold(lightSwitch)([])).toBe(lightSwitch.initialState)
  })

  it('folding never mutates the history', () => {
    fc.assert(
      fc.property(fc.array(counterEvent), (events) => {
        const frozen = Object.freeze(events.map((e) => Object.freeze(e)))
        expect(() => fold(counter)(frozen)).not.toThrow()
      }),
    )
  })
})

describe('decideAndEvolve', () => {
  it('returns what decide returns, with the state folded from those events; rejections as Left', () => {
    fc.assert(
      fc.property(fc.array(counterEvent, { maxLength: 10 }), counterCommand, (history, command) => {
        const state = fold(counter)(history)
        const decided = counter.decide(command, state)
        const result = decideAndEvolve(counter)(command, state)
        if (isLeft(decided)) expect(result).toEqual(decided)
        else
          expect(result).toEqual({
            _tag: 'Right',
            right: { events: decided.right, state: foldFrom(counter)(state, decided.right) },
          })
      }),
    )
  })
})
