import { relative } from 'node:path'
import type { TestSpecification } from 'vitest/node'
import { BaseSequencer } from 'vitest/node'
import { defineConfig } from 'vitest/config'

/**
 * Seconds the slowest test files took on a loaded 2-core machine (npx vitest run, Dec 2026);
 * every other file takes about one second or less.
 */
const slowFiles: Readonly<Record<string, number>> = {
  'test/package/consumer.test.ts': 45,
  'test/docs/code-blocks.test.ts': 40,
  'test/adapters/postgres/faults.int.test.ts': 40,
  'test/adapters/postgres/concurrency.int.test.ts': 34,
  'test/cli/own-domain.test.ts': 28,
  'test/docs/tsdoc-examples.test.ts': 26,
  'test/testing/simulation/teeth.test.ts': 21,
  'test/docs/machinery.test.ts': 19,
  'test/adapters/file/faults.test.ts': 18,
  'test/cli/cli.test.ts': 17,
  'test/testing/simulation/simulation.test.ts': 15,
  'test/adapters/file/crashSteps.test.ts': 13,
  'test/cli/hostile-store.test.ts': 13,
  'test/cli/copy.int.test.ts': 12,
  'test/runtime/Projections.test.ts': 11,
  'test/cli/start-hint.test.ts': 10,
}

/**
 * Longest first, so the slow files do not start last and run on alone while the other workers
 * idle: the duration vitest cached from the last run when it has one, else the figure above.
 * Vitest's own order runs files it has no figure for first in the order found, which on a
 * clean clone (CI) started the slowest file after 68 s and the second slowest after 300 s.
 */
class SlowestFirst extends BaseSequencer {
  override async sort(files: Array<TestSpecification>): Promise<Array<TestSpecification>> {
    const root = this.ctx.config.root
    const weight = (spec: TestSpecification): number => {
      const path = relative(root, spec.moduleId).split('\\').join('/')
      const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${path}`)
      return cached?.duration ?? (slowFiles[path] ?? 0.5) * 1000
    }
    const weights = new Map(files.map((spec) => [spec, weight(spec)]))
    return [...files].sort((a, b) => (weights.get(b) ?? 0) - (weights.get(a) ?? 0))
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'docs/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default leaves one core free, which on a 2-core machine runs the files one at a
    // time; many of them wait on child processes, PostgreSQL and fsync, so 3 workers overlap
    // that waiting (measured here: 210 s with the default, 159 s with 2 workers).
    maxWorkers: 3,
    sequence: { sequencer: SlowestFirst },
    globalSetup: ['test/adapters/postgres/globalSetup.ts'],
  },
})
