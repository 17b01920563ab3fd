/**
 * Castore's side of the runtime benchmark's command section: a bank command handled the way
 * Castore's docs handle one ("Pushing events": fetch the aggregate, validate, push the next
 * version with `prevAggregate`; the demo's commands do exactly this), inside a Castore `Command`
 * (whose `handler` wraps ours in its retry loop on `EventAlreadyExistsError`), on Castore's
 * in-memory storage adapter, with the event types and reducer of `castoreBank.ts` (the bank
 * decider's own `evolve`).
 *
 * - Validation is the bank decider's own `decide` on the aggregate's state (the initial state
 *   when `getAggregate` finds no events, so the first command of a stream takes the same path).
 * - A rejection is *thrown*, as Castore's docs and demo throw from a command handler
 *   (`throw new Error(...)`): a `BankCommandRejected` carrying the decider's rejection, which
 *   the caller catches (and only that error: anything else still fails the run).
 * - Nothing is encoded: Castore has no codec step, and its in-memory adapter keeps the pushed
 *   payload object as given (stamped with a timestamp), so this row skips the `encode` the
 *   other rows pay for: that favours Castore by one encode per accepted command.
 * - Every command reads the whole stream again (`getAggregate` copies the adapter's array and
 *   reduces it): Castore has no state cache, which is its documented way, not a handicap added
 *   here.
 */
import type { OptionalTimestamp } from '@castore/core'
import { Command, tuple } from '@castore/core'
import { InMemoryEventStorageAdapter } from '@castore/event-storage-adapter-in-memory'
import type { BankCommand, BankRejection } from '../../../src/examples/bank.js'
import { bankAccount } from '../../../src/examples/bank.js'
import type { CastoreBankAggregate, CastoreBankEventDetail } from './castoreBank.js'
import { castoreBankReducer, makeCastoreBankEventStore } from './castoreBank.js'

/** The error a Castore command handler throws for a command the bank decider rejects. */
export class BankCommandRejected extends Error {
  constructor(readonly rejection: BankRejection) {
    super(rejection._tag)
    this.name = 'BankCommandRejected'
  }
}

/** A command for one account: the input of the Castore `Command`. */
export interface CastoreBankCommandInput {
  readonly aggregateId: string
  readonly command: BankCommand
}

/** A pushed event before Castore stamps it: the detail without its timestamp. */
type UnstampedDetail = OptionalTimestamp<CastoreBankEventDetail>

/**
 * A Castore bank-account command over a fresh in-memory event store: `handle` runs one bank
 * command and resolves to the account's next aggregate, or rejects with `BankCommandRejected`.
 */
export const makeCastoreBankCommands = () => {
  const accounts = makeCastoreBankEventStore(castoreBankReducer, new InMemoryEventStorageAdapter())
  const handleBankCommand = new Command({
    commandId: 'HANDLE_BANK_COMMAND',
    requiredEventStores: tuple(accounts),
    handler: async (
      input: CastoreBankCommandInput,
      [bankAccounts],
    ): Promise<CastoreBankAggregate | undefined> => {
      const { aggregate } = await bankAccounts.getAggregate(input.aggregateId)
      const decided = bankAccount.decide(input.command, aggregate ?? bankAccount.initialState)
      if (decided._tag === 'Left') throw new BankCommandRejected(decided.left)
      let current = aggregate
      let version = aggregate?.version ?? 0
      for (const event of decided.right) {
        version += 1
        const detail = {
          aggregateId: input.aggregateId,
          version,
          type: event.type,
          payload: event,
        } as UnstampedDetail
        const pushed =
          current === undefined
            ? await bankAccounts.pushEvent(detail)
            : await bankAccounts.pushEvent(detail, { prevAggregate: current })
        current = pushed.nextAggregate
      }
      return current
    },
  })
  return {
    /** The event store, for reading back what the commands pushed. */
    accounts,
    handle: (aggregateId: string, command: BankCommand) =>
      handleBankCommand.handler({ aggregateId, command }, [accounts]),
  }
}
