/**
 * The event codec: turns domain events into stored records and back, across schema versions.
 * Adapters store only `EncodedEvent`s; the runtime decodes with an `EventCodec` of its domain.
 *
 * @since 0.1.0
 */
import type { Either } from 'fp-ts/lib/Either.js'
import { left, right } from '../kernel/either.js'
import * as t from 'io-ts'
import type { DecodeError, DecodeErrorSource } from './DecodeError.js'
import { invalidEventData, unknownEventType, unsupportedSchemaVersion } from './DecodeError.js'
import { renderValue, toFieldErrors } from './FieldErrors.js'
import type { Draft, ObjectPlan } from './ObjectPlan.js'
import { copyPlan, planOf, readPlan, writePlan } from './ObjectPlan.js'
import type { Json } from './RecordedEvent.js'
import type { AnyEventVersions, EventVersions } from './Upcast.js'
import { upcastersFrom } from './Upcast.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An event as the codec writes it: its type, the schema version it was written at, and its
 * data as JSON.
 *
 * @category model
 * @since 0.1.0
 */
export interface EncodedEvent {
  readonly type: string
  readonly schemaVersion: number
  readonly data: Json
}

/**
 * What `decode` reads: a stored record's identity (for error messages) and its payload. A
 * `RecordedEvent` fits.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface DecodeInput {
  readonly streamId: string
  /** 1-based position of the event in its stream. */
  readonly streamVersion: number
  readonly type: string
  readonly schemaVersion: number
  readonly data: unknown
}

/**
 * A codec of a whole event union. `encode` writes the current schema version of each event
 * type; `decode` validates a record of any known version and upcasts it to the current shape.
 * `decode` never throws: every failure is a `DecodeError` in a `Left`.
 *
 * @category model
 * @since 0.1.0
 */
export interface EventCodec<Event> {
  readonly encode: (event: Event) => EncodedEvent
  readonly decode: (record: DecodeInput) => Either<DecodeError, Event>
}

/**
 * An event codec built from versioned io-ts codecs, with what it knows.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export interface VersionedEventCodec<Event> extends EventCodec<Event> {
  /** Every event type it knows, in definition order. */
  readonly types: ReadonlyArray<string>
  /** The schema version `encode` writes, per event type. */
  readonly currentVersions: ReadonlyMap<string, number>
}

/**
 * The versions an event union needs: one entry per event type, keyed by `type`, whose current
 * data type is the event without its `type`. A missing or extra event type, or a codec of the
 * wrong data type, fails to compile.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export type EventVersionsFor<Event extends { readonly type: string }> = {
  readonly [Type in Event['type']]: EventVersions<
    Omit<Extract<Event, { readonly type: Type }>, 'type'>
  >
}

/**
 * Flattens an intersection into one readonly object type, so decoded events read as plain
 * shapes in editors and errors.
 *
 * @category model
 * @since 0.1.0
 * @inline
 */
export type Simplify<Fields> = { readonly [Key in keyof Fields]: Fields[Key] }

/**
 * The event union derived from versioned codecs: for each key `Type`, `{ type: Type }` and the
 * current version's data.
 *
 * @category model
 * @since 0.1.0
 */
export type EventOf<Definitions> = {
  readonly [Type in keyof Definitions & string]: Definitions[Type] extends EventVersions<infer Data>
    ? Simplify<{ readonly type: Type } & Data>
    : never
}[keyof Definitions & string]

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

interface VersionEntry {
  readonly codec: t.Mixed
  readonly plan: ObjectPlan | undefined
  readonly upcasters: ReadonlyArray<(previous: unknown) => unknown>
}

interface TypeEntry {
  readonly type: string
  readonly current: number
  readonly currentCodec: t.Mixed
  readonly currentPlan: ObjectPlan | undefined
  /** Indexed by schema version. */
  readonly byVersion: ReadonlyArray<VersionEntry | undefined>
  readonly supported: ReadonlyArray<number>
}

const isObject = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

/** Validates with the whole io-ts codec (codecs without a plan); `undefined` when invalid. */
const readWhole = (codec: t.Mixed, data: unknown): unknown => {
  const result = codec.validate(data, t.getDefaultContext(codec))
  return result._tag === 'Left' || !isObject(result.right) ? undefined : result.right
}

/** Copies every own field but `type` (codecs without a plan). */
const copyFields = (source: unknown, into: Draft): Draft => {
  if (isObject(source))
    for (const key of Object.keys(source)) if (key !== 'type') into[key] = source[key]
  return into
}

/** The failure path: io-ts once more, to name every bad field. */
const describeInvalid = (source: DecodeErrorSource, codec: t.Mixed, data: unknown): DecodeError => {
  const result = codec.validate(data, t.getDefaultContext(codec))
  return invalidEventData(
    source,
    result._tag === 'Left' && result.left.length > 0
      ? toFieldErrors('data', result.left)
      : [{ path: 'data', expected: `an object ${codec.name}`, actual: renderValue(data) }],
  )
}

const compile = (type: string, definition: AnyEventVersions): TypeEntry => {
  const byVersion: Array<VersionEntry | undefined> = []
  for (const step of definition.versions) {
    byVersion[step.version] = {
      codec: step.codec,
      plan: planOf(step.codec),
      upcasters: upcastersFrom(definition, step.version),
    }
  }
  const currentCodec = (definition.versions[definition.versions.length - 1] as { codec: t.Mixed })
    .codec
  return {
    type,
    current: definition.version,
    currentCodec,
    currentPlan: planOf(currentCodec),
    byVersion,
    supported: definition.versions.map((step) => step.version),
  }
}

