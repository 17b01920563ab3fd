/**
 * Type tests, checked by `tsc`: the command union is derived from the codecs, and the builder
 * refuses a domain union with a command type left out or a codec of the wrong fields.
 */
import * as t from 'io-ts'
import { expectTypeOf } from 'vitest'
import type { CommandCodec, CommandOf } from '../../src/codec/index.js'
import { commandCodec } from '../../src/codec/index.js'
import type { CargoCommand } from '../../src/examples/cargo.js'

const definitions = { Deposit: t.type({ amount: t.number }), Close: t.type({}) }
expectTypeOf<CommandOf<typeof definitions>>().toEqualTypeOf<
  { readonly type: 'Deposit'; readonly amount: number } | { readonly type: 'Close' }
>()
expectTypeOf(commandCodec(definitions)).toEqualTypeOf<CommandCodec<CommandOf<typeof definitions>>>()

const RegisterShip = t.type({ shipId: t.string, name: t.string })
const Dock = t.type({ port: t.string })
const Depart = t.type({})
const Moved = t.type({ cargo: t.string, quantity: t.number })

expectTypeOf(
  commandCodec<CargoCommand>()({
    RegisterShip,
    Dock,
    Depart,
    LoadCargo: Moved,
    UnloadCargo: Moved,
  }),
).toEqualTypeOf<CommandCodec<CargoCommand>>()

// @ts-expect-error: `UnloadCargo` has no codec
commandCodec<CargoCommand>()({ RegisterShip, Dock, Depart, LoadCargo: Moved })

commandCodec<CargoCommand>()({
  RegisterShip,
  // @ts-expect-error: the codec of `Dock` decodes a number port
  Dock: t.type({ port: t.number }),
  Depart,
  LoadCargo: Moved,
  UnloadCargo: Moved,
})
