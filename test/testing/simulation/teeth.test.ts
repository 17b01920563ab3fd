import { Effect } from 'effect'
import { describe, expect, it } from 'vitest'
import { bankEventCodec } from '../../../src/examples/bank.codec.js'
import type { SimulatedSystem, SimulationOptions } from '../../../src/testing/index.js'
import type { Plan } from '../../../src/testing/simulation/index.js'
import {
  effectRuntime,
  formatFailure,
  runPlan,
  simulate,
  simulatedSaga,
} from '../../../src/testing/index.js'
import { deafFollower, followerEndsWhenCaughtUp } from './brokenFollowers.js'
import {
  checkpointBeforeReadModel,
  retryAmbiguousWithoutCommandId,
  writeAheadCache,
} from './brokenRuntimes.js'
import { sagaCheckpointFirst, sagaFreshCommandIds } from './brokenSagas.js'
import { dropsAnAcknowledgedAppend } from './brokenStore.js'
import { bankSystem, cargoSystem, lootSystem } from './systems.js'

/** Each broken runtime must be caught within the seeds the suite runs anyway. */
const budget: SimulationOptions = { from: 1, count: 300 }

/** Caught within the budget: the invariant (saying `message`), a ready report, a replay. */
const caught = async (
  system: SimulatedSystem,
  invariant: string,
  options = budget,
  message = /./,
) => {
  const report = await simulate(system, options)
  const failure = report.failure
  if (failure === undefined) throw new Error(`not caught within ${report.seeds} seeds`)
  expect(failure.violation.invariant).toBe(invariant)
  expect(failure.violation.message).toMatch(message)
  // The report is ready to use: the seed, the shrunk trace and a test replaying it.
  const text = formatFailure(failure)
  expect(text).toContain(`Simulation seed ${failure.seed} broke ${invariant}`)
  expect(text).toContain(`runPlan(system, {`)
  expect((await runPlan(system, failure.plan)).violation?.invariant).toBe(invariant)
  return failure
}

describe('the simulation catches runtimes broken on purpose', () => {
  it('a retry of an ambiguous append without the command id applies the command twice', async () => {
    const failure = await caught(
      { ...bankSystem, runtime: retryAmbiguousWithoutCommandId },
      'commandsAppliedOnce',
      {
        ...budget,
        rates: { ambiguous: 0.1 },
      },
    )
    // The shrunk trace shows the lost answer and the second copy of the command's events.
    expect(failure.trace.some((line) => line.includes('fault Ambiguous'))).toBe(true)
    expect(failure.trace.filter((line) => line.includes(' stored ')).length).toBeGreaterThanOrEqual(
      2,
    )
  }, 60_000)

  it('a checkpoint written before its read model leaves a read model behind its checkpoint', async () => {
    await caught({ ...lootSystem, runtime: checkpointBeforeReadModel }, 'readModelsMatchLog')
  }, 60_000)

  it('a cache kept across a crash answers from a state the log never had', async () => {
    const failure = await caught(
      { ...lootSystem, runtime: writeAheadCache(true) },
      'acknowledgedState',
    )
    expect(failure.trace.some((line) => line.includes('fault Crash'))).toBe(true)
  }, 60_000)

  it('the same write-ahead cache, dropped at each crash, is correct (the control)', async () => {
    const report = await simulate(
      { ...lootSystem, runtime: writeAheadCache(false) },
      { from: 1, count: 150 },
    )
    expect(report.failure).toBeUndefined()
  }, 60_000)
})

