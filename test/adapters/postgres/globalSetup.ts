/**
 * Vitest global setup: one PostgreSQL server for the whole run (or `PG_URL` when set), its URL
 * provided to tests as `inject('pgUrl')`.
 */
import type { TestProject } from 'vitest/node'
import { startTestServer } from './server.js'

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env['PG_URL']
  if (given !== undefined && given !== '') {
    project.provide('pgUrl', given)
    return async () => undefined
  }
  // Durability across an OS crash is not what these tests probe (they kill clients and restart
  // the server cleanly), so the shared test server skips WAL flushes to keep the run fast.
  const server = await startTestServer({ settings: { fsync: 'off', synchronous_commit: 'off' } })
  project.provide('pgUrl', server.url)
  return () => server.destroy()
}
