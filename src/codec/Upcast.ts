/**
 * The versions of one event type: the io-ts codec of each schema version, oldest first, and
 * an upcaster from each version to the next. Versions are numbered from 1.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One schema version: its codec and, unless it is the current one, the upcaster to the next.
 *
 * @category model
 * @since 0.1.0
 */
export interface SchemaVersion {
  readonly version: number
  readonly codec: t.Mixed
  readonly upcast: ((previous: unknown) => unknown) | undefined
}

/**
 * The versions of an event type, whatever its data type (what the builder accepts).
 *
 * @category model
 * @since 0.1.0
 */
export interface AnyEventVersions {
  readonly _tag: 'EventVersions'
  /** The current schema version: the one `encode` writes. */
  readonly version: number
  /** Every version, oldest first: `versions[i]` is schema version `i + 1`. */
  readonly versions: ReadonlyArray<SchemaVersion>
}

/**
 * The versions of an event type whose current data type is `Data`.
 *
 * @category model
 * @since 0.1.0
 */
export interface EventVersions<Data> extends AnyEventVersions {
  /** Phantom: makes `Data` invariant, so a codec for the wrong data type fails to compile. */
  readonly _Data?: (data: Data) => Data
  /**
   * Adds the next version: its codec and the upcaster from the current version to it.
   */
  readonly upcastTo: <Next, Output>(
    codec: t.Type<Next, Output, unknown>,
    upcast: (previous: Data) => Next,
  ) => EventVersions<Next>
}

/**
 * The current data type of an event type's versions.
 *
 * @category model
 * @since 0.1.0
 */
export type DataOf<Versions> = Versions extends EventVersions<infer Data> ? Data : never

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const make = <Data>(all: ReadonlyArray<SchemaVersion>): EventVersions<Data> => ({
  _tag: 'EventVersions',
  version: all.length,
  versions: all,
  upcastTo: <Next, Output>(
    codec: t.Type<Next, Output, unknown>,
    upcast: (previous: Data) => Next,
  ): EventVersions<Next> => {
    const last = all[all.length - 1] as SchemaVersion
    const linked: SchemaVersion = {
      version: last.version,
      codec: last.codec,
      upcast: upcast as (previous: unknown) => unknown,
    }
    return make<Next>([
      ...all.slice(0, -1),
      linked,
      { version: all.length + 1, codec: codec as t.Mixed, upcast: undefined },
    ])
  },
})

/**
 * Starts the versions of an event type with its first schema version (v1). Chain
 * `upcastTo(codecV2, (v1) => v2)` for each later version.
 *
 * @example
 * import * as t from 'io-ts'
 * import { versions } from 'foldwise/codec'
 * const moneyDeposited = versions(t.type({ amount: t.number })).upcastTo(
 *   t.type({ amount: t.number, currency: t.string }),
 *   (v1) => ({ amount: v1.amount, currency: 'EUR' }),
 * )
 * assert.strictEqual(moneyDeposited.version, 2)
 *
 * @category constructors
 * @since 0.1.0
 */
export const versions = <Data, Output>(codec: t.Type<Data, Output, unknown>): EventVersions<Data> =>
  make<Data>([{ version: 1, codec: codec as t.Mixed, upcast: undefined }])

// -------------------------------------------------------------------------------------
// upcasting
// -------------------------------------------------------------------------------------

/**
 * The upcasters that take data of schema version `from` to the current version, in order
 * (empty for the current version).
 *
 * @category upcasting
 * @since 0.1.0
 */
export const upcastersFrom = (
  eventVersions: AnyEventVersions,
  from: number,
): ReadonlyArray<(previous: unknown) => unknown> => {
  const out: Array<(previous: unknown) => unknown> = []
  for (const step of eventVersions.versions) {
    if (step.version >= from && step.upcast !== undefined) out.push(step.upcast)
  }
  return out
}

/**
 * Upcasts already-validated data of schema version `from` to the current version, one step at
 * a time.
 *
 * @category upcasting
 * @since 0.1.0
 */
export const upcast = (eventVersions: AnyEventVersions, from: number, data: unknown): unknown => {
  let value = data
  for (const step of upcastersFrom(eventVersions, from)) value = step(value)
  return value
}
