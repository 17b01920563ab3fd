/**
 * The cargo ship: a vessel that docks, loads, sails and unloads. Its state carries a tagged
 * location and a map of cargo aboard.
 *
 * @since 0.1.0
 */
import type { Either } from 'fp-ts/lib/Either.js'
import { left, right } from 'fp-ts/lib/Either.js'
import type { Decider } from '../kernel/Decider.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What the shipping office asks of a ship.
 *
 * @category model
 * @since 0.1.0
 */
export type CargoCommand =
  | { readonly type: 'RegisterShip'; readonly shipId: string; readonly name: string }
  | { readonly type: 'Dock'; readonly port: string }
  | { readonly type: 'Depart' }
  | { readonly type: 'LoadCargo'; readonly cargo: string; readonly quantity: number }
  | { readonly type: 'UnloadCargo'; readonly cargo: string; readonly quantity: number }

/**
 * What happened to a ship. `ShipDeparted` names the port it left.
 *
 * @category model
 * @since 0.1.0
 */
export type CargoEvent =
  | { readonly type: 'ShipRegistered'; readonly shipId: string; readonly name: string }
  | { readonly type: 'ShipDocked'; readonly port: string }
  | { readonly type: 'ShipDeparted'; readonly port: string }
  | { readonly type: 'CargoLoaded'; readonly cargo: string; readonly quantity: number }
  | { readonly type: 'CargoUnloaded'; readonly cargo: string; readonly quantity: number }

/**
 * Why a command was refused.
 *
 * @category model
 * @since 0.1.0
 */
export type CargoRejection =
  | { readonly _tag: 'ShipNotRegistered' }
  | { readonly _tag: 'ShipAlreadyRegistered'; readonly shipId: string }
  | { readonly _tag: 'AlreadyDocked'; readonly port: string }
  | { readonly _tag: 'NotDocked' }
  | { readonly _tag: 'AtSea' }
  | {
      readonly _tag: 'NotEnoughCargo'
      readonly cargo: string
      readonly aboard: number
      readonly requested: number
    }
  | { readonly _tag: 'InvalidQuantity'; readonly quantity: number }

/**
 * Where a ship is. A newly registered ship is at sea until it first docks.
 *
 * @category model
 * @since 0.1.0
 */
export type ShipLocation =
  { readonly _tag: 'AtSea' } | { readonly _tag: 'Docked'; readonly port: string }

/**
 * A ship as its events leave it. `cargo` holds only positive quantities: unloading the last
 * unit removes the entry, so equal cargo always means equal maps.
 *
 * @category model
 * @since 0.1.0
 */
export interface CargoState {
  readonly registered: boolean
  readonly shipId: string
  readonly name: string
  readonly location: ShipLocation
  readonly cargo: ReadonlyMap<string, number>
}

const atSea: ShipLocation = { _tag: 'AtSea' }

/**
 * The state before any event: an unregistered ship.
 *
 * @category constants
 * @since 0.1.0
 */
export const initialCargoState: CargoState = {
  registered: false,
  shipId: '',
  name: '',
  location: atSea,
  cargo: new Map(),
}

// -------------------------------------------------------------------------------------
// decide
// -------------------------------------------------------------------------------------

const isValidQuantity = (quantity: number): boolean =>
  Number.isSafeInteger(quantity) && quantity > 0

