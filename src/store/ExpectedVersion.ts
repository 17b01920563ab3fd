/**
 * Optimistic concurrency: what an append expects of the stream's current version.
 *
 * @since 0.1.0
 */

/**
 * `'any'`: no check; `'no_stream'`: the stream must not exist; `'stream_exists'`: it must hold
 * at least one event; a number: the stream's version must be exactly that (0 = no stream).
 *
 * @category model
 * @since 0.1.0
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number

/**
 * Whether a stream at `actual` version satisfies `expected`.
 *
 * @example
 * import { matchesExpectedVersion } from './src/store/ExpectedVersion.js'
 * assert.strictEqual(matchesExpectedVersion('no_stream', 0), true)
 * assert.strictEqual(matchesExpectedVersion(3, 4), false)
 *
 * @category guards
 * @since 0.1.0
 */
export const matchesExpectedVersion = (expected: ExpectedVersion, actual: number): boolean => {
  switch (expected) {
    case 'any':
      return true
    case 'no_stream':
      return actual === 0
    case 'stream_exists':
      return actual > 0
    default:
      return actual === expected
  }
}
