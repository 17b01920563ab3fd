import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assertSimulation, runPlan, simulationPlans } from '../../../src/testing/index.js'
import { bankSystem, cargoSystem, lootSystem } from './systems.js'

// 1,000 seeds in all, each a plan of up to 8 steps with faults on about one store call in six.
describe("simulation of foldwise's example systems: no invariant broken", () => {
  it('bank accounts with a saga, seeds 1-350', async () => {
    const report = await assertSimulation(bankSystem, { from: 1, count: 350 })
    expect(report.seeds).toBe(350)
  }, 60_000)

  it('loot inventories with their projection, seeds 1-350', async () => {
    const report = await assertSimulation(lootSystem, { from: 1, count: 350 })
    expect(report.seeds).toBe(350)
  }, 60_000)

  it('cargo ships, seeds 1-300', async () => {
    const report = await assertSimulation(cargoSystem, { from: 1, count: 300 })
    expect(report.seeds).toBe(300)
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
})
