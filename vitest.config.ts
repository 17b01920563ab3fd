import { defineConfig } from 'vitest/config'

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
    globalSetup: ['test/adapters/postgres/globalSetup.ts'],
  },
})
