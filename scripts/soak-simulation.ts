/**
 * The simulation soak: `npx tsx scripts/soak-simulation.ts [seeds=100000] [from=1] [maxSteps=8]`.
 * Runs the bank (with its saga), loot (with its projection) and cargo systems of
 * test/testing/simulation/systems.ts over `seeds` seeds in all (a third each, from `from`),
 * with the default fault rates, and prints every failure (seed, shrunk trace, replay test) and
 * the figures. Exits non-zero when any seed broke an invariant.
 */
import type { SimulatedSystem } from '../src/testing/index.js'
import { formatFailure, simulate } from '../src/testing/index.js'
import { bankSystem, cargoSystem, lootSystem } from '../test/testing/simulation/systems.js'

const seeds = Number(process.argv[2] ?? 100_000)
const from = Number(process.argv[3] ?? 1)
const maxSteps = Number(process.argv[4] ?? 8)
const systems: ReadonlyArray<readonly [string, SimulatedSystem]> = [
  ['bank', bankSystem],
  ['loot', lootSystem],
  ['cargo', cargoSystem],
]
const perSystem = Math.ceil(seeds / systems.length)
let failures = 0
for (const [name, system] of systems) {
  const started = performance.now()
  let next = from
  const end = from + perSystem
  let broken = 0
  while (next < end) {
    const report = await simulate(system, { from: next, count: end - next, maxSteps })
    if (report.failure === undefined) break
    broken++
    console.log(`\n${name}: ${formatFailure(report.failure)}\n`)
    next = report.failure.seed + 1
  }
  const seconds = (performance.now() - started) / 1000
  failures += broken
  console.log(
    `${name}: seeds ${from}-${end - 1} (${perSystem}), ${broken} broken, ${seconds.toFixed(1)} s, ${(perSystem / seconds).toFixed(0)} seeds/s`,
  )
}
process.exit(failures === 0 ? 0 : 1)
