/**
 * A synthetic event with three schema versions and rich fields, so "upcasting straight through
 * equals upcasting step by step" has more than one step to compare.
 *
 * v1 `{ parcelId, weightGrams }` -> v2 `{ parcelId, weight: { value, unit } }` ->
 * v3 adds `shippedAt` (a Date, stored as ISO string) and `declaredValue` (a bigint, stored as a
 * string).
 */
import * as t from 'io-ts'
import {
  BigIntFromString,
  DateFromISOString,
  SafeInteger,
  brandedId,
  eventCodec,
  versions,
} from '../../src/codec/index.js'

export const ParcelId = brandedId('ParcelId', /^parcel-[0-9]+$/)

export const ParcelShippedV1 = t.type({ parcelId: t.string, weightGrams: SafeInteger })
export const Weight = t.type({ value: SafeInteger, unit: t.keyof({ g: null, kg: null }) })
export const ParcelShippedV2 = t.type({ parcelId: ParcelId, weight: Weight })
export const ParcelShippedV3 = t.type({
  parcelId: ParcelId,
  weight: Weight,
  shippedAt: DateFromISOString,
  declaredValue: BigIntFromString,
})
export type ParcelShippedV1 = t.TypeOf<typeof ParcelShippedV1>
export type ParcelShippedV2 = t.TypeOf<typeof ParcelShippedV2>
export type ParcelShippedV3 = t.TypeOf<typeof ParcelShippedV3>

/** Old parcel ids were free text; v2 requires the `parcel-<n>` form. */
export const upcastV1toV2 = (v1: ParcelShippedV1): ParcelShippedV2 => ({
  parcelId: (ParcelId.is(v1.parcelId) ? v1.parcelId : 'parcel-0') as t.TypeOf<typeof ParcelId>,
  weight: { value: v1.weightGrams, unit: 'g' },
})

export const upcastV2toV3 = (v2: ParcelShippedV2): ParcelShippedV3 => ({
  parcelId: v2.parcelId,
  weight: v2.weight,
  shippedAt: new Date(0),
  declaredValue: 0n,
})

export const parcelShippedVersions = versions(ParcelShippedV1)
  .upcastTo(ParcelShippedV2, upcastV1toV2)
  .upcastTo(ParcelShippedV3, upcastV2toV3)

export const parcelCodec = eventCodec({
  ParcelShipped: parcelShippedVersions,
  ParcelLost: versions(t.type({ parcelId: ParcelId, reason: t.union([t.string, t.null]) })),
})
