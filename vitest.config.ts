import { relative } from 'node:path'
import type { TestSpecification } from 'vitest/node'
import { BaseSequencer } from 'vitest/node'
import { defineConfig } from 'vitest/config'

/**
 * Seconds the slowest test files took in a full run on a loaded 2-core machine (npm test,
 * Dec 2026; the consumer test with its build, pack and install); every other file takes about
 * three seconds or less.
 */
const slowFiles: Readonly<Record<string, number>> = {
  'test/package/consumer.test.ts': 50,
  'test/docs/code-blocks.test.ts': 44,
  'test/adapters/file/faults.test.ts': 40,
  'test/adapters/postgres/postgres.test.ts': 26,
  'test/docs/tsdoc-examples.test.ts': 21,
  'test/cli/cli.test.ts': 19,
  'test/testing/simulation/simulation.test.ts': 17,
  'test/testing/simulation/teeth.test.ts': 14,
  'test/adapters/file/lock.test.ts': 11,
  'test/adapters/postgres/faults.int.test.ts': 10,
  'test/adapters/file/crashSteps.test.ts': 9,
  'test/cli/start-hint.test.ts': 9,
  'test/adapters/postgres/followers.int.test.ts': 8,
  'test/runtime/Projections.test.ts': 7,
  'test/cli/own-domain.test.ts': 6,
  'test/cli/read-only-mount.test.ts': 6,
  'test/adapters/postgres/concurrency.int.test.ts': 5,
}

/**
 * Longest first, so the slow files do not start last and run on alone while the other workers
 * idle: the duration vitest cached from the last run when it has one, else the figure above.
 * Vitest's own order runs files it has no figure for first in the order found, which on a
 * clean clone (CI) started the slowest file (then 107 s) after 68 s, and a 34 s one after 300 s.
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
