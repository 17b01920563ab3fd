import { describe, expect, it } from 'vitest'
import type { CargoEvent } from '../../src/examples/cargo.js'
import { cargoShip } from '../../src/examples/cargo.js'
import { specFor } from '../../src/testing/index.js'

const { given } = specFor(cargoShip)

const registered: CargoEvent = { type: 'ShipRegistered', shipId: 'imo-1', name: 'Ever Given' }
const dockedSingapore: CargoEvent = { type: 'ShipDocked', port: 'Singapore' }
const loaded500: CargoEvent = { type: 'CargoLoaded', cargo: 'electronics', quantity: 500 }
const departedSingapore: CargoEvent = { type: 'ShipDeparted', port: 'Singapore' }

describe('cargo ship: RegisterShip', () => {
  it('registers a ship, at sea and empty', () => {
    const { state } = given()
      .when({ type: 'RegisterShip', shipId: 'imo-1', name: 'Ever Given' })
      .then([registered])
    expect(state.location).toEqual({ _tag: 'AtSea' })
    expect(state.cargo.size).toBe(0)
  })
  it('rejects registering twice', () => {
    given([registered])
      .when({ type: 'RegisterShip', shipId: 'imo-2', name: 'Other' })
      .thenRejects({ _tag: 'ShipAlreadyRegistered', shipId: 'imo-1' })
  })
  it('rejects every other command for an unregistered ship', () => {
    given().when({ type: 'Dock', port: 'Singapore' }).thenRejects({ _tag: 'ShipNotRegistered' })
    given().when({ type: 'Depart' }).thenRejects({ _tag: 'ShipNotRegistered' })
    given()
      .when({ type: 'LoadCargo', cargo: 'grain', quantity: 1 })
      .thenRejects({ _tag: 'ShipNotRegistered' })
    given()
      .when({ type: 'UnloadCargo', cargo: 'grain', quantity: 1 })
      .thenRejects({ _tag: 'ShipNotRegistered' })
  })
})

describe('cargo ship: Dock and Depart', () => {
  it('docks a ship at sea', () => {
    given([registered]).when({ type: 'Dock', port: 'Singapore' }).then([dockedSingapore])
  })
  it('docking where the ship already lies changes nothing', () => {
    given([registered, dockedSingapore])
      .when({ type: 'Dock', port: 'Singapore' })
      .thenNothingHappens()
  })
  it('rejects docking elsewhere while docked', () => {
    given([registered, dockedSingapore])
      .when({ type: 'Dock', port: 'Hong Kong' })
      .thenRejects({ _tag: 'AlreadyDocked', port: 'Singapore' })
  })
  it('departs from the port it is docked at', () => {
    given([registered, dockedSingapore]).when({ type: 'Depart' }).then([departedSingapore])
  })
  it('rejects departing when not docked', () => {
    given([registered]).when({ type: 'Depart' }).thenRejects({ _tag: 'NotDocked' })
  })
})

describe('cargo ship: LoadCargo and UnloadCargo', () => {
  it('loads cargo while docked', () => {
    given([registered, dockedSingapore])
      .when({ type: 'LoadCargo', cargo: 'electronics', quantity: 500 })
      .then([loaded500])
  })
  it('rejects loading or unloading at sea', () => {
    given([registered])
      .when({ type: 'LoadCargo', cargo: 'electronics', quantity: 1 })
      .thenRejects({ _tag: 'AtSea' })
    given([registered, dockedSingapore, loaded500, departedSingapore])
      .when({ type: 'UnloadCargo', cargo: 'electronics', quantity: 1 })
      .thenRejects({ _tag: 'AtSea' })
  })
  it('rejects unloading more than is aboard', () => {
    given([registered, dockedSingapore, loaded500])
      .when({ type: 'UnloadCargo', cargo: 'electronics', quantity: 501 })
      .thenRejects({ _tag: 'NotEnoughCargo', cargo: 'electronics', aboard: 500, requested: 501 })
    given([registered, dockedSingapore])
      .when({ type: 'UnloadCargo', cargo: 'grain', quantity: 1 })
      .thenRejects({ _tag: 'NotEnoughCargo', cargo: 'grain', aboard: 0, requested: 1 })
  })
  it('rejects a quantity that is not a positive integer', () => {
    for (const quantity of [0, -1, 2.5]) {
      given([registered, dockedSingapore])
        .when({ type: 'LoadCargo', cargo: 'grain', quantity })
        .thenRejects({ _tag: 'InvalidQuantity', quantity })
      given([registered, dockedSingapore, loaded500])
        .when({ type: 'UnloadCargo', cargo: 'electronics', quantity })
        .thenRejects({ _tag: 'InvalidQuantity', quantity })
    }
  })
  it('unloading everything removes the cargo from the manifest', () => {
    given([registered, dockedSingapore, loaded500])
      .when({ type: 'UnloadCargo', cargo: 'electronics', quantity: 500 })
      .thenState({
        registered: true,
        shipId: 'imo-1',
        name: 'Ever Given',
        location: { _tag: 'Docked', port: 'Singapore' },
        cargo: new Map(),
      })
  })
})

describe('cargo ship: the voyage', () => {
  it('register, dock at Singapore, load 500 electronics, depart, dock at Hong Kong, unload 200', () => {
    given([
      registered,
      dockedSingapore,
      loaded500,
      departedSingapore,
      { type: 'ShipDocked', port: 'Hong Kong' },
    ])
      .when({ type: 'UnloadCargo', cargo: 'electronics', quantity: 200 })
      .thenState({
        registered: true,
        shipId: 'imo-1',
        name: 'Ever Given',
        location: { _tag: 'Docked', port: 'Hong Kong' },
        cargo: new Map([['electronics', 300]]),
      })
  })
})