const decideCargo = (
  command: CargoCommand,
  state: CargoState,
): Either<CargoRejection, ReadonlyArray<CargoEvent>> => {
  if (command.type === 'RegisterShip') {
    if (state.registered) return left({ _tag: 'ShipAlreadyRegistered', shipId: state.shipId })
    return right([{ type: 'ShipRegistered', shipId: command.shipId, name: command.name }])
  }
  if (!state.registered) return left({ _tag: 'ShipNotRegistered' })
  const location = state.location
  switch (command.type) {
    case 'Dock':
      if (location._tag === 'AtSea') return right([{ type: 'ShipDocked', port: command.port }])
      // Docking where the ship already lies changes nothing.
      if (location.port === command.port) return right([])
      return left({ _tag: 'AlreadyDocked', port: location.port })
    case 'Depart':
      if (location._tag === 'AtSea') return left({ _tag: 'NotDocked' })
      return right([{ type: 'ShipDeparted', port: location.port }])
    case 'LoadCargo': {
      if (location._tag === 'AtSea') return left({ _tag: 'AtSea' })
      const aboard = state.cargo.get(command.cargo) ?? 0
      if (!isValidQuantity(command.quantity) || !Number.isSafeInteger(aboard + command.quantity)) {
        return left({ _tag: 'InvalidQuantity', quantity: command.quantity })
      }
      return right([{ type: 'CargoLoaded', cargo: command.cargo, quantity: command.quantity }])
    }
    case 'UnloadCargo': {
      if (location._tag === 'AtSea') return left({ _tag: 'AtSea' })
      if (!isValidQuantity(command.quantity)) {
        return left({ _tag: 'InvalidQuantity', quantity: command.quantity })
      }
      const aboard = state.cargo.get(command.cargo) ?? 0
      if (aboard < command.quantity) {
        return left({
          _tag: 'NotEnoughCargo',
          cargo: command.cargo,
          aboard,
          requested: command.quantity,
        })
      }
      return right([{ type: 'CargoUnloaded', cargo: command.cargo, quantity: command.quantity }])
    }
  }
}

// -------------------------------------------------------------------------------------
// evolve
// -------------------------------------------------------------------------------------

const withCargo = (state: CargoState, cargo: ReadonlyMap<string, number>): CargoState => ({
  registered: state.registered,
  shipId: state.shipId,
  name: state.name,
  location: state.location,
  cargo,
})

const withLocation = (state: CargoState, location: ShipLocation): CargoState => ({
  registered: state.registered,
  shipId: state.shipId,
  name: state.name,
  location,
  cargo: state.cargo,
})

const evolveCargo = (state: CargoState, event: CargoEvent): CargoState => {
  switch (event.type) {
    case 'ShipRegistered':
      return {
        registered: true,
        shipId: event.shipId,
        name: event.name,
        location: state.location,
        cargo: state.cargo,
      }
    case 'ShipDocked':
      return withLocation(state, { _tag: 'Docked', port: event.port })
    case 'ShipDeparted':
      return withLocation(state, atSea)
    case 'CargoLoaded': {
      const cargo = new Map(state.cargo)
      cargo.set(event.cargo, (state.cargo.get(event.cargo) ?? 0) + event.quantity)
      return withCargo(state, cargo)
    }
    case 'CargoUnloaded': {
      const cargo = new Map(state.cargo)
      const remaining = (state.cargo.get(event.cargo) ?? 0) - event.quantity
      if (remaining > 0) cargo.set(event.cargo, remaining)
      else cargo.delete(event.cargo)
      return withCargo(state, cargo)
    }
  }
}

// -------------------------------------------------------------------------------------
// decider
// -------------------------------------------------------------------------------------

/**
 * The cargo ship decider: refuses departing when not docked, loading or unloading at sea, and
 * unloading more than is aboard.
 *
 * @category deciders
 * @since 0.1.0
 */
export const cargoShip: Decider<CargoCommand, CargoState, CargoEvent, CargoRejection> = {
  initialState: initialCargoState,
  decide: decideCargo,
  evolve: evolveCargo,
}

/**
 * The invariant every reachable ship state keeps: every quantity aboard is a positive safe
 * integer, and an unregistered ship carries nothing.
 *
 * @category invariants
 * @since 0.1.0
 */
export const cargoInvariant = (state: CargoState): boolean =>
  Array.from(state.cargo.values()).every((q) => Number.isSafeInteger(q) && q > 0) &&
  (state.registered || (state.cargo.size === 0 && state.location._tag === 'AtSea'))
