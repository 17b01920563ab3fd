/** The code docs/postgres.md quotes: the bank account moves from the file store to PostgreSQL. */
import { Effect } from 'effect'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { openOnOneMachine, openOnPostgres, runBank } from './bankOnPostgres.js'
import { dropSchema, pgUrl } from './fixtures.js'

it('the bank account gives the same balance on the file store and on PostgreSQL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'foldwise-bank-'))
  try {
    const onFile = await Effect.runPromise(openOnOneMachine(dir))
    expect(await runBank(onFile)).toBe(1300)
    await Effect.runPromise(onFile.close())
    const onPostgres = await Effect.runPromise(openOnPostgres(pgUrl()))
    expect(await runBank(onPostgres)).toBe(1300)
    expect(
      (await Effect.runPromise(onPostgres.readStream('account-1'))).map((r) => r.type),
    ).toEqual(['AccountOpened', 'MoneyDeposited', 'MoneyWithdrawn'])
    await Effect.runPromise(onPostgres.close())
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await dropSchema(pgUrl(), 'foldwise')
  }
})
