/**
 * The error a failed law check throws: the law, the shrunk history as commands, the
 * given/when/then snippet that reproduces it, and the seed and path to replay the run.
 *
 * @since 0.1.0
 */

/**
 * A decider law that fast-check found broken, after shrinking.
 *
 * @category errors
 * @since 0.1.0
 */
export class DeciderLawError extends Error {
  override readonly name = 'DeciderLawError'
  readonly law: string
  /** A ready-to-paste given/when/then test, when the failure could be pinned to a history. */
  readonly snippet: string | undefined
  /** The commands of the shrunk history. */
  readonly commands: ReadonlyArray<unknown>
  readonly seed: number
  readonly path: string | undefined
  constructor(
    message: string,
    details: {
      readonly law: string
      readonly snippet: string | undefined
      readonly commands: ReadonlyArray<unknown>
      readonly seed: number
      readonly path: string | undefined
      readonly cause: unknown
    },
  ) {
    super(message, { cause: details.cause })
    this.law = details.law
    this.snippet = details.snippet
    this.commands = details.commands
    this.seed = details.seed
    this.path = details.path
  }
}
