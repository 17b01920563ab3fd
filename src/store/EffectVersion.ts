/**
 * The check that the `effect` foldwise loaded is one it works with (effect is a peer dependency:
 * the app's own copy). A store or runtime built on another major of effect does not fail
 * cleanly: effect 3 refuses effect 4's values deep inside a run with "Not a valid effect". So
 * the store openers check once, up front, and fail with a message that names both versions.
 *
 * How the major is told apart without importing anything effect 3 lacks: an effect 4 value
 * carries the `'~effect/Effect'` key; an effect 3 value carries `Symbol.for('effect/Effect')`,
 * whose `_V` is effect 3's version string.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'

/**
 * The effect versions foldwise works with (package.json's peer range). Measured: the library
 * type-checks against effect 4.0.0, the CLI does not (its `effect/cli` and `Stdio` calls are
 * 4.1's), so the range starts at 4.1.0; the check below tells majors apart only.
 *
 * @internal
 */
export const supportedEffect = '^4.1.0'

/**
 * What is wrong with the effect a value comes from, or `undefined` when it is an effect 4 value.
 *
 * @example
 * import { Effect } from 'effect'
 * import { effectVersionProblem } from './src/store/EffectVersion.js'
 * assert.strictEqual(effectVersionProblem(Effect.void), undefined)
 * const fromEffect3 = { [Symbol.for('effect/Effect')]: { _V: '3.17.1' } }
 * assert.match(effectVersionProblem(fromEffect3) ?? '', /needs effect \^4\.1\.0.*loaded effect 3\.17\.1/)
 *
 * @internal
 */
export const effectVersionProblem = (probe: unknown): string | undefined => {
  if (typeof probe === 'object' && probe !== null && '~effect/Effect' in probe) return undefined
  const v3 =
    typeof probe === 'object' && probe !== null
      ? (probe as Readonly<Record<symbol, unknown>>)[Symbol.for('effect/Effect')]
      : undefined
  const version =
    typeof v3 === 'object' &&
    v3 !== null &&
    typeof (v3 as { readonly _V?: unknown })._V === 'string'
      ? `effect ${(v3 as { readonly _V: string })._V}`
      : 'an effect that is not 4.x'
  return (
    `foldwise needs effect ${supportedEffect} (a peer dependency), but it loaded ${version}. ` +
    'Install effect 4 beside foldwise (npm install effect@4); ' +
    'an app on another major of effect cannot share its effects with foldwise.'
  )
}

let checked = false

/**
 * Throws, once, a clear error when the loaded effect is not one foldwise works with: a broken
 * installation, not an expected failure, so it is not returned as data.
 *
 * @internal
 */
export const requireCompatibleEffect = (): void => {
  if (checked) return
  const problem = effectVersionProblem(Effect.void)
  if (problem !== undefined) throw new Error(problem)
  checked = true
}
