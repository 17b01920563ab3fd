/**
 * The domain a command works with: an example by name (`--domain bank`) or a user's own module
 * (`--decider ./my-domain.js`). A domain module is an ES module (or CommonJS) exporting:
 *
 * - `decider` (required): a `Decider` — `initialState`, `decide(command, state)`, `evolve(state, event)`;
 * - `eventCodec` (required): the `EventCodec` of its events (`eventCodec`, or `eventCodec<Event>()` for a given union);
 * - `commandCodec` (needed by `handle`): the `CommandCodec` of its commands;
 * - `stateCodec` (optional): a `StateCodec`, used to print the state; without one the state is
 *   printed as JSON (maps as entry lists, sets as arrays, dates as ISO strings).
 *
 * The module is loaded with `import()`, so it runs with the CLI's rights: load only your own.
 *
 * @since 0.1.0
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Effect, Option } from 'effect'
import type { CommandCodec } from '../codec/CommandCodec.js'
import type { EncodedEvent, EventCodec } from '../codec/EventCodec.js'
import type { Json, RecordedEvent } from '../codec/RecordedEvent.js'
import type { Decider } from '../kernel/Decider.js'
import type { EventDecodeFailed } from '../runtime/errors.js'
import type { CliFailure } from './CliFailure.js'
import { badInput, fromDecodeError } from './CliFailure.js'
import type { DomainName } from './Domains.js'
import { matchDomain } from './Domains.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A domain as the commands use it, whatever it came from (its types are the module's
 * business: the CLI only passes values between its parts).
 *
 * @category model
 * @since 0.1.0
 */
export interface CliDomain {
  /** `bank`, or the module's path as given. */
  readonly name: string
  readonly decider: Decider<unknown, unknown, unknown, unknown>
  readonly eventCodec: EventCodec<unknown>
  readonly commandCodec: CommandCodec<unknown> | undefined
  readonly stateToJson: (state: unknown) => Json
}

// -------------------------------------------------------------------------------------
// guards
// -------------------------------------------------------------------------------------

/**
 * Whether a runtime error is an event its domain cannot decode.
 *
 * @category guards
 * @since 0.1.0
 */
export const isDecodeFailure = (u: unknown): u is EventDecodeFailed =>
  typeof u === 'object' && u !== null && '_tag' in u && u._tag === 'EventDecodeFailed'

// -------------------------------------------------------------------------------------
// loading
// -------------------------------------------------------------------------------------

const isObject = (u: unknown): u is Readonly<Record<string, unknown>> =>
  (typeof u === 'object' || typeof u === 'function') && u !== null

const hasFunction = (u: unknown, key: string): boolean =>
  isObject(u) && typeof u[key] === 'function'

/** Plain JSON of a state without a codec: maps, sets, dates and bigints made readable. */
const toJson = (value: unknown): Json =>
  JSON.parse(
    JSON.stringify(value, (_key, field: unknown): unknown =>
      field instanceof Map
        ? Array.from(field.entries())
        : field instanceof Set
          ? Array.from(field)
          : typeof field === 'bigint'
            ? field.toString()
            : field,
    ) ?? 'null',
  ) as Json

/**
 * What a module lacks to be a domain module, one item per missing part (empty when it is one).
 *
 * @example
 * import { missingExports } from './src/cli/UserDomain.js'
 * assert.deepStrictEqual(missingExports({ decider: { initialState: 0, decide: () => [] } }), [
 *   'decider.evolve (a function)',
 *   'eventCodec (an object with encode and decode functions)',
 * ])
 *
 * @category loading
 * @since 0.1.0
 */
export const missingExports = (module: unknown): ReadonlyArray<string> => {
  const exports = isObject(module) ? module : {}
  const missing: Array<string> = []
  const decider = exports['decider']
  if (!isObject(decider)) missing.push('decider (an object with initialState, decide and evolve)')
  else {
    if (!('initialState' in decider)) missing.push('decider.initialState')
    if (!hasFunction(decider, 'decide')) missing.push('decider.decide (a function)')
    if (!hasFunction(decider, 'evolve')) missing.push('decider.evolve (a function)')
  }
  const eventCodec = exports['eventCodec']
  if (!hasFunction(eventCodec, 'encode') || !hasFunction(eventCodec, 'decode'))
    missing.push('eventCodec (an object with encode and decode functions)')
  const commandCodec = exports['commandCodec']
  if (commandCodec !== undefined && !hasFunction(commandCodec, 'decode'))
    missing.push('commandCodec (optional, but then an object with a decode function)')
  const stateCodec = exports['stateCodec']
  if (stateCodec !== undefined && !hasFunction(stateCodec, 'encode'))
    missing.push('stateCodec (optional, but then an object with an encode function)')
  return missing
}

