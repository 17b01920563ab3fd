/**
 * A demo scenario: which stream a domain's demo writes, and what it does on each run given
 * the state the earlier runs left (so a second run continues the story rather than repeating
 * it).
 *
 * @since 0.1.0
 */
import type { Effect } from 'effect'
import type { EventStoreService } from '../../runtime/index.js'
import type { CliFailure } from '../CliFailure.js'
import type { Domain } from '../Domains.js'

/**
 * The demo of one domain.
 *
 * @category model
 * @since 0.1.0
 */
export interface Scenario<Command, State, Event, Rejection> {
  readonly domain: Domain<Command, State, Event, Rejection>
  readonly streamId: string
  /** The commands of run number `run` (1 for an empty stream), given the state so far. */
  readonly script: (state: State, run: number) => ReadonlyArray<Command>
  /** Lines printed after the commands (the loot inventory's projections). */
  readonly epilogue?: Effect.Effect<ReadonlyArray<string>, CliFailure, EventStoreService>
}
