import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assertSimulation, promiseRuntime, runPlan } from '../../../src/testing/index.js'
import { simulationPlans } from '../../../src/testing/simulation/index.js'
import { bankSystem, cargoSystem, lootSystem } from './systems.js'

// 1,000 seeds in all, each a plan of up to 8 steps with faults on about one store call in six.
describe("simulation of foldwise's example systems: no invariant broken", () => {
  it('bank accounts with a saga, Effect face, seeds 1-300', async () => {
    const report = await assertSimulation(bankSystem, { from: 1, count: 300 })
    expect(report.seeds).toBe(300)
  }, 60_000)

  it('loot inventories with their projection, Effect face, seeds 1-300', async () => {
    const report = await assertSimulation(lootSystem, { from: 1, count: 300 })
    expect(report.seeds).toBe(300)
  }, 60_000)

  it('cargo ships, Effect face, seeds 1-200', async () => {
    const report = await assertSimulation(cargoSystem, { from: 1, count: 200 })
    expect(report.seeds).toBe(200)
  }, 60_000)

  it('bank and loot on the Promise face, seeds 301-400 each', async () => {
    const bank = await assertSimulation(
      { ...bankSystem, runtime: promiseRuntime },
      { from: 301, count: 100 },
    )
    const loot = await assertSimulation(
      { ...lootSystem, runtime: promiseRuntime },
      { from: 301, count: 100 },
    )
    expect(bank.seeds + loot.seeds).toBe(200)
  }, 60_000)
})

describe('replay', () => {
  it('the same seed gives the same trace, byte for byte', async () => {
    const [plan] = fc.sample(simulationPlans(bankSystem), { seed: 6, numRuns: 1, unbiased: true })
    if (plan === undefined) throw new Error('no plan')
    const first = (await runPlan(bankSystem, plan)).trace.join('\n')
    const second = (await runPlan(bankSystem, plan)).trace.join('\n')
    expect(second).toBe(first)
    // The run is not trivial: faults were injected and the saga issued commands (whose ids
    // hold seeded event ids).
    expect(first).toMatch(/ fault /)
    expect(first).toMatch(/saga:mirror dispatch/)
  })

  it('on the Promise face too', async () => {
    const system = { ...bankSystem, runtime: promiseRuntime }
    const [plan] = fc.sample(simulationPlans(system), { seed: 6, numRuns: 1, unbiased: true })
    if (plan === undefined) throw new Error('no plan')
    const first = (await runPlan(system, plan)).trace.join('\n')
    expect((await runPlan(system, plan)).trace.join('\n')).toBe(first)
    expect(first).toMatch(/ fault /)
  })
})

// Seeds the soak (scripts/soak-simulation.ts) caught, kept as the tests it printed, with what was
// wrong and where it was fixed.
describe('seeds the soak caught', () => {
  // A follower waited for ever on a notification the fault-injecting store held "until the next
  // append", which never came: a fault no adapter may commit (the port promises every head is
  // told; the file and PostgreSQL stores poll). Fixed in the simulator: a delayed notification
  // now comes with the next one or a simulated second later (FaultyStore.ts). Loot seeds 2161,
  // 3588, 6204, 13662, 14551 and 16459 of the first 23,000 all shrank to this.
  it('followersCatchUp holds (simulation seed 2161, shrunk)', async () => {
    const run = await runPlan(lootSystem, {
      seed: 0,
      processes: 2,
      steps: [
        { _tag: 'Follow', projection: 'loot-views' },
        {
          _tag: 'Sends',
          sends: [
            {
              process: 0,
              handler: 'loot',
              streamId: 'inventory-bo',
              command: {
                type: 'AddItem',
                item: { name: 'sword', rarity: 'common', origin: 'goblin cave' },
              },
              commandId: 'c1.0',
            },
          ],
        },
        {
          _tag: 'Sends',
          sends: [
            {
              process: 0,
              handler: 'loot',
              streamId: 'inventory-bo',
              command: {
                type: 'AddItem',
                item: { name: 'sword', rarity: 'common', origin: 'goblin cave' },
              },
              commandId: 'c2.0',
            },
          ],
        },
      ],
      faults: [
        { _tag: 'None' },
        { _tag: 'DuplicateNotification' },
        { _tag: 'None' },
        { _tag: 'None' },
        { _tag: 'None' },
        { _tag: 'None' },
        { _tag: 'None' },
        { _tag: 'None' },
        { _tag: 'None' },
        { _tag: 'DelayedNotification' },
      ],
    })
    expect(run.violation).toBeUndefined()
    expect(run.trace.some((line) => line.includes('follower:loot-views late notification'))).toBe(
      true,
    )
  })
})