/**
 * Loads a domain module from `path` (relative to the working directory) and checks its shape;
 * a module that cannot be loaded or lacks a part is one line naming what is wrong (exit 2).
 *
 * @category loading
 * @since 0.1.0
 */
export const loadDomainModule = (path: string): Effect.Effect<CliDomain, CliFailure> =>
  Effect.gen(function* () {
    const url = pathToFileURL(resolve(path)).href
    const loaded: unknown = yield* Effect.tryPromise({
      try: () => import(url) as Promise<unknown>,
      catch: (cause) =>
        badInput(
          `cannot load the domain module ${path}: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`,
        ),
    })
    // A CommonJS module arrives as its `module.exports` under `default`.
    const named = isObject(loaded) && isObject(loaded['decider']) ? loaded : undefined
    const exports = named ?? (isObject(loaded) ? loaded['default'] : undefined)
    const missing = missingExports(exports)
    if (missing.length > 0)
      return yield* Effect.fail(
        badInput(
          `${path} is not a foldwise domain module: it does not export ${missing.join(', ')} (see docs/cli.md, "Your own domain")`,
        ),
      )
    const module = exports as Readonly<Record<string, unknown>>
    const stateCodec = module['stateCodec'] as { readonly encode: (s: unknown) => Json } | undefined
    return {
      name: path,
      decider: module['decider'] as CliDomain['decider'],
      eventCodec: module['eventCodec'] as CliDomain['eventCodec'],
      commandCodec: module['commandCodec'] as CliDomain['commandCodec'],
      stateToJson: stateCodec === undefined ? toJson : (state) => stateCodec.encode(state),
    }
  })

/**
 * The domain of an example, as a `CliDomain`.
 *
 * @category loading
 * @since 0.1.0
 */
export const exampleDomain = (name: DomainName): CliDomain => {
  const widen = <Command, State, Event, Rejection>(domain: {
    readonly name: string
    readonly decider: Decider<Command, State, Event, Rejection>
    readonly eventCodec: EventCodec<Event>
    readonly commandCodec: CommandCodec<Command>
    readonly stateCodec: { readonly encode: (state: State) => Json }
  }): CliDomain => ({
    name: domain.name,
    decider: domain.decider as unknown as CliDomain['decider'],
    eventCodec: domain.eventCodec as CliDomain['eventCodec'],
    commandCodec: domain.commandCodec as CliDomain['commandCodec'],
    stateToJson: (state) => domain.stateCodec.encode(state as State),
  })
  return matchDomain(name, { bank: widen, loot: widen, cargo: widen })
}

/**
 * The domain `--domain` or `--decider` names: exactly one of them when `required`, at most one
 * otherwise (`undefined` when neither is given).
 *
 * @category loading
 * @since 0.1.0
 */
export const chooseDomain = (
  domain: Option.Option<DomainName>,
  decider: Option.Option<string>,
  required: boolean,
): Effect.Effect<CliDomain | undefined, CliFailure> => {
  if (Option.isSome(domain) && Option.isSome(decider))
    return Effect.fail(badInput('give --domain or --decider, not both'))
  if (Option.isSome(domain)) return Effect.succeed(exampleDomain(domain.value))
  if (Option.isSome(decider)) return loadDomainModule(decider.value)
  return required
    ? Effect.fail(
        badInput('give the domain: --domain bank|loot|cargo, or --decider ./my-domain.js'),
      )
    : Effect.succeed(undefined)
}

/**
 * Decodes records with the domain's event codec, as it would (upcasting old versions), and
 * encodes them back at the current version for display; the first record it cannot decode is
 * a bad-input failure naming it.
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeRecords = (
  domain: CliDomain,
  records: ReadonlyArray<RecordedEvent>,
): Effect.Effect<
  ReadonlyArray<{ readonly record: RecordedEvent; readonly event: EncodedEvent }>,
  CliFailure
> =>
  Effect.suspend(() => {
    const out: Array<{ readonly record: RecordedEvent; readonly event: EncodedEvent }> = []
    for (const record of records) {
      const decoded = domain.eventCodec.decode(record)
      if (decoded._tag === 'Left') return Effect.fail(fromDecodeError(domain.name, decoded.left))
      out.push({ record, event: domain.eventCodec.encode(decoded.right) })
    }
    return Effect.succeed(out)
  })

/**
 * Whether the domain's event codec reads a record.
 *
 * @category decoding
 * @since 0.1.0
 */
export const canDecode = (domain: CliDomain, record: RecordedEvent): boolean =>
  domain.eventCodec.decode(record)._tag === 'Right'
