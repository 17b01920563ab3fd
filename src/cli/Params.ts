/**
 * Arguments and flags several commands share, so they read and document the same way.
 *
 * @since 0.1.0
 */
import { Argument, Flag } from 'effect/cli'
import { domainNames } from './Domains.js'

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

/**
 * `--domain bank|loot|cargo`: an example domain.
 *
 * @category params
 * @since 0.1.0
 */
export const domainFlag = Flag.Literals('domain', domainNames).pipe(
  Flag.withDescription('An example domain: bank, loot or cargo'),
  Flag.optional,
)

/**
 * `--decider PATH`: a module exporting your own domain (see docs/cli.md, "Your own domain").
 *
 * @category params
 * @since 0.1.0
 */
export const deciderFlag = Flag.String('decider').pipe(
  Flag.withDescription(
    'A module exporting decider and eventCodec (commandCodec, stateCodec optional): your own domain',
  ),
  Flag.optional,
)
