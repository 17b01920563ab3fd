/**
 * The cargo demo: the first run registers the Northwind, loads in Rotterdam and unloads in
 * Hamburg; each later run sails on to the next port, unloads some, loads some, and leaves.
 *
 * @since 0.1.0
 */
import type { CargoCommand, CargoEvent, CargoRejection, CargoState } from '../../examples/cargo.js'
import { cargoDomain } from '../Domains.js'
import type { Scenario } from './Scenario.js'

const ports: ReadonlyArray<string> = ['Rotterdam', 'Hamburg', 'Lisbon', 'Genoa', 'Piraeus']
const goods: ReadonlyArray<string> = ['coffee', 'tea', 'spices', 'copper', 'wool']

const firstRun: ReadonlyArray<CargoCommand> = [
  { type: 'RegisterShip', shipId: 'ship-1', name: 'Northwind' },
  { type: 'Dock', port: 'Rotterdam' },
  { type: 'LoadCargo', cargo: 'coffee', quantity: 40 },
  { type: 'LoadCargo', cargo: 'tea', quantity: 10 },
  { type: 'Depart' },
  { type: 'UnloadCargo', cargo: 'coffee', quantity: 5 },
  { type: 'Dock', port: 'Hamburg' },
  { type: 'UnloadCargo', cargo: 'coffee', quantity: 50 },
  { type: 'UnloadCargo', cargo: 'coffee', quantity: 25 },
  { type: 'Depart' },
]

const laterRun = (state: CargoState, run: number): ReadonlyArray<CargoCommand> => {
  const commands: Array<CargoCommand> = []
  if (state.location._tag === 'Docked') commands.push({ type: 'Depart' })
  commands.push({ type: 'Dock', port: ports[run % ports.length] as string })
  const aboard = Array.from(state.cargo).find(([, quantity]) => quantity > 0)
  if (aboard !== undefined)
    commands.push({
      type: 'UnloadCargo',
      cargo: aboard[0],
      quantity: Math.max(1, Math.floor(aboard[1] / 2)),
    })
  commands.push(
    { type: 'LoadCargo', cargo: goods[run % goods.length] as string, quantity: 5 * run },
    { type: 'RegisterShip', shipId: 'ship-1', name: 'Northwind' },
    { type: 'Depart' },
  )
  return commands
}

/**
 * Run 1 registers `ship-1` and makes the first voyage; run n docks at the next port.
 *
 * @category scenarios
 * @since 0.1.0
 */
export const cargoScenario: Scenario<CargoCommand, CargoState, CargoEvent, CargoRejection> = {
  domain: cargoDomain,
  streamId: 'ship-1',
  script: (state, run) => (state.registered ? laterRun(state, run) : firstRun),
}
