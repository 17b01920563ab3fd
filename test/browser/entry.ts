/**
 * The entry of the runs-anywhere bundle (see bundle.ts): the kernel, the codecs and the
 * testing laws on the bank-account example, with no Node import anywhere below it. `run`
 * returns plain data, so a browser page or a worker thread can hand the report back.
 */
import * as fc from 'fast-check'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { bankCommandArbitrary, bankEventArbitrary } from '../../docs/examples/arbitraries.js'
import type { BankCommand, BankEvent, BankState } from '../../src/examples/bank.js'
import { bankAccount, bankInvariant } from '../../src/examples/bank.js'
import { bankEventCodec } from '../../src/examples/bank.codec.js'
import { RecordedEventCodec } from '../../src/codec/index.js'
import type { Decider } from '../../src/index.js'
import { decideAndEvolve, fold } from '../../src/index.js'
// `foldwise/testing/kit`, the pure half of `foldwise/testing` (whose store conformance suite
// needs vitest and effect).
import { DeciderLawError, deciderLaws, given } from '../../src/testing/kit.js'
import { deepEqual } from '../../src/testing/deepEqual.js'
import { toSource } from '../../src/testing/toSource.js'

/** One check run inside the bundle. */
export interface RunsAnywhereCheck {
  readonly name: string
  readonly ok: boolean
  readonly detail: string
}

/** What `run` returns: where it ran and every check. */
export interface RunsAnywhereReport {
  readonly environment: string
  readonly checks: ReadonlyArray<RunsAnywhereCheck>
}

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error)

const check = async (
  name: string,
  body: () => string | Promise<string>,
): Promise<RunsAnywhereCheck> => {
  try {
    return { name, ok: true, detail: await body() }
  } catch (error) {
    return { name, ok: false, detail: describeError(error) }
  }
}

const expectEqual = (actual: unknown, expected: unknown, what: string): void => {
  if (!deepEqual(actual, expected))
    throw new Error(`${what}: expected ${toSource(expected)}, got ${toSource(actual)}`)
}

const history: ReadonlyArray<BankCommand> = [
  { type: 'OpenAccount', accountId: 'acc-1', owner: 'Ada', initialBalance: 1000 },
  { type: 'Deposit', amount: 500 },
  { type: 'Withdraw', amount: 200 },
]

const kernelChecks = (): ReadonlyArray<Promise<RunsAnywhereCheck>> => [
  check('the kernel decides and folds the bank account', () => {
    let state: BankState = bankAccount.initialState
    const events: BankEvent[] = []
    for (const command of history) {
      const decided = decideAndEvolve(bankAccount)(command, state)
      if (isLeft(decided))
        throw new Error(`rejected ${command.type}: ${JSON.stringify(decided.left)}`)
      events.push(...decided.right.events)
      state = decided.right.state
    }
    expectEqual(state.balance, 1300, 'balance')
    expectEqual(fold(bankAccount)(events), state, 'fold of the recorded events')
    return `balance ${state.balance} after ${events.length} events`
  }),
  check('a rejection is data', () => {
    const open = fold(bankAccount)([
      { type: 'AccountOpened', accountId: 'a', owner: 'Ada', initialBalance: 100, currency: 'EUR' },
    ])
    const decided = bankAccount.decide({ type: 'Withdraw', amount: 500 }, open)
    if (isRight(decided)) throw new Error('an overdraft was accepted')
    expectEqual(decided.left._tag, 'InsufficientFunds', 'rejection')
    return decided.left._tag
  }),
  check('the codecs decode a recorded event', () => {
    const record = {
      streamId: 'acc-1',
      streamVersion: 1,
      globalPosition: 1,
      eventId: 'e-1',
      type: 'MoneyDeposited',
      schemaVersion: 1,
      data: { amount: 500, currency: 'EUR' },
      metadata: { recordedAt: '2024-01-01T00:00:00.000Z' },
    }
    const decoded = RecordedEventCodec.decode(record)
    if (isLeft(decoded)) throw new Error('a valid record was refused')
    if (isRight(RecordedEventCodec.decode({ ...record, streamVersion: 'one' })))
      throw new Error('an invalid record was accepted')
    return 'valid record accepted, invalid refused'
  }),
]

