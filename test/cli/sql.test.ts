/**
 * `foldwise sql --schema NAME` prints the migration the store runs, for that schema; the
 * shipped sql/001_foldwise.sql is its output for the default schema.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it, vi } from 'vitest'
import { migrationSql } from '../../src/adapters/postgres/migration.js'
import { foldwiseCommand, foldwiseVersion } from '../../src/cli/Foldwise.js'
import { runCli } from '../../src/cli/Run.js'
import { repoRoot } from './runFoldwise.js'

afterEach(() => {
  vi.restoreAllMocks()
})

const run = async (args: ReadonlyArray<string>) => {
  const out: Array<string> = []
  const err: Array<string> = []
  vi.spyOn(console, 'log').mockImplementation((line: string) => {
    out.push(line)
  })
  vi.spyOn(process.stderr, 'write').mockImplementation((line: string | Uint8Array) => {
    err.push(String(line))
    return true
  })
  const code = await runCli(foldwiseCommand, ['sql', ...args], foldwiseVersion)
  vi.restoreAllMocks()
  return { code, stdout: out.join('\n'), stderr: err.join('') }
}

it('prints the migration for the schema given, and the shipped file for the default', async () => {
  const billing = await run(['--schema', 'billing'])
  expect(billing.code).toBe(0)
  expect(billing.stdout).toBe(migrationSql('billing'))
  expect(billing.stdout).toContain('CREATE SCHEMA IF NOT EXISTS billing;')
  expect(billing.stdout).not.toMatch(
    /\bfoldwise\.(events|snapshots|checkpoints|read_models|migrations|append_many)\b/,
  )
  const standard = await run([])
  expect(`${standard.stdout}\n`.trim()).toBe(
    readFileSync(join(repoRoot, 'sql', '001_foldwise.sql'), 'utf8').trim(),
  )
})

it('refuses a schema name that is not a plain identifier, in one line', async () => {
  const bad = await run(['--schema', 'Bad; DROP TABLE x'])
  expect(bad.code).toBe(2)
  expect(bad.stderr).toMatch(/^foldwise: --schema Bad; DROP TABLE x: a schema name must be/)
  expect(bad.stdout).toBe('')
})
