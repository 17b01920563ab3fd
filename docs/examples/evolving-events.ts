/**
 * The code of docs/evolving-events.md: evolving an event schema with an upcaster. The
 * Markdown quotes the regions below; test/codec/evolving-events-doc.test.ts runs them and
 * checks that the quotes are current.
 *
 * @since 0.1.0
 */
import type { Either } from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { DecodeError, EncodedEvent } from '../../src/codec/index.js'
import type { DecodeInput } from '../../src/codec/EventCodec.js'
import {
  SafeInteger,
  eventCodec,
  formatDecodeError,
  stateCodec,
  versions,
} from '../../src/codec/index.js'

// #region v1
/** Version 1: a total in euros, as a JavaScript number (so 19.99 is 19.990000000000002 away). */
export const OrderPlacedV1 = t.type({ orderId: t.string, total: t.number }, 'OrderPlacedV1')

export type OrderEventV1 =
  | { readonly type: 'OrderPlaced'; readonly orderId: string; readonly total: number }
  | { readonly type: 'OrderShipped'; readonly orderId: string }

const OrderShipped = versions(t.type({ orderId: t.string }, 'OrderShipped'))

export const orderCodecV1 = eventCodec<OrderEventV1>()({
  OrderPlaced: versions(OrderPlacedV1),
  OrderShipped,
})
// #endregion v1

/** Records the v1 code wrote, as a store hands them back. */
export const recordsWrittenByV1: ReadonlyArray<DecodeInput> = [
  { type: 'OrderPlaced', orderId: 'o-1', total: 19.99 } as const,
  { type: 'OrderShipped', orderId: 'o-1' } as const,
].map((event, i): DecodeInput => {
  const stored = JSON.parse(JSON.stringify(orderCodecV1.encode(event))) as EncodedEvent
  return {
    streamId: 'order-o-1',
    streamVersion: i + 1,
    type: stored.type,
    schemaVersion: stored.schemaVersion,
    data: stored.data,
  }
})

// #region v2
/** Version 2: money in integer minor units, with its currency. */
export const Money = t.type({ minor: SafeInteger, currency: t.string }, 'Money')
export const OrderPlacedV2 = t.type({ orderId: t.string, total: Money }, 'OrderPlacedV2')

export type OrderEvent =
  | {
      readonly type: 'OrderPlaced'
      readonly orderId: string
      readonly total: { readonly minor: number; readonly currency: string }
    }
  | { readonly type: 'OrderShipped'; readonly orderId: string }

/** v1 totals were euros: round to cents once, here, and never again. */
export const upcastOrderPlaced = (
  v1: t.TypeOf<typeof OrderPlacedV1>,
): t.TypeOf<typeof OrderPlacedV2> => ({
  orderId: v1.orderId,
  total: { minor: Math.round(v1.total * 100), currency: 'EUR' },
})

export const orderCodec = eventCodec<OrderEvent>()({
  OrderPlaced: versions(OrderPlacedV1).upcastTo(OrderPlacedV2, upcastOrderPlaced),
  OrderShipped,
})
// #endregion v2

// #region read-old
/** The new code reads what the old code wrote: each v1 record is validated, then upcast. */
export const readOldRecords = (): ReadonlyArray<Either<DecodeError, OrderEvent>> =>
  recordsWrittenByV1.map(orderCodec.decode)
// #endregion read-old

// #region write-new
/** And writes the current version only. */
export const writeNewEvent = (): EncodedEvent =>
  orderCodec.encode({
    type: 'OrderPlaced',
    orderId: 'o-2',
    total: { minor: 4250, currency: 'USD' },
  })
// #endregion write-new

// #region errors
/** A record from a newer deployment, or a damaged one, is a typed error, never a crash. */
export const readFromTheFuture = (): string => {
  const result = orderCodec.decode({
    streamId: 'order-o-3',
    streamVersion: 1,
    type: 'OrderPlaced',
    schemaVersion: 3,
    data: { orderId: 'o-3', total: { minor: 100, currency: 'EUR' }, channel: 'web' },
  })
  return result._tag === 'Left' ? formatDecodeError(result.left) : 'decoded'
}

export const readDamaged = (): string => {
  const result = orderCodec.decode({
    streamId: 'order-o-4',
    streamVersion: 1,
    type: 'OrderPlaced',
    schemaVersion: 2,
    data: { orderId: 'o-4', total: { minor: '12.50', currency: 'EUR' } },
  })
  return result._tag === 'Left' ? formatDecodeError(result.left) : 'decoded'
}
// #endregion errors

// #region snapshots
/** The state's stored shape changed with the events: bump the state codec's version. */
export const orderStateCodec = stateCodec({
  version: 2,
  name: 'OrderState',
  codec: t.type({ placed: t.boolean, shipped: t.boolean, totalMinor: SafeInteger }),
})

/** A snapshot taken by the v1 code is refused, so the runtime folds the events instead. */
export const readOldSnapshot = () =>
  orderStateCodec.decode({
    streamId: 'order-o-1',
    streamVersion: 2,
    stateVersion: 1,
    state: { placed: true, shipped: true, total: 19.99 },
  })
// #endregion snapshots
