/**
 * The cargo ship's codecs: its events (all still at v1) and its state, whose cargo map is
 * stored as `[cargo, quantity]` entries.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import type { CommandCodec, StateCodec } from '../codec/index.js'
import {
  ReadonlyMapFromEntries,
  SafeInteger,
  commandCodec,
  eventCodec,
  stateCodec,
  versions,
} from '../codec/index.js'
import type { CargoCommand, CargoEvent, CargoState } from './cargo.js'

const cargoMoved = (name: string) =>
  versions(t.type({ cargo: t.string, quantity: SafeInteger }, name))

/**
 * The codec of every cargo ship event.
 *
 * @category codecs
 * @since 0.1.0
 */
export const cargoEventCodec = eventCodec<CargoEvent>()({
  ShipRegistered: versions(t.type({ shipId: t.string, name: t.string }, 'ShipRegistered')),
  ShipDocked: versions(t.type({ port: t.string }, 'ShipDocked')),
  ShipDeparted: versions(t.type({ port: t.string }, 'ShipDeparted')),
  CargoLoaded: cargoMoved('CargoLoaded'),
  CargoUnloaded: cargoMoved('CargoUnloaded'),
})

/**
 * Where a ship is.
 *
 * @category codecs
 * @since 0.1.0
 */
export const ShipLocationCodec = t.union(
  [t.type({ _tag: t.literal('AtSea') }), t.type({ _tag: t.literal('Docked'), port: t.string })],
  'ShipLocation',
)

/**
 * The codec of a ship's snapshot (state version 1); the cargo map is stored as entries.
 *
 * @category codecs
 * @since 0.1.0
 */
export const cargoStateCodec: StateCodec<CargoState> = stateCodec({
  version: 1,
  name: 'CargoState',
  codec: t.type({
    registered: t.boolean,
    shipId: t.string,
    name: t.string,
    location: ShipLocationCodec,
    cargo: ReadonlyMapFromEntries(t.string, SafeInteger),
  }),
})

/**
 * The codec of every cargo command, for commands that arrive as JSON.
 *
 * @category codecs
 * @since 0.1.0
 */
export const cargoCommandCodec: CommandCodec<CargoCommand> = commandCodec<CargoCommand>()({
  RegisterShip: t.type({ shipId: t.string, name: t.string }),
  Dock: t.type({ port: t.string }),
  Depart: t.type({}),
  LoadCargo: t.type({ cargo: t.string, quantity: SafeInteger }),
  UnloadCargo: t.type({ cargo: t.string, quantity: SafeInteger }),
})
