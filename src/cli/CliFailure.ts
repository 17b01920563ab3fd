/**
 * The CLI's failures: one line for a human and an exit code for a script. Every command fails
 * with `CliFailure` only; `main` prints the line on stderr and exits with the code.
 *
 * @since 0.1.0
 */
import type { DecodeError } from '../codec/DecodeError.js'
import { formatDecodeError } from '../codec/DecodeError.js'
import type { StoreError } from '../store/StoreError.js'
import { formatStoreError, isStoreError } from '../store/StoreError.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The exit codes scripts can rely on (documented in docs/cli.md).
 *
 * @category model
 * @since 0.1.0
 */
export const ExitCode = {
  /** Done; `verify` found nothing wrong. */
  ok: 0,
  /** `verify` (or `repair --dry-run`) found problems. */
  problemsFound: 1,
  /** Bad usage or input: unknown flag, command or domain, missing directory, unknown stream. */
  badInput: 2,
  /** The store is damaged: run `foldwise verify` and `foldwise repair`. */
  storeDamaged: 3,
  /** The store could not be used (locked, unreadable, closed). */
  storeUnavailable: 4,
  /** `handle`: the decider rejected the command (the line names the rejection). */
  rejected: 5,
  /** A projection stopped: an event it cannot decode, or a saved read model it cannot read. */
  projectionFailed: 6,
  /** A bug in foldwise: please report it. */
  internal: 70,
} as const

/**
 * One of the exit codes.
 *
 * @category model
 * @since 0.1.0
 */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/**
 * Why a command stopped: what to print (one line) and how to exit.
 *
 * @category model
 * @since 0.1.0
 */
export interface CliFailure {
  readonly _tag: 'CliFailure'
  readonly message: string
  readonly exitCode: ExitCode
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A failure with its message and exit code.
 *
 * @category constructors
 * @since 0.1.0
 */
export const cliFailure = (message: string, exitCode: ExitCode): CliFailure => ({
  _tag: 'CliFailure',
  message,
  exitCode,
})

/**
 * Bad usage or input (exit 2).
 *
 * @category constructors
 * @since 0.1.0
 */
export const badInput = (message: string): CliFailure => cliFailure(message, ExitCode.badInput)

/**
 * A store error as the CLI reports it: a damaged store exits 3, a bad stream id 2, the rest 4.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromStoreError = (error: StoreError): CliFailure => {
  switch (error._tag) {
    case 'CorruptStore':
      return cliFailure(
        `store damaged: ${error.reason} (${error.file} at offset ${error.offset}); run foldwise verify`,
        ExitCode.storeDamaged,
      )
    case 'InvalidStreamId':
    case 'WrongExpectedVersion':
    case 'DuplicateEventId':
    case 'UnstorableEvent':
    case 'InvalidArgument':
      return badInput(formatStoreError(error))
    case 'StoreClosed':
    case 'IncompatibleStore':
    case 'ReadOnlyStore':
    case 'StoreUnavailable':
      return cliFailure(formatStoreError(error), ExitCode.storeUnavailable)
  }
}

/**
 * A projection that stopped, named, with why: store errors keep their own codes (a damaged
 * store is still exit 3), anything else exits 6.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromProjectionError = (
  projection: string,
  error: { readonly _tag: string },
): CliFailure => {
  if (isStoreError(error)) return fromStoreError(error)
  const tagged = error as {
    readonly _tag: string
    readonly error?: DecodeError
    readonly reason?: unknown
  }
  const why =
    tagged._tag === 'EventDecodeFailed' && tagged.error !== undefined
      ? formatDecodeError(tagged.error)
      : tagged._tag === 'ReadModelUnreadable'
        ? `its saved read model cannot be read back (${String(tagged.reason)})`
        : tagged._tag
  return cliFailure(`projection ${projection} failed: ${why}`, ExitCode.projectionFailed)
}

/**
 * An event the chosen domain cannot read: usually the wrong `--domain` for the stream.
 *
 * @category constructors
 * @since 0.1.0
 */
export const fromDecodeError = (domain: string, error: DecodeError): CliFailure =>
  badInput(`the ${domain} domain cannot read this stream: ${formatDecodeError(error)}`)

// -------------------------------------------------------------------------------------
// guards
// -------------------------------------------------------------------------------------

/**
 * Whether a value is a `CliFailure`.
 *
 * @category guards
 * @since 0.1.0
 */
export const isCliFailure = (u: unknown): u is CliFailure =>
  typeof u === 'object' && u !== null && '_tag' in u && u._tag === 'CliFailure'
