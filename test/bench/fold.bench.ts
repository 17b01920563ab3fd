/**
 * Folding 1,000,000 bank-account events into the account state, five ways in one process:
 * a hand-written loop with a switch (the baseline), foldwise `fold`, fmodel-ts (its
 * `EventSourcingAggregate.handle`, which rebuilds state with `events.reduce(decider.evolve,
 * initialState)`), Castore (its `EventStore.buildAggregate`, which reduces Castore event details
 * `{aggregateId, version, type, timestamp, payload}` with the store's reducer into an aggregate
 * that carries its id and version), and Emmett (its in-memory store's `aggregateStream`, which
 * reads the stream and reduces `{type, data}` events). Every row runs the same domain `evolve`
 * except the baseline, which inlines it, so the ratios measure what each library adds to a
 * plain loop; one more Castore row uses the reducer Castore's docs would have a user write by
 * hand (a switch building the next aggregate), Castore's best case.
 */
import { InMemoryEventStorageAdapter } from '@castore/event-storage-adapter-in-memory'
import type { Event as EmmettEvent } from '@event-driven-io/emmett'
import { getInMemoryEventStore } from '@event-driven-io/emmett'
import { Decider as FmodelDecider, EventSourcingAggregate } from '@fraktalio/fmodel-ts'
import { isLeft } from 'fp-ts/lib/Either.js'
import type { BankCommand, BankEvent, BankState } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import { combine, fold, neutral } from '../../src/index.js'
import { allToLeft } from '../../src/kernel/combine.js'
import type { Bench, InterleavedOptions, InterleavedRow } from './harness.js'
import { defineRow, describeMethod, measureInterleaved } from './harness.js'
import type { CastoreBankAggregate } from './peers/castoreBank.js'
import {
  castoreBankReducer,
  castoreStyleBankReducer,
  makeCastoreBankEventStore,
  toCastoreEventDetails,
} from './peers/castoreBank.js'

const eventCount = 1_000_000

/** An opened account, then deposits and withdrawals that keep the balance non-negative. */
const makeHistory = (count: number): ReadonlyArray<BankEvent> => {
  const events: Array<BankEvent> = [
    {
      type: 'AccountOpened',
      accountId: 'acc-1',
      owner: 'Ada',
      initialBalance: 1000,
      currency: 'EUR',
    },
  ]
  for (let i = 1; i < count; i++) {
    events.push(
      i % 3 === 0
        ? { type: 'MoneyWithdrawn', amount: 7 }
        : { type: 'MoneyDeposited', amount: 5 + (i % 11), currency: 'EUR' },
    )
  }
  return events
}

/** The baseline: the account's evolve inlined into one loop with a switch. */
const handLoop = (events: ReadonlyArray<BankEvent>, initial: BankState): BankState => {
  let state = initial
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as BankEvent
    switch (event.type) {
      case 'AccountOpened':
        state = {
          status: 'open',
          accountId: event.accountId,
          owner: event.owner,
          balance: event.initialBalance,
          currency: event.currency,
        }
        break
      case 'MoneyDeposited':
        state = {
          status: state.status,
          accountId: state.accountId,
          owner: state.owner,
          balance: state.balance + event.amount,
          currency: state.currency,
        }
        break
      case 'MoneyWithdrawn':
        state = {
          status: state.status,
          accountId: state.accountId,
          owner: state.owner,
          balance: state.balance - event.amount,
          currency: state.currency,
        }
        break
      case 'AccountClosed':
        state = {
          status: 'closed',
          accountId: state.accountId,
          owner: state.owner,
          balance: state.balance,
          currency: state.currency,
        }
        break
    }
  }
  return state
}

/** Emmett's event shape: the type beside a data record. */
type EmmettBankEvent = EmmettEvent<BankEvent['type'], BankEvent>