describe('every invariant catches the part broken against it', () => {
  it('acknowledgedInLog: a store that acknowledges an append and drops it', async () => {
    const failure = await caught(
      { ...cargoSystem, store: dropsAnAcknowledgedAppend(2) },
      'acknowledgedInLog',
      budget,
      /acknowledged with 1 event\(s\) at version \d+, but the log holds none of it/,
    )
    // The store's answer went through the fault-injecting wrapper, which believed it too.
    expect(failure.trace.filter((line) => / p\d stored /.test(line)).length).toBe(2)
  }, 30_000)

  it('sagasReactOnce: a saga runner that saves its position before reacting skips reactions', async () => {
    const failure = await caught(
      { ...bankSystem, runtime: sagaCheckpointFirst },
      'sagasReactOnce',
      budget,
      /never (dispatched|answered)/,
    )
    expect(failure.trace.some((line) => / fault (Crash|Unavailable|Ambiguous)/.test(line))).toBe(
      true,
    )
  }, 30_000)

  it('sagasReactOnce: a saga runner that draws fresh command ids reacts twice to a re-delivered event', async () => {
    const failure = await caught(
      { ...bankSystem, runtime: sagaFreshCommandIds },
      'sagasReactOnce',
      budget,
      /reacted twice to account-\d@1 \(AccountOpened\): reaction 0 was dispatched under command ids mirror:\S+ and mirror:\S+/,
    )
    expect(
      failure.trace.filter((line) => line.includes('saga:mirror dispatch')).length,
    ).toBeGreaterThanOrEqual(2)
  }, 30_000)

  it('followersCatchUp: a follower that stops hearing of appends', async () => {
    await caught(
      { ...lootSystem, runtime: deafFollower },
      'followersCatchUp',
      budget,
      /the follower of loot-views is still running but stopped at \d+ of \d+/,
    )
  }, 30_000)

  it('followersCatchUp: a follower that ends once caught up', async () => {
    await caught(
      { ...lootSystem, runtime: followerEndsWhenCaughtUp },
      'followersCatchUp',
      budget,
      /the follower of loot-views ended by itself/,
    )
  }, 30_000)
})

describe('quiescence', () => {
  /** A saga that opens account `a<n + 1>` for every account `a<n>` opened where `grows(n)`. */
  const opener = (name: string, grows: (n: number) => boolean) =>
    simulatedSaga(name, bankEventCodec, (event) => {
      const n = Number(event.type === 'AccountOpened' ? event.accountId.slice(1) : Number.NaN)
      return event.type === 'AccountOpened' && grows(n)
        ? [
            {
              handler: 'bank',
              streamId: `a${n + 1}`,
              command: {
                type: 'OpenAccount',
                accountId: `a${n + 1}`,
                owner: event.owner,
                initialBalance: 0,
              },
            },
          ]
        : []
    })
  const odd = (n: number) => n % 2 === 1
  const even = (n: number) => n % 2 === 0
  const withSagas = (...sagas: ReadonlyArray<ReturnType<typeof opener>>): SimulatedSystem => ({
    handlers: bankSystem.handlers,
    sagas,
  })
  const plan: Plan = {
    seed: 1,
    processes: 1,
    steps: [
      {
        _tag: 'Sends',
        sends: [
          {
            process: 0,
            handler: 'bank',
            streamId: 'a1',
            command: { type: 'OpenAccount', accountId: 'a1', owner: 'ada', initialBalance: 1 },
            commandId: 'c0.0',
          },
        ],
      },
    ],
    faults: [],
  }
  const opened = (trace: ReadonlyArray<string>) =>
    trace.filter((line) => line.includes(' stored ')).length

  it('runs sagas round after round until nothing changes: two sagas answering each other settle', async () => {
    // `odd` reacts to a1, a3, ... a11; `even` to a2, ... a10: each round moves the chain two
    // links on, so it takes six rounds (the fixed three rounds of old stopped half-way).
    const short = (grows: (n: number) => boolean) => (n: number) => grows(n) && n < 12
    const run = await runPlan(
      withSagas(opener('odd', short(odd)), opener('even', short(even))),
      plan,
    )
    expect(run.violation).toBeUndefined()
    expect(opened(run.trace)).toBe(12)
  })

  it('two sagas answering each other for ever: still changing after the bound of rounds', async () => {
    const run = await runPlan(withSagas(opener('odd', odd), opener('even', even)), plan)
    expect(run.violation?.invariant).toBe('quiescence')
    expect(run.violation?.message).toMatch(/^still changing after 10 rounds/)
    expect(run.violation?.step).toBe(-1)
  })

  it('a projection that never catches up once faults are off', async () => {
    const stuck: SimulatedSystem = {
      ...lootSystem,
      runtime: { ...effectRuntime, project: () => Effect.never },
    }
    const run = await runPlan(stuck, { seed: 1, processes: 1, steps: [], faults: [] })
    expect(run.violation?.invariant).toBe('quiescence')
    expect(run.violation?.message).toMatch(
      /^projection loot-views did not catch up within 1000 s of simulated time without faults/,
    )
  })
})
