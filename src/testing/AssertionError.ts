/**
 * The error a failed given/when/then or a broken law throws. It carries `expected` and `actual`
 * so test runners (vitest, jest, mocha) print a structural diff.
 *
 * @since 0.1.0
 */

/**
 * A failed expectation about a decider, with the expected and actual values for a diff.
 *
 * @category errors
 * @since 0.1.0
 */
export class DeciderAssertionError extends Error {
  override readonly name = 'AssertionError'
  /** Test runners show a diff between `expected` and `actual` when this is true. */
  readonly showDiff = true
  constructor(
    message: string,
    readonly expected: unknown,
    readonly actual: unknown,
  ) {
    super(message)
  }
}
