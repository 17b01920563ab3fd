import { Effect } from 'effect'
import { describe, expect, it } from 'vitest'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import { effectVersionProblem, supportedEffect } from '../../src/store/EffectVersion.js'

describe('the check of the loaded effect', () => {
  it('accepts the effect 4 values of the installed effect', () => {
    expect(effectVersionProblem(Effect.void)).toBeUndefined()
    expect(effectVersionProblem(Effect.succeed(1))).toBeUndefined()
    expect(() => makeMemoryStore()).not.toThrow()
  })

  it('refuses an effect 3 value with a message naming both versions', () => {
    const fromEffect3 = { [Symbol.for('effect/Effect')]: { _R: 0, _E: 0, _A: 0, _V: '3.17.1' } }
    const problem = effectVersionProblem(fromEffect3)
    expect(problem).toContain(`needs effect ${supportedEffect}`)
    expect(problem).toContain('loaded effect 3.17.1')
    expect(problem).toContain('npm install effect@4')
  })

  it('refuses a value from no known effect', () => {
    expect(effectVersionProblem({})).toContain('an effect that is not 4.x')
    expect(effectVersionProblem(undefined)).toContain(supportedEffect)
  })

  it('the peer range in package.json is the one the check names', async () => {
    const { default: pkg } = await import('../../package.json', { with: { type: 'json' } })
    expect(pkg.peerDependencies.effect).toBe(supportedEffect)
  })
})
