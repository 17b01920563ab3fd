/**
 * The command codec: turns untrusted input (an HTTP body, a queue message, a shell argument)
 * into a typed command, or a typed error naming the command type and the bad field. Commands
 * are not stored, so there are no versions: one io-ts codec per command type, keyed by `type`.
 *
 * Laws: `decode(encode(command))` is `right(command)`; `decode` never throws, whatever the
 * input (getters that throw, cycles, prototypes), and never returns a command with fields the
 * codec does not know (unknown keys are dropped, so an extra field cannot steer a decision).
 *
 * @since 0.1.0
 */
import type { Either } from 'fp-ts/lib/Either.js'
import { left, right } from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { FieldError } from './DecodeError.js'
import { formatFieldError } from './DecodeError.js'
import { renderValue, toFieldErrors } from './FieldErrors.js'
import type { Draft, ObjectPlan } from './ObjectPlan.js'
import { planOf, readPlan, writePlan } from './ObjectPlan.js'
import type { Json } from './RecordedEvent.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The input's `type` is a string the codec does not know.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface UnknownCommand {
  readonly _tag: 'UnknownCommand'
  readonly type: string
  readonly knownTypes: ReadonlyArray<string>
}

/**
 * The input is not a command of its type: `type` is the command type (or `undefined` when the
 * input has no string `type`), `errors` names every bad field by its io-ts path (`item.rarity`).
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface InvalidCommand {
  readonly _tag: 'InvalidCommand'
  readonly type: string | undefined
  readonly errors: ReadonlyArray<FieldError>
}

/**
 * Every error a command codec may return.
 *
 * @category model
 * @since 0.1.0
 */
export type CommandDecodeError = UnknownCommand | InvalidCommand

/**
 * A codec of a whole command union. `decode` never throws: every failure is a
 * `CommandDecodeError` in a `Left`.
 *
 * @category model
 * @since 0.1.0
 */
export interface CommandCodec<Command> {
  /** Every command type it knows, in definition order. */
  readonly types: ReadonlyArray<string>
  readonly decode: (input: unknown) => Either<CommandDecodeError, Command>
  /** The command as JSON (what a client sends): `{ type, ...fields }`. */
  readonly encode: (command: Command) => Json
}

/**
 * The codecs a command union needs: one per command type, keyed by `type`, decoding the
 * command without its `type`. A missing or extra command type, or a codec of the wrong fields,
 * fails to compile.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export type CommandCodecsFor<Command extends { readonly type: string }> = {
  readonly [Type in Command['type']]: t.Type<
    Omit<Extract<Command, { readonly type: Type }>, 'type'>,
    unknown,
    unknown
  >
}

/**
 * The command union derived from codecs: for each key `Type`, `{ type: Type }` and its fields.
 *
 * @category model
 * @since 0.1.0
 */
export type CommandOf<Definitions> = {
  readonly [Type in keyof Definitions & string]: Definitions[Type] extends t.Type<
    infer Fields,
    unknown,
    unknown
  >
    ? {
        readonly [Key in keyof ({ readonly type: Type } & Fields)]: ({
          readonly type: Type
        } & Fields)[Key]
      }
    : never
}[keyof Definitions & string]

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * @category constructors
 * @since 0.1.0
 */
export const unknownCommand = (
  type: string,
  knownTypes: ReadonlyArray<string>,
): UnknownCommand => ({
  _tag: 'UnknownCommand',
  type,
  knownTypes,
})

/**
 * @category constructors
 * @since 0.1.0
 */
export const invalidCommand = (
  type: string | undefined,
  errors: ReadonlyArray<FieldError>,
): InvalidCommand => ({ _tag: 'InvalidCommand', type, errors })

interface Entry {
  readonly type: string
  readonly codec: t.Mixed
  readonly plan: ObjectPlan | undefined
}

const isObject = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

const describeInvalid = (entry: Entry, input: unknown): InvalidCommand => {
  const result = entry.codec.validate(input, t.getDefaultContext(entry.codec))
  return invalidCommand(
    entry.type,
    result._tag === 'Left' && result.left.length > 0
      ? toFieldErrors('', result.left)
      : [{ path: '', expected: `an object ${entry.codec.name}`, actual: renderValue(input) }],
  )
}

const readFields = (entry: Entry, input: Readonly<Record<string, unknown>>): Draft | undefined => {
  const into: Draft = { type: entry.type }
  if (entry.plan !== undefined) return readPlan(entry.plan, input, into)
  const result = entry.codec.validate(input, t.getDefaultContext(entry.codec))
  if (result._tag === 'Left' || !isObject(result.right)) return undefined
  for (const key of Object.keys(result.right)) if (key !== 'type') into[key] = result.right[key]
  return into
}