const lawParameters = { numRuns: 200, seed: 20240601 }

/** A decider whose `evolve` writes into the state it is given: the laws must catch it. */
const mutatingBank: Decider<BankCommand, BankState, BankEvent, unknown> = {
  initialState: bankAccount.initialState,
  decide: bankAccount.decide,
  evolve: (state, event) => {
    const next = bankAccount.evolve(state, event)
    ;(state as { balance: number }).balance = next.balance
    return next
  },
}

/** A decider whose `evolve` depends on how often it was called: the laws must catch it. */
let evolveCalls = 0
const forgetfulBank: Decider<BankCommand, BankState, BankEvent, unknown> = {
  initialState: bankAccount.initialState,
  decide: bankAccount.decide,
  evolve: (state, event) => {
    const next = bankAccount.evolve(state, event)
    evolveCalls += 1
    return evolveCalls % 5 === 0 ? { ...next, balance: next.balance + 1 } : next
  },
}

const caught = (decider: Decider<BankCommand, BankState, BankEvent, unknown>): string => {
  const broken: string[] = []
  for (const law of deciderLaws(decider, { commands: bankCommandArbitrary, name: 'impureBank' }))
    try {
      law.check(lawParameters)
    } catch (error) {
      if (!(error instanceof DeciderLawError)) throw error
      broken.push(error.law)
    }
  if (broken.length === 0) throw new Error('no law caught the impure decider')
  return `caught by ${broken.join(', ')}`
}

const lawChecks = (): ReadonlyArray<Promise<RunsAnywhereCheck>> => [
  check('the bank-account laws hold', () => {
    const laws = deciderLaws(bankAccount, {
      commands: bankCommandArbitrary,
      invariant: bankInvariant,
      name: 'bankAccount',
    })
    for (const law of laws) law.check(lawParameters)
    return `${laws.length} laws x ${lawParameters.numRuns} runs: ${laws.map((l) => l.name).join(', ')}`
  }),
  check('the laws catch a decider that mutates its input state', () => caught(mutatingBank)),
  check('the laws catch a decider with hidden state', () => caught(forgetfulBank)),
  check('given/when/then runs', () => {
    given(bankAccount, [
      { type: 'AccountOpened', accountId: 'a', owner: 'Ada', initialBalance: 100, currency: 'EUR' },
    ])
      .when({ type: 'Withdraw', amount: 500 })
      .thenRejects({ _tag: 'InsufficientFunds', balance: 100, requested: 500 })
    return 'overdraft rejected as expected'
  }),
  check('the bank event codec round-trips every event and upcasts v1 deposits', () => {
    fc.assert(
      fc.property(bankEventArbitrary, (event) => {
        const encoded = bankEventCodec.encode(event)
        const input = { streamId: 's', streamVersion: 1, ...encoded }
        const decoded = bankEventCodec.decode(JSON.parse(JSON.stringify(input)) as typeof input)
        if (isLeft(decoded)) throw new Error(`refused its own encoding: ${JSON.stringify(encoded)}`)
        expectEqual(decoded.right, event, 'round trip')
      }),
      lawParameters,
    )
    const v1 = bankEventCodec.decode({
      streamId: 's',
      streamVersion: 2,
      type: 'MoneyDeposited',
      schemaVersion: 1,
      data: { amount: 500 },
    })
    if (isLeft(v1)) throw new Error('a v1 deposit was refused')
    expectEqual(v1.right, { type: 'MoneyDeposited', amount: 500, currency: 'EUR' }, 'upcast v1')
    return `${lawParameters.numRuns} round trips, v1 upcast`
  }),
]

/** Runs every check; never throws. */
export const run = async (): Promise<RunsAnywhereReport> => {
  const environment =
    typeof (globalThis as { window?: unknown }).window === 'object'
      ? `browser: ${(globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent ?? '?'}`
      : 'worker'
  const checks = await Promise.all([...kernelChecks(), ...lawChecks()])
  return { environment, checks }
}
