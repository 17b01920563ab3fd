/**
 * Arguments and flags several commands share, so they read and document the same way.
 *
 * @since 0.1.0
 */
import { Argument, Flag } from 'effect/cli'

/**
 * The store directory, `DIR`.
 *
 * @category params
 * @since 0.1.0
 */
export const dirArgument = Argument.String('dir').pipe(
  Argument.withDescription('The file store directory (e.g. ./foldwise-data)'),
)

/**
 * The stream id, `STREAM`.
 *
 * @category params
 * @since 0.1.0
 */
export const streamArgument = Argument.String('stream').pipe(
  Argument.withDescription('The stream id (foldwise streams DIR lists them)'),
)

/**
 * `--json`: machine-readable output on stdout.
 *
 * @category params
 * @since 0.1.0
 */
export const jsonFlag = Flag.Boolean('json').pipe(
  Flag.withDescription('Print JSON instead of text'),
  Flag.withDefault(false),
)

/**
 * `--at ISO`: as things were at an instant (events recorded at or before it).
 *
 * @category params
 * @since 0.1.0
 */
export const atFlag = Flag.Date('at').pipe(
  Flag.withDescription('Only events recorded at or before this ISO-8601 instant'),
  Flag.optional,
)
