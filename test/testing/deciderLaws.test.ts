import { describe, expect, it } from 'vitest'
import { bankCommandArbitrary } from '../../docs/examples/arbitraries.js'
import { bankInvariant } from '../../src/examples/bank.js'
import type { DeciderLawName } from '../../src/testing/deciderLaws.js'
import { checkDeciderLaws, DeciderLawError, deciderLaws, given } from '../../src/testing/index.js'
import {
  counterReadingTally,
  leakyBank,
  mapMutatingTally,
  mutatingTally,
  overdraftBank,
  randomTally,
  tally,
  tallyCommands,
  throwingTally,
} from './brokenDeciders.js'

/** Runs `check` and returns the error it throws (failing the test if it throws none). */
const failureOf = (check: () => void): DeciderLawError => {
  try {
    check()
  } catch (error) {
    expect(error).toBeInstanceOf(DeciderLawError)
    return error as DeciderLawError
  }
  throw new Error('expected the law check to fail, but it passed')
}

const lawOf = (
  laws: ReadonlyArray<{ readonly name: DeciderLawName; readonly check: () => void }>,
  name: DeciderLawName,
): (() => void) => {
  const law = laws.find((candidate) => candidate.name === name)
  if (law === undefined) throw new Error(`no law ${name}`)
  return () => law.check()
}

describe('deciderLaws on a correct decider', () => {
  it('passes every law', () => {
    checkDeciderLaws(tally, { commands: tallyCommands, invariant: (s) => s.total >= 0 })
  })
  it('offers the terminal law only with isTerminal, and the invariant law only with an invariant', () => {
    expect(deciderLaws(tally, { commands: tallyCommands }).map((law) => law.name)).toEqual([
      'replayDeterminism',
      'splitFold',
      'decideNeverThrows',
    ])
    expect(
      deciderLaws(leakyBank, { commands: bankCommandArbitrary, invariant: bankInvariant }).map(
        (law) => law.name,
      ),
    ).toContain('terminalStatesAcceptNoEvents')
  })
})

describe('deciderLaws catch impure deciders', () => {
  it('an evolve that mutates its state is caught (frozen inputs throw a TypeError)', () => {
    const error = failureOf(() => checkDeciderLaws(mutatingTally(), { commands: tallyCommands }))
    expect(error.law).toBe('replayDeterminism')
    expect(error.message).toMatch(/evolve threw TypeError/)
    expect(error.message).toMatch(/mutation/)
  })
  it('an evolve that mutates a Map inside its state is caught by replay', () => {
    const error = failureOf(() => checkDeciderLaws(mapMutatingTally(), { commands: tallyCommands }))
    expect(error.law).toBe('replayDeterminism')
  })
  it('an evolve that reads a counter outside the fold is caught', () => {
    const error = failureOf(() =>
      checkDeciderLaws(counterReadingTally(), { commands: tallyCommands }),
    )
    expect(error.law).toBe('replayDeterminism')
  })
  it('the split-fold law alone catches an evolve that reads a counter', () => {
    const laws = deciderLaws(counterReadingTally(), { commands: tallyCommands })
    expect(failureOf(lawOf(laws, 'splitFold')).message).toMatch(/folding the first \d+ of \d+/)
  })
  it('a decide that draws Math.random is caught', () => {
    const error = failureOf(() => checkDeciderLaws(randomTally, { commands: tallyCommands }))
    expect(error.law).toBe('replayDeterminism')
    expect(error.message).toMatch(/decide gave two different answers/)
  })
  it('a decide that throws is caught, and shrunk to the command that throws', () => {
    const laws = deciderLaws(throwingTally, { commands: tallyCommands, name: 'throwingTally' })
    const error = failureOf(lawOf(laws, 'decideNeverThrows'))
    expect(error.message).toMatch(/decide threw Error: total too large to handle/)
    expect(error.snippet).toMatch(/^given\(throwingTally, \[/)
  })
})

describe('deciderLaws catch broken rules', () => {
  it('a terminal state that still accepts events is caught', () => {
    const laws = deciderLaws(leakyBank, { commands: bankCommandArbitrary, name: 'leakyBank' })
    const error = failureOf(lawOf(laws, 'terminalStatesAcceptNoEvents'))
    expect(error.message).toMatch(/the state is terminal, yet decide accepted/)
  })
  it('a broken invariant is caught', () => {
    const laws = deciderLaws(overdraftBank, {
      commands: bankCommandArbitrary,
      invariant: bankInvariant,
      name: 'overdraftBank',
    })
    const error = failureOf(lawOf(laws, 'invariantHolds'))
    expect(error.message).toMatch(/the invariant does not hold/)
    expect(error.snippet).toMatch(/type: 'Withdraw'/)
  })
})

describe('a failing law reports a ready-to-paste given/when/then snippet', () => {
  it('shrinks the history to the smallest one and prints it as a test', () => {
    const laws = deciderLaws(leakyBank, { commands: bankCommandArbitrary, name: 'leakyBank' })
    const error = failureOf(lawOf(laws, 'terminalStatesAcceptNoEvents'))
    const snippet = error.snippet ?? ''
    expect(error.message).toContain(snippet)
    expect(error.message).toMatch(/Reproduce it as an example test:/)
    expect(error.message).toMatch(/Replay with \{ seed: -?\d+, path: '[\d:]*'/)
    // Shrunk: opened, closed; then a deposit the closed account should have refused.
    expect(snippet).toMatch(/type: 'AccountOpened'/)
    expect(snippet).toMatch(/type: 'AccountClosed'/)
    expect(snippet).toMatch(/\.when\(\{ type: 'Deposit', amount: -?\d+ \}\)/)
    expect(snippet).toMatch(/\.then\(\[/)
  })
  it('the snippet runs as written: it replays what decide returned', () => {
    const laws = deciderLaws(leakyBank, { commands: bankCommandArbitrary, name: 'leakyBank' })
    const snippet = failureOf(lawOf(laws, 'terminalStatesAcceptNoEvents')).snippet ?? ''
    // The snippet is plain JavaScript: evaluate it with `given` and the decider in scope.
    const run = new Function('given', 'leakyBank', `return ${snippet}`) as (
      g: typeof given,
      d: typeof leakyBank,
    ) => unknown
    expect(() => run(given, leakyBank)).not.toThrow()
  })
})