const build = <Event>(
  definitions: Readonly<Record<string, AnyEventVersions>>,
): VersionedEventCodec<Event> => {
  const table = new Map<string, TypeEntry>()
  for (const type of Object.keys(definitions)) {
    table.set(type, compile(type, definitions[type] as AnyEventVersions))
  }
  const types = Array.from(table.keys())
  const currentVersions = new Map(
    Array.from(table.values(), (entry) => [entry.type, entry.current]),
  )

  const toEvent = (entry: TypeEntry, data: unknown): Draft => {
    const into: Draft = { type: entry.type }
    return entry.currentPlan === undefined
      ? copyFields(data, into)
      : copyPlan(entry.currentPlan, data, into)
  }

  const decode = (record: DecodeInput): Either<DecodeError, Event> => {
    const entry = table.get(record.type)
    if (entry === undefined) return left(unknownEventType(record, types))
    const schemaVersion = record.schemaVersion
    const version = typeof schemaVersion === 'number' ? entry.byVersion[schemaVersion] : undefined
    if (version === undefined) return left(unsupportedSchemaVersion(record, entry.supported))
    const data = record.data
    if (version.upcasters.length === 0) {
      let event: Draft | undefined
      if (version.plan !== undefined) event = readPlan(version.plan, data, { type: entry.type })
      else {
        const value = readWhole(version.codec, data)
        event = value === undefined ? undefined : toEvent(entry, value)
      }
      return event === undefined
        ? left(describeInvalid(record, version.codec, data))
        : right(event as Event)
    }
    let value: unknown =
      version.plan === undefined ? readWhole(version.codec, data) : readPlan(version.plan, data, {})
    if (value === undefined) return left(describeInvalid(record, version.codec, data))
    const upcasters = version.upcasters
    try {
      for (let i = 0; i < upcasters.length; i++)
        value = (upcasters[i] as (u: unknown) => unknown)(value)
    } catch (cause) {
      return left(
        invalidEventData(record, [
          {
            path: 'data',
            expected: `an upcast from v${schemaVersion} to v${entry.current}`,
            actual: `the upcaster threw: ${cause instanceof Error ? cause.message : String(cause)}`,
          },
        ]),
      )
    }
    // An upcaster is user code: its result must be a value of the current type (the decoded
    // side, so a Date is a Date), checked with the current codec's guard.
    if (!entry.currentCodec.is(value))
      return left(
        invalidEventData(record, [
          {
            path: 'data',
            expected: `the upcast result to be a ${entry.currentCodec.name}`,
            actual: renderValue(value),
          },
        ]),
      )
    return right(toEvent(entry, value) as Event)
  }

  const encode = (event: Event): EncodedEvent => {
    const type = (event as { readonly type: string }).type
    const entry = table.get(type)
    if (entry === undefined) {
      // Unreachable from typed code: the codec's type covers every event type it encodes.
      throw new TypeError(`foldwise: no codec for event type ${JSON.stringify(type)}`)
    }
    const data =
      entry.currentPlan === undefined
        ? entry.currentCodec.encode(copyFields(event, {}))
        : writePlan(entry.currentPlan, event)
    return { type: entry.type, schemaVersion: entry.current, data: data as Json }
  }

  return { encode, decode, types, currentVersions }
}

/**
 * Builds the codec of an event union, one of two ways:
 * - `eventCodec({...})`: the event type is derived from the codecs, each key an event type and
 *   each value its versions;
 * - `eventCodec<BankEvent>()({...})`: for a given event union, failing to compile when an event
 *   type of the union has no versions, or its current codec decodes to a different data type.
 *
 * @example
 * import * as t from 'io-ts'
 * import { eventCodec, versions } from 'foldwise/codec'
 * const codec = eventCodec({
 *   MoneyDeposited: versions(t.type({ amount: t.number })).upcastTo(
 *     t.type({ amount: t.number, currency: t.string }),
 *     (v1) => ({ amount: v1.amount, currency: 'EUR' }),
 *   ),
 * })
 * const decoded = codec.decode({
 *   streamId: 'account-1', streamVersion: 1, type: 'MoneyDeposited', schemaVersion: 1, data: { amount: 5 },
 * })
 * assert.deepStrictEqual(decoded, { _tag: 'Right', right: { type: 'MoneyDeposited', amount: 5, currency: 'EUR' } })
 *
 * type Opened = { readonly type: 'Opened'; readonly owner: string }
 * const opened = eventCodec<Opened>()({ Opened: versions(t.type({ owner: t.string })) })
 * assert.deepStrictEqual(opened.encode({ type: 'Opened', owner: 'Ada' }), { type: 'Opened', schemaVersion: 1, data: { owner: 'Ada' } })
 *
 * @category constructors
 * @since 0.1.0
 */
export function eventCodec<Event extends { readonly type: string }>(): (
  definitions: EventVersionsFor<Event>,
) => VersionedEventCodec<Event>
export function eventCodec<Definitions extends Readonly<Record<string, AnyEventVersions>>>(
  definitions: Definitions,
): VersionedEventCodec<EventOf<Definitions>>
export function eventCodec(definitions?: Readonly<Record<string, AnyEventVersions>>): object {
  return definitions === undefined
    ? (given: object): object => build(given as Readonly<Record<string, AnyEventVersions>>)
    : build(definitions)
}
