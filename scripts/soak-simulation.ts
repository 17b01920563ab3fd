/**
 * The simulation soak:
 * `npx tsx scripts/soak-simulation.ts [seeds=100000] [from=1] [domains=bank,loot,cargo] [each|rotate] [maxSteps=8]`.
 *
 * Runs the bank (with its saga), loot (with its projection) and cargo systems of
 * test/testing/simulation/systems.ts with the default fault rates, and prints every failure
 * (seed, shrunk trace, replay test) and the figures. `each` (the default) runs seeds
 * `from` .. `from + seeds - 1` on every domain named; `rotate` runs them once in all, seed `s`
 * on domain number `s mod n` of the `n` named. Progress is printed every 1,000 seeds of a
 * domain, so a soak cut short resumes with `from` past the last line; shards are separate
 * processes given different domains or seed ranges (run them under `nice -n 19`). Exits
 * non-zero when any seed broke an invariant.
 */
import type { SimulatedSystem } from '../src/testing/index.js'
import { formatFailure, simulate } from '../src/testing/index.js'
import { bankSystem, cargoSystem, lootSystem } from '../test/testing/simulation/systems.js'

const seeds = Number(process.argv[2] ?? 100_000)
const from = Number(process.argv[3] ?? 1)
const names = (process.argv[4] ?? 'bank,loot,cargo').split(',')
const mode = process.argv[5] ?? 'each'
const maxSteps = Number(process.argv[6] ?? 8)
const known: Readonly<Record<string, SimulatedSystem>> = {
  bank: bankSystem,
  loot: lootSystem,
  cargo: cargoSystem,
}
const systems = names.map((name) => {
  const system = known[name]
  if (system === undefined) throw new Error(`unknown domain ${name} (bank, loot or cargo)`)
  return [name, system] as const
})
if (mode !== 'each' && mode !== 'rotate') throw new Error(`mode is each or rotate, not ${mode}`)

interface Tally {
  seeds: number
  broken: number
  wallMs: number
  cpuMs: number
}
const tallies = new Map<string, Tally>(
  systems.map(([name]) => [name, { seeds: 0, broken: 0, wallMs: 0, cpuMs: 0 }]),
)
const started = performance.now()

/** Runs `seed` .. `seed + count - 1` of one domain, continuing past each failure. */
const run = async (name: string, system: SimulatedSystem, seed: number, count: number) => {
  const tally = tallies.get(name) as Tally
  const wall = performance.now()
  const cpu = process.cpuUsage()
  let next = seed
  const end = seed + count
  while (next < end) {
    const report = await simulate(system, { from: next, count: end - next, maxSteps })
    if (report.failure === undefined) break
    tally.broken++
    console.log(`\n${name}: ${formatFailure(report.failure)}\n`)
    next = report.failure.seed + 1
  }
  const used = process.cpuUsage(cpu)
  tally.seeds += count
  tally.wallMs += performance.now() - wall
  tally.cpuMs += (used.user + used.system) / 1000
}

const chunk = 1_000
for (let first = from; first < from + seeds; first += chunk) {
  const count = Math.min(chunk, from + seeds - first)
  if (mode === 'each') for (const [name, system] of systems) await run(name, system, first, count)
  else
    for (let seed = first; seed < first + count; seed++) {
      const [name, system] = systems[seed % systems.length] as (typeof systems)[number]
      await run(name, system, seed, 1)
    }
  console.log(
    `done seeds ${from}-${first + count - 1} (${mode}): ` +
      Array.from(tallies, ([name, t]) => `${name} ${t.seeds} seeds ${t.broken} broken`).join(', '),
  )
}

let failures = 0
for (const [name, t] of tallies) {
  failures += t.broken
  console.log(
    `${name}: ${t.seeds} seeds, ${t.broken} broken, ${(t.wallMs / 1000).toFixed(1)} s wall (${((t.seeds * 1000) / t.wallMs).toFixed(0)} seeds/s), ${(t.cpuMs / 1000).toFixed(1)} s CPU (${((t.seeds * 1000) / t.cpuMs).toFixed(0)} seeds per CPU second)`,
  )
}
console.log(
  `total: ${((performance.now() - started) / 1000).toFixed(1)} s wall, ${failures} broken`,
)
process.exit(failures === 0 ? 0 : 1)
