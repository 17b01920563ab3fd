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
import { sagaCheckpointFirst, sagaFreshCommandIds } from './brokenSagas.js'
import { dropsAnAcknowledgedAppend } from './brokenStore.js'
import { bankSystem, cargoSystem, lootSystem } from './systems.js'

/** Each broken part must be caught within the seeds the suite runs anyway. */
const budget: SimulationOptions = { from: 1, count: 300 }

/** Caught: the seed, the invariant, a shrunk trace that shows `shown`, and a replay. */
const caught = async (
  system: SimulatedSystem,
  invariant: string,
  message: RegExp,
  options = budget,
) => {
  const report = await simulate(system, options)
  const failure = report.failure
  if (failure === undefined) throw new Error(`not caught within ${report.seeds} seeds`)
  expect(failure.violation.invariant).toBe(invariant)
  expect(failure.violation.message).toMatch(message)
  expect(formatFailure(failure)).toContain(`Simulation seed ${failure.seed} broke ${invariant}`)
  expect((await runPlan(system, failure.plan)).violation?.invariant).toBe(invariant)
  return failure
}

describe('every invariant catches the part broken against it', () => {
  it('acknowledgedInLog: a store that acknowledges an append and drops it', async () => {
    const failure = await caught(
      { ...cargoSystem, store: dropsAnAcknowledgedAppend(2) },
      'acknowledgedInLog',
      /acknowledged with 1 event\(s\) at version \d+, but the log holds none of it/,
    )
    // The store's answer went through the fault-injecting wrapper, which believed it too.
    expect(failure.trace.filter((line) => / p\d stored /.test(line)).length).toBe(2)
  }, 30_000)

  it('sagasReactOnce: a saga runner that saves its position before reacting skips reactions', async () => {
    const failure = await caught(
      { ...bankSystem, runtime: sagaCheckpointFirst },
      'sagasReactOnce',
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
      /the follower of loot-views is still running but stopped at \d+ of \d+/,
    )
  }, 30_000)

  it('followersCatchUp: a follower that ends once caught up', async () => {
    await caught(
      { ...lootSystem, runtime: followerEndsWhenCaughtUp },
      'followersCatchUp',
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
