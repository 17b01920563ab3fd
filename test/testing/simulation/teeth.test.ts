import { describe, expect, it } from 'vitest'
import type { SimulatedSystem, SimulationOptions } from '../../../src/testing/index.js'
import { formatFailure, runPlan, simulate } from '../../../src/testing/index.js'
import {
  checkpointBeforeReadModel,
  retryAmbiguousWithoutCommandId,
  writeAheadCache,
} from './brokenRuntimes.js'
import { bankSystem, lootSystem } from './systems.js'

/** Each broken runtime must be caught within the seeds the suite runs anyway. */
const budget: SimulationOptions = { from: 1, count: 300 }

const caught = async (system: SimulatedSystem, invariant: string, options = budget) => {
  const report = await simulate(system, options)
  const failure = report.failure
  if (failure === undefined) throw new Error(`not caught within ${report.seeds} seeds`)
  expect(failure.violation.invariant).toBe(invariant)
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