const build = <Command>(definitions: Readonly<Record<string, t.Mixed>>): CommandCodec<Command> => {
  const table = new Map<string, Entry>()
  for (const type of Object.keys(definitions)) {
    const codec = definitions[type] as t.Mixed
    table.set(type, { type, codec, plan: planOf(codec) })
  }
  const types = Array.from(table.keys())

  const decodeUnsafe = (input: unknown): Either<CommandDecodeError, Command> => {
    if (!isObject(input))
      return left(
        invalidCommand(undefined, [
          { path: '', expected: 'an object with a string type', actual: renderValue(input) },
        ]),
      )
    const type = input['type']
    if (typeof type !== 'string')
      return left(
        invalidCommand(undefined, [
          { path: 'type', expected: `one of ${types.join(', ')}`, actual: renderValue(type) },
        ]),
      )
    const entry = table.get(type)
    if (entry === undefined) return left(unknownCommand(type, types))
    const command = readFields(entry, input)
    return command === undefined ? left(describeInvalid(entry, input)) : right(command as Command)
  }

  const decode = (input: unknown): Either<CommandDecodeError, Command> => {
    try {
      return decodeUnsafe(input)
    } catch (cause) {
      // A getter or proxy of the input threw: untrusted input is refused, never a crash.
      return left(
        invalidCommand(undefined, [
          {
            path: '',
            expected: 'plain data',
            actual: `an input that threw when read: ${cause instanceof Error ? cause.message : renderValue(cause)}`,
          },
        ]),
      )
    }
  }

  const encode = (command: Command): Json => {
    const type = (command as { readonly type: string }).type
    const entry = table.get(type)
    if (entry === undefined) {
      // Unreachable from typed code: the codec's type covers every command type it encodes.
      throw new TypeError(`foldwise: no codec for command type ${JSON.stringify(type)}`)
    }
    const fields =
      entry.plan === undefined
        ? (entry.codec.encode(command) as Readonly<Record<string, unknown>>)
        : writePlan(entry.plan, command)
    const out: Draft = { type }
    for (const key of Object.keys(fields)) if (key !== 'type') out[key] = fields[key]
    return out as Json
  }

  return { types, decode, encode }
}

/**
 * Builds the codec of a command union, one of two ways:
 * - `commandCodec({...})`: the command type is derived from the codecs, each key a command type
 *   and each value the io-ts codec of its other fields;
 * - `commandCodec<BankCommand>()({...})`: for a given command union, failing to compile when a
 *   command type of the union has no codec, or its codec decodes other fields.
 *
 * @example
 * import * as t from 'io-ts'
 * import { commandCodec, formatCommandDecodeError } from 'foldwise/codec'
 * const derived = commandCodec({ Deposit: t.type({ amount: t.number }) })
 * assert.deepStrictEqual(derived.decode({ type: 'Deposit', amount: 5, admin: true }), {
 *   _tag: 'Right',
 *   right: { type: 'Deposit', amount: 5 },
 * })
 *
 * type Command = { readonly type: 'Deposit'; readonly amount: number } | { readonly type: 'Close' }
 * const codec = commandCodec<Command>()({ Deposit: t.type({ amount: t.number }), Close: t.type({}) })
 * const result = codec.decode({ type: 'Deposit', amount: 'ten' })
 * assert.strictEqual(result._tag, 'Left')
 * assert.strictEqual(
 *   result._tag === 'Left' ? formatCommandDecodeError(result.left) : '',
 *   'InvalidCommand Deposit: amount: expected number, got "ten"',
 * )
 *
 * @category constructors
 * @since 0.1.0
 */
export function commandCodec<Command extends { readonly type: string }>(): (
  definitions: CommandCodecsFor<Command>,
) => CommandCodec<Command>
export function commandCodec<Definitions extends Readonly<Record<string, t.Mixed>>>(
  definitions: Definitions,
): CommandCodec<CommandOf<Definitions>>
export function commandCodec(definitions?: Readonly<Record<string, t.Mixed>>): object {
  return definitions === undefined
    ? (given: object): object => build(given as Readonly<Record<string, t.Mixed>>)
    : build(definitions)
}

// -------------------------------------------------------------------------------------
// guards
// -------------------------------------------------------------------------------------

/**
 * Whether a value is a `CommandDecodeError` (by tag).
 *
 * @category guards
 * @since 0.1.0
 */
export const isCommandDecodeError = (u: unknown): u is CommandDecodeError => {
  const tag = typeof u === 'object' && u !== null ? (u as { readonly _tag?: unknown })._tag : null
  return tag === 'UnknownCommand' || tag === 'InvalidCommand'
}

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

/**
 * A command decode error as one readable line.
 *
 * @example
 * import { formatCommandDecodeError } from 'foldwise/codec'
 * import { unknownCommand } from './src/codec/CommandCodec.js'
 * assert.strictEqual(
 *   formatCommandDecodeError(unknownCommand('Teleport', ['Deposit', 'Withdraw'])),
 *   'UnknownCommand "Teleport"; known commands: Deposit, Withdraw',
 * )
 *
 * @category destructors
 * @since 0.1.0
 */
export const formatCommandDecodeError = (error: CommandDecodeError): string => {
  switch (error._tag) {
    case 'UnknownCommand':
      return `UnknownCommand ${JSON.stringify(error.type)}; known commands: ${error.knownTypes.join(', ')}`
    case 'InvalidCommand':
      return `InvalidCommand${error.type === undefined ? '' : ` ${error.type}`}: ${error.errors
        .map((field) =>
          formatFieldError(field.path === '' ? { ...field, path: '(command)' } : field),
        )
        .join('; ')}`
  }
}
