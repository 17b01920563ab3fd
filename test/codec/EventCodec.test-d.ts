/**
 * Type tests, checked by `tsc` (npm run typecheck): the decoded union is derived from the
 * codecs, and the builder refuses a domain union with an event type left out.
 */
import * as t from 'io-ts'
import { expectTypeOf } from 'vitest'
import type { EventCodec } from '../../src/codec/index.js'
import type { EventOf } from '../../src/codec/EventCodec.js'
import { eventCodec, versions } from '../../src/codec/index.js'
import type { BankEvent } from '../../src/examples/bank.js'

const definitions = {
  Opened: versions(t.type({ owner: t.string })),
  Deposited: versions(t.type({ amount: t.number })).upcastTo(
    t.type({ amount: t.number, currency: t.string }),
    (v1) => ({ amount: v1.amount, currency: 'EUR' }),
  ),
}

// The decoded union is derived from the current codec of each event type.
expectTypeOf<EventOf<typeof definitions>>().toEqualTypeOf<
  | { readonly type: 'Opened'; readonly owner: string }
  | { readonly type: 'Deposited'; readonly amount: number; readonly currency: string }
>()
expectTypeOf(eventCodec(definitions)).toExtend<EventCodec<EventOf<typeof definitions>>>()

// An upcaster must produce the next version's data.
versions(t.type({ amount: t.number })).upcastTo(
  t.type({ amount: t.number, currency: t.string }),
  // @ts-expect-error: the upcaster forgets `currency`
  (v1) => ({ amount: v1.amount }),
)

const MoneyDeposited = versions(t.type({ amount: t.number, currency: t.string }))
const AccountOpened = versions(
  t.type({ accountId: t.string, owner: t.string, initialBalance: t.number, currency: t.string }),
)
const MoneyWithdrawn = versions(t.type({ amount: t.number }))
const AccountClosed = versions(t.type({}))

// Every event type of the domain union has versions: this compiles.
expectTypeOf(
  eventCodec<BankEvent>()({ AccountOpened, MoneyDeposited, MoneyWithdrawn, AccountClosed }),
).toExtend<EventCodec<BankEvent>>()

// @ts-expect-error: `AccountClosed` has no codec
eventCodec<BankEvent>()({ AccountOpened, MoneyDeposited, MoneyWithdrawn })

eventCodec<BankEvent>()({
  AccountOpened,
  // @ts-expect-error: the current codec of `MoneyDeposited` lacks `currency`
  MoneyDeposited: versions(t.type({ amount: t.number })),
  MoneyWithdrawn,
  AccountClosed,
})

eventCodec<BankEvent>()({
  AccountOpened,
  MoneyDeposited,
  MoneyWithdrawn,
  AccountClosed,
  // @ts-expect-error: no such event type in the union
  MoneyStolen: versions(t.type({})),
})
