/**
 * Deliberately broken deciders, each breaking one law, for proving the testing kit catches them.
 */
import * as fc from 'fast-check'
import type { Either } from 'fp-ts/lib/Either.js'
import { left, right } from 'fp-ts/lib/Either.js'
import type { BankCommand, BankEvent, BankRejection, BankState } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import type { Decider } from '../../src/kernel/Decider.js'

export type TallyCommand = { readonly type: 'Add'; readonly n: number }
export type TallyEvent = { readonly type: 'Added'; readonly n: number }
export type TallyState = { total: number; readonly seen: Map<number, number> }
export type TallyRejection = { readonly _tag: 'TooBig'; readonly n: number }

export const tallyCommands: fc.Arbitrary<TallyCommand> = fc
  .integer({ min: 0, max: 20 })
  .map((n): TallyCommand => ({ type: 'Add', n }))

const decideTally = (command: TallyCommand): Either<TallyRejection, ReadonlyArray<TallyEvent>> =>
  command.n > 15 ? left({ _tag: 'TooBig', n: command.n }) : right([{ type: 'Added', n: command.n }])

/** A correct tally, the baseline every broken one departs from. */
export const tally: Decider<TallyCommand, TallyState, TallyEvent, TallyRejection> = {
  initialState: { total: 0, seen: new Map() },
  decide: decideTally,
  evolve: (state, event) => {
    const seen = new Map(state.seen)
    seen.set(event.n, (state.seen.get(event.n) ?? 0) + 1)
    return { total: state.total + event.n, seen }
  },
}

/** Mutates the state object it is given (caught by freezing: a TypeError). */
export const mutatingTally = (): Decider<TallyCommand, TallyState, TallyEvent, TallyRejection> => ({
  initialState: { total: 0, seen: new Map() },
  decide: decideTally,
  evolve: (state, event) => {
    state.total += event.n
    return state
  },
})

/** Mutates the Map inside the state, which freezing cannot stop (caught by replay). */
export const mapMutatingTally = (): Decider<
  TallyCommand,
  TallyState,
  TallyEvent,
  TallyRejection
> => ({
  initialState: { total: 0, seen: new Map() },
  decide: decideTally,
  evolve: (state, event) => {
    state.seen.set(event.n, (state.seen.get(event.n) ?? 0) + 1)
    return { total: state.total + event.n, seen: state.seen }
  },
})

/** Reads a counter that lives outside the fold. */
export const counterReadingTally = (): Decider<
  TallyCommand,
  TallyState,
  TallyEvent,
  TallyRejection
> => {
  let calls = 0
  return {
    initialState: tally.initialState,
    decide: decideTally,
    evolve: (state, event) => {
      calls += 1
      return tally.evolve(state, { type: 'Added', n: event.n + (calls % 3 === 0 ? 1 : 0) })
    },
  }
}

/** Draws a random number in decide. */
export const randomTally: Decider<TallyCommand, TallyState, TallyEvent, TallyRejection> = {
  initialState: tally.initialState,
  decide: (command) => right([{ type: 'Added', n: command.n + (Math.random() < 0.5 ? 0 : 1) }]),
  evolve: tally.evolve,
}

/** Throws once the total passes 40. */
export const throwingTally: Decider<TallyCommand, TallyState, TallyEvent, TallyRejection> = {
  initialState: tally.initialState,
  decide: (command, state) => {
    if (state.total > 40) throw new Error('total too large to handle')
    return decideTally(command)
  },
  evolve: tally.evolve,
}

/** A bank that forgets that a closed account is terminal: it still takes deposits. */
export const leakyBank: Decider<BankCommand, BankState, BankEvent, BankRejection> = {
  initialState: bankAccount.initialState,
  evolve: bankAccount.evolve,
  isTerminal: (state) => state.status === 'closed',
  decide: (command, state) =>
    command.type === 'Deposit' && state.status === 'closed'
      ? right([{ type: 'MoneyDeposited', amount: command.amount, currency: state.currency }])
      : bankAccount.decide(command, state),
}

/** A bank that lets withdrawals overdraw the account. */
export const overdraftBank: Decider<BankCommand, BankState, BankEvent, BankRejection> = {
  initialState: bankAccount.initialState,
  evolve: bankAccount.evolve,
  decide: (command, state) =>
    command.type === 'Withdraw' && state.status === 'open' && command.amount > 0
      ? right([{ type: 'MoneyWithdrawn', amount: command.amount }])
      : bankAccount.decide(command, state),
}