const bench: Bench = async () => {
  const events = makeHistory(eventCount)
  const expected = handLoop(events, bankAccount.initialState)
  const check = (name: string, state: BankState): void => {
    if (state.balance !== expected.balance || state.status !== expected.status) {
      throw new Error(
        `${name} folded to ${JSON.stringify(state)}, expected ${JSON.stringify(expected)}`,
      )
    }
  }

  // foldwise
  const foldAccount = fold(bankAccount)
  check('fold', foldAccount(events))
  const combined = combine(bankAccount, neutral, allToLeft<BankCommand, BankEvent>())
  const foldCombined = fold(combined)
  check('combine', foldCombined(events)[0])

  // fmodel-ts: a decider of its own over the same evolve, rebuilt by its aggregate's handle
  const fmodelDecider = new FmodelDecider<BankCommand, BankState, BankEvent>(
    (command, state) => {
      const decided = bankAccount.decide(command, state)
      return isLeft(decided) ? [] : decided.right
    },
    bankAccount.evolve,
    bankAccount.initialState,
  )
  let fmodelState: BankState = bankAccount.initialState
  const fmodelAggregate = new EventSourcingAggregate<BankCommand, BankState, BankEvent>(
    new FmodelDecider<BankCommand, BankState, BankEvent>(
      (command, state) => {
        fmodelState = state
        return fmodelDecider.decide(command, state)
      },
      fmodelDecider.evolve,
      fmodelDecider.initialState,
    ),
    {
      fetchEvents: () => Promise.resolve(events),
      save: (event) => Promise.resolve(event),
      saveAll: (saved) => Promise.resolve(saved),
    },
  )
  const probe: BankCommand = { type: 'Deposit', amount: 1 }
  await fmodelAggregate.handle(probe)
  check('fmodel-ts', fmodelState)

  // Emmett: its in-memory store, its aggregateStream, the same evolve over `data`
  const emmettStore = getInMemoryEventStore()
  const emmettEvents = events.map((data): EmmettBankEvent => ({ type: data.type, data }))
  await emmettStore.appendToStream<EmmettBankEvent>('account-acc-1', emmettEvents)
  const aggregateEmmett = () =>
    emmettStore.aggregateStream<BankState, EmmettBankEvent>('account-acc-1', {
      evolve: (state: BankState, event: EmmettBankEvent) => bankAccount.evolve(state, event.data),
      initialState: () => bankAccount.initialState,
    })
  check('Emmett', (await aggregateEmmett()).state)

  // Castore: an EventStore with the bank's event types and reducer, its buildAggregate over
  // Castore event details (built once, like Emmett's stored stream)
  const castoreDetails = toCastoreEventDetails(events, 'acc-1', '2024-01-01T00:00:00.000Z')
  const castoreStore = makeCastoreBankEventStore(
    castoreBankReducer,
    new InMemoryEventStorageAdapter(),
  )
  const castoreStyleStore = makeCastoreBankEventStore(
    castoreStyleBankReducer,
    new InMemoryEventStorageAdapter(),
  )
  const buildCastore = () => castoreStore.buildAggregate(castoreDetails)
  const buildCastoreStyle = () => castoreStyleStore.buildAggregate(castoreDetails)
  const checkAggregate =
    (name: string) =>
    (aggregate: CastoreBankAggregate | undefined): void => {
      if (aggregate === undefined || aggregate.version !== eventCount) {
        throw new Error(`${name} built no aggregate of version ${eventCount}`)
      }
      check(name, aggregate)
    }
  checkAggregate('Castore')(buildCastore())
  checkAggregate('Castore (its style of reducer)')(buildCastoreStyle())

  // fmodel-ts's own combine, with a decider that owns nothing (its evolve keeps the state)
  const fmodelNothing = new FmodelDecider<never, null, never>(
    () => [],
    (state) => state,
    null,
  )
  const fmodelCombined = fmodelDecider.combine(fmodelNothing)
  const foldFmodelCombined = () => events.reduce(fmodelCombined.evolve, fmodelCombined.initialState)
  check('fmodel-ts combine', foldFmodelCombined()[0])

  const handLoopRow = defineRow({
    name: 'hand loop (switch)',
    note: 'baseline',
    run: () => handLoop(events, bankAccount.initialState),
    check: (state) => check('hand loop', state),
  })
  const plain: ReadonlyArray<InterleavedRow> = [
    handLoopRow,
    defineRow({
      name: 'foldwise fold',
      note: 'target <= 1.25x',
      run: () => foldAccount(events),
      check: (state) => check('fold', state),
    }),
    defineRow({
      name: 'fmodel-ts EventSourcingAggregate.handle',
      note: 'its reduce over evolve, + 1 decide',
      run: () => fmodelAggregate.handle(probe),
      check: () => check('fmodel-ts', fmodelState),
    }),
    defineRow({
      name: 'Castore EventStore.buildAggregate',
      note: 'its reduce over {aggregateId, version, type, timestamp, payload}',
      run: buildCastore,
      check: checkAggregate('Castore'),
    }),
    defineRow({
      name: 'Castore buildAggregate, reducer in its own style',
      note: 'a switch building {aggregateId, version, ...state} per event',
      run: buildCastoreStyle,
      check: checkAggregate('Castore (its style of reducer)'),
    }),
  ]
  // Emmett allocates a copy of the stream and much garbage per run: measured on its own, after
  // the light rows, so its collections do not land in their timings.
  const heavy: ReadonlyArray<InterleavedRow> = [
    defineRow({
      name: 'Emmett aggregateStream (in-memory store)',
      note: 'its read + reduce over {type, data}',
      run: async () => (await aggregateEmmett()).state,
      check: (state) => check('Emmett', state),
    }),
  ]
  const combinedRows: ReadonlyArray<InterleavedRow> = [
    handLoopRow,
    defineRow({
      name: 'foldwise fold of combine(bank, neutral)',
      note: 'a new pair only when the state changed',
      run: () => foldCombined(events),
      check: (pair) => check('combine', pair[0]),
    }),
    defineRow({
      name: 'fmodel-ts reduce over Decider.combine(bank, nothing)',
      note: 'its combined evolve',
      run: foldFmodelCombined,
      check: (pair) => check('fmodel-ts combine', pair[0]),
    }),
  ]
  return [
    {
      title: `Fold ${eventCount.toLocaleString('en-US')} bank-account events (events/s; ${describeMethod(method)}; Emmett's row apart, best of ${heavyMethod.rounds})`,
      baseline: 'hand loop (switch)',
      rows: [
        ...(await measureInterleaved(eventCount, plain, method)),
        ...(await measureInterleaved(eventCount, heavy, heavyMethod)),
      ],
    },
    {
      title: `Fold ${eventCount.toLocaleString('en-US')} bank-account events through a combined decider (events/s; ${describeMethod(method)})`,
      baseline: 'hand loop (switch)',
      rows: await measureInterleaved(eventCount, combinedRows, method),
    },
  ]
}

/** Interleaved rounds, one run of each row per round, the best elapsed time kept. */
const method: InterleavedOptions = { rounds: 25 }
const heavyMethod: InterleavedOptions = { rounds: 3 }

export default bench
