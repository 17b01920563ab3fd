/**
 * Rich field codecs: values that are not JSON in the domain but are stored as JSON. Each
 * round-trips: `decode(encode(value))` equals `value`.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'

// -------------------------------------------------------------------------------------
// dates
// -------------------------------------------------------------------------------------

const isoDateTime = /^[+-]?\d{4,6}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

const isValidDate = (u: unknown): u is Date => u instanceof Date && !Number.isNaN(u.getTime())

/**
 * A `Date` stored as an ISO-8601 string with a time zone (`2024-05-01T12:00:00.000Z`); encodes
 * with `toISOString`. Dates without a time or a zone are refused: they are ambiguous.
 *
 * @example
 * import { DateFromISOString } from 'foldwise/codec'
 * const date = DateFromISOString.decode('2024-05-01T12:00:00.000Z')
 * assert.ok(date._tag === 'Right' && date.right.getTime() === Date.UTC(2024, 4, 1, 12))
 *
 * @category dates
 * @since 0.1.0
 */
export const DateFromISOString: t.Type<Date, string, unknown> = new t.Type<Date, string, unknown>(
  'DateFromISOString',
  isValidDate,
  (u, c) => {
    if (typeof u !== 'string' || !isoDateTime.test(u)) return t.failure(u, c)
    const date = new Date(u)
    return Number.isNaN(date.getTime()) ? t.failure(u, c) : t.success(date)
  },
  (date) => date.toISOString(),
)

// -------------------------------------------------------------------------------------
// big integers
// -------------------------------------------------------------------------------------

const canonicalInteger = /^-?(0|[1-9]\d*)$/

/**
 * A `bigint` stored as a decimal string (JSON numbers lose precision past 2^53). Only the
 * canonical form is accepted (no `+`, no leading zeros, no `-0`), so decoding then encoding
 * gives back the same string.
 *
 * @example
 * import { BigIntFromString } from 'foldwise/codec'
 * assert.deepStrictEqual(BigIntFromString.decode('9007199254740993'), { _tag: 'Right', right: 9007199254740993n })
 *
 * @category big integers
 * @since 0.1.0
 */
export const BigIntFromString: t.Type<bigint, string, unknown> = new t.Type<
  bigint,
  string,
  unknown
>(
  'BigIntFromString',
  (u): u is bigint => typeof u === 'bigint',
  (u, c) =>
    typeof u === 'string' && canonicalInteger.test(u) && u !== '-0'
      ? t.success(BigInt(u))
      : t.failure(u, c),
  (n) => n.toString(),
)

// -------------------------------------------------------------------------------------
// branded ids
// -------------------------------------------------------------------------------------

declare const idBrand: unique symbol

/**
 * A string id branded with its kind: an `Id<'AccountId'>` is not an `Id<'ShipId'>`, nor a
 * bare string.
 *
 * @category branded ids
 * @since 0.1.0
 */
export type Id<Kind extends string> = string & { readonly [idBrand]: Kind }

/**
 * The codec of a branded id: a non-empty string, matching `pattern` when given; stored as the
 * bare string.
 *
 * @example
 * import { brandedId } from 'foldwise/codec'
 * const AccountId = brandedId('AccountId', /^acc-[0-9]+$/)
 * assert.ok(AccountId.is('acc-1'))
 * assert.ok(!AccountId.is('ship-1'))
 *
 * @category branded ids
 * @since 0.1.0
 */
export const brandedId = <Kind extends string>(
  kind: Kind,
  pattern?: RegExp,
): t.Type<Id<Kind>, string, unknown> => {
  const is = (u: unknown): u is Id<Kind> =>
    typeof u === 'string' && u.length > 0 && (pattern === undefined || pattern.test(u))
  return new t.Type<Id<Kind>, string, unknown>(
    kind,
    is,
    (u, c) => (is(u) ? t.success(u) : t.failure(u, c)),
    (id) => id,
  )
}

// -------------------------------------------------------------------------------------
// maps
// -------------------------------------------------------------------------------------

/**
 * A `ReadonlyMap` stored as an array of `[key, value]` entries (in the map's order), so keys
 * need not be strings.
 *
 * @example
 * import * as t from 'io-ts'
 * import { ReadonlyMapFromEntries } from 'foldwise/codec'
 * const Cargo = ReadonlyMapFromEntries(t.string, t.number)
 * assert.deepStrictEqual(Cargo.encode(new Map([['tea', 3]])), [['tea', 3]])
 *
 * @category maps
 * @since 0.1.0
 */
export const ReadonlyMapFromEntries = <Key, KeyOutput, Value, ValueOutput>(
  key: t.Type<Key, KeyOutput, unknown>,
  value: t.Type<Value, ValueOutput, unknown>,
  name = `ReadonlyMap<${key.name}, ${value.name}>`,
): t.Type<ReadonlyMap<Key, Value>, ReadonlyArray<readonly [KeyOutput, ValueOutput]>, unknown> => {
  const entries = t.readonlyArray(t.tuple([key, value]))
  return new t.Type<
    ReadonlyMap<Key, Value>,
    ReadonlyArray<readonly [KeyOutput, ValueOutput]>,
    unknown
  >(
    name,
    (u): u is ReadonlyMap<Key, Value> => {
      if (!(u instanceof Map)) return false
      for (const [k, v] of u) if (!key.is(k) || !value.is(v)) return false
      return true
    },
    (u, c) => {
      const result = entries.validate(u, c)
      if (result._tag === 'Left') return result
      const map = new Map<Key, Value>()
      for (const [k, v] of result.right) {
        if (map.has(k)) return t.failure(u, c, `duplicate key ${String(k)}`)
        map.set(k, v)
      }
      return t.success(map)
    },
    (map) => Array.from(map, ([k, v]) => [key.encode(k), value.encode(v)] as const),
  )
}

// -------------------------------------------------------------------------------------
// numbers
// -------------------------------------------------------------------------------------

/**
 * A safe integer (amounts in minor units, quantities): `1.5`, `NaN` and `2 ** 53` are refused.
 * Validated by a type guard alone on the decode hot path.
 *
 * @category numbers
 * @since 0.1.0
 */
export const SafeInteger: t.Type<number, number, unknown> = t.refinement(
  t.number,
  (n) => Number.isSafeInteger(n),
  'SafeInteger',
)
