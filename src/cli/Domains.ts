/**
 * The example domains the CLI knows by name (`--domain bank|loot|cargo`): each decider with its
 * command, event and state codecs, from src/examples.
 *
 * @since 0.1.0
 */
import type { CommandCodec } from '../codec/CommandCodec.js'
import type { EventCodec } from '../codec/EventCodec.js'
import type { StateCodec } from '../codec/SnapshotCodec.js'
import type { Decider } from '../kernel/Decider.js'
import type { BankCommand, BankEvent, BankRejection, BankState } from '../examples/bank.js'
import { bankAccount } from '../examples/bank.js'
import { bankCommandCodec, bankEventCodec, bankStateCodec } from '../examples/bank.codec.js'
import type { CargoCommand, CargoEvent, CargoRejection, CargoState } from '../examples/cargo.js'
import { cargoShip } from '../examples/cargo.js'
import { cargoCommandCodec, cargoEventCodec, cargoStateCodec } from '../examples/cargo.codec.js'
import type { LootCommand, LootEvent, LootRejection, LootState } from '../examples/loot.js'
import { lootInventory } from '../examples/loot.js'
import { lootCommandCodec, lootEventCodec, lootStateCodec } from '../examples/loot.codec.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The names of the example domains.
 *
 * @category model
 * @since 0.1.0
 */
export const domainNames = ['bank', 'loot', 'cargo'] as const

/**
 * One of `bank`, `loot`, `cargo`.
 *
 * @category model
 * @since 0.1.0
 */
export type DomainName = (typeof domainNames)[number]

/**
 * A domain as the CLI uses it: its decider, its event codec (to read and write events), its
 * command codec (to read a command given as JSON) and its state codec (to print a state).
 *
 * @category model
 * @since 0.1.0
 */
export interface Domain<Command, State, Event, Rejection> {
  readonly name: DomainName
  readonly title: string
  readonly decider: Decider<Command, State, Event, Rejection>
  readonly eventCodec: EventCodec<Event>
  readonly commandCodec: CommandCodec<Command>
  readonly stateCodec: StateCodec<State>
}

// -------------------------------------------------------------------------------------
// constants
// -------------------------------------------------------------------------------------

/**
 * The bank account of src/examples/bank.ts.
 *
 * @category constants
 * @since 0.1.0
 */
export const bankDomain: Domain<BankCommand, BankState, BankEvent, BankRejection> = {
  name: 'bank',
  title: 'a bank account',
  decider: bankAccount,
  eventCodec: bankEventCodec,
  commandCodec: bankCommandCodec,
  stateCodec: bankStateCodec,
}

/**
 * The loot inventory of src/examples/loot.ts.
 *
 * @category constants
 * @since 0.1.0
 */
export const lootDomain: Domain<LootCommand, LootState, LootEvent, LootRejection> = {
  name: 'loot',
  title: "a game character's loot inventory",
  decider: lootInventory,
  eventCodec: lootEventCodec,
  commandCodec: lootCommandCodec,
  stateCodec: lootStateCodec,
}

/**
 * The cargo ship of src/examples/cargo.ts.
 *
 * @category constants
 * @since 0.1.0
 */
export const cargoDomain: Domain<CargoCommand, CargoState, CargoEvent, CargoRejection> = {
  name: 'cargo',
  title: 'a cargo ship',
  decider: cargoShip,
  eventCodec: cargoEventCodec,
  commandCodec: cargoCommandCodec,
  stateCodec: cargoStateCodec,
}

// -------------------------------------------------------------------------------------
// folding
// -------------------------------------------------------------------------------------

/**
 * What to do with whichever domain a name picks: one function per domain, so each keeps its
 * own types.
 *
 * @category folding
 * @since 0.1.0
 */
export interface DomainCases<A> {
  readonly bank: (domain: typeof bankDomain) => A
  readonly loot: (domain: typeof lootDomain) => A
  readonly cargo: (domain: typeof cargoDomain) => A
}

/**
 * Runs the case of the domain named `name`.
 *
 * @category folding
 * @since 0.1.0
 */
export const matchDomain = <A>(name: DomainName, cases: DomainCases<A>): A => {
  switch (name) {
    case 'bank':
      return cases.bank(bankDomain)
    case 'loot':
      return cases.loot(lootDomain)
    case 'cargo':
      return cases.cargo(cargoDomain)
  }
}
