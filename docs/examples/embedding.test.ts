import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { gzipSync } from 'node:zlib'
import { Effect } from 'effect'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { forbiddenInputs } from '../../test/browser/bundle.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import type { BankCommand } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import type { LocalAccount } from './embedding-browser.js'
import * as page from './embedding-browser.js'
import type * as laws from './embedding-browser-laws.js'
import { bundleForBrowser } from './embedding-bundle.js'
import { main } from './embedding-effect.js'
import { makeAccounts, withdraw } from './embedding-promise.js'

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'foldwise-embedding-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('docs/embedding.md: a plain Promise application', () => {
  it('answers a route with a status for every outcome, and never throws', async () => {
    // #region promise
    const accounts = makeAccounts(makeMemoryStore())
    await accounts.handle('account-ada', {
      type: 'OpenAccount',
      accountId: 'ada',
      owner: 'Ada',
      initialBalance: 1000,
    })

    expect(await withdraw(accounts, 'ada', 300)).toEqual({ status: 200, body: { balance: 700 } })
    expect(await withdraw(accounts, 'ada', 5000)).toEqual({
      status: 409,
      body: { error: 'InsufficientFunds' },
    })
    expect(await withdraw(accounts, 'ada', -1)).toEqual({
      status: 400,
      body: { error: 'InvalidAmount' },
    })
    expect(await withdraw(accounts, 'grace', 10)).toEqual({
      status: 404,
      body: { error: 'AccountNotOpen' },
    })
    // #endregion promise
  })

  it('answers 503 when the store fails', async () => {
    const store = makeMemoryStore()
    const accounts = makeAccounts(store)
    await Effect.runPromise(store.close())
    expect(await withdraw(accounts, 'ada', 1)).toEqual({
      status: 503,
      body: { error: 'StoreClosed' },
    })
  })
})

describe('docs/embedding.md: an Effect program', () => {
  it('pays one bill, recovers the refused one by its tag, and keeps it on the file store', async () => {
    // #region effect
    const bills = await main(dir)
    expect(bills).toEqual([
      { paid: true, balance: 400 },
      { paid: false, balance: 400 },
    ])
    // #endregion effect
    // The store was closed by the layer, and the history is on disk: opening the account
    // again is refused.
    await expect(main(dir)).rejects.toMatchObject({
      _tag: 'Rejected',
      rejection: { _tag: 'AccountAlreadyOpen' },
    })
  })
})

/**
 * Bundles an example for the browser and loads it in a fresh V8 context that has only the
 * timers every browser has: no `process`, no `require`, no `Buffer`.
 */
const loadInBlankContext = async <Exports>(
  file: string,
): Promise<{
  readonly exports: Exports
  readonly inputs: ReadonlyArray<string>
  readonly gzipped: number
}> => {
  const { code, inputs } = await bundleForBrowser(join(import.meta.dirname, file), 'example')
  const exports = runInNewContext(
    `${code};example`,
    { setTimeout, clearTimeout },
    { filename: file },
  ) as Exports
  return { exports, inputs, gzipped: gzipSync(code).length }
}

describe('docs/embedding.md: in a browser bundle', () => {
  it('bundles the page with the kernel and codecs only, and runs it with no Node globals', async () => {
    const { exports, inputs, gzipped } =
      await loadInBlankContext<typeof page>('embedding-browser.ts')
    // docs/embedding.md promises under 20 kB gzipped, fp-ts and io-ts included.
    expect(gzipped).toBeLessThan(20_000)
    expect(forbiddenInputs(inputs)).toEqual([])
    expect(inputs.some((i) => i.includes('node_modules/effect/'))).toBe(false)
    expect(inputs.some((i) => i.includes('node_modules/fast-check/'))).toBe(false)
    expect(inputs).toContain('src/kernel/Decider.ts')

    // #region page-run
    const commands: ReadonlyArray<BankCommand> = [
      { type: 'OpenAccount', accountId: 'ada', owner: 'Ada', initialBalance: 1000 },
      { type: 'Deposit', amount: 500 },
      { type: 'Withdraw', amount: 200 },
    ]
    let account: LocalAccount = exports.emptyAccount
    for (const command of commands) {
      const next = exports.dispatch(account, command)
      if (next._tag === 'Right') account = next.right
    }
    expect(account.state.balance).toBe(1300)
    expect(account.unsent.map((event) => event.type)).toEqual([
      'AccountOpened',
      'MoneyDeposited',
      'MoneyWithdrawn',
    ])
    expect(exports.dispatch(account, { type: 'Withdraw', amount: 5000 })).toEqual({
      _tag: 'Left',
      left: { _tag: 'InsufficientFunds', balance: 1300, requested: 5000 },
    })
    // #endregion page-run
    // The bundled module decides exactly as the module itself.
    expect(account.state).toEqual(
      commands.reduce((state, command) => {
        const decided = page.dispatch({ state, unsent: [] }, command)
        return decided._tag === 'Right' ? decided.right.state : state
      }, bankAccount.initialState),
    )
  })

  it('bundles the testing kit with the laws, and the laws hold in the blank context', async () => {
    const { exports, inputs } = await loadInBlankContext<typeof laws>('embedding-browser-laws.ts')
    expect(forbiddenInputs(inputs)).toEqual([])
    expect(inputs.some((i) => i.includes('node_modules/effect/'))).toBe(false)
    expect(exports.checkBankLaws(50)).toEqual([
      'replayDeterminism',
      'splitFold',
      'decideNeverThrows',
      'terminalStatesAcceptNoEvents',
      'invariantHolds',
    ])
  })

  it('refuses to bundle a module that reaches for Node', async () => {
    await expect(
      bundleForBrowser(
        join(import.meta.dirname, '../../test/browser/fixtures/imports-node.ts'),
        'x',
      ),
    ).rejects.toThrow(/node:fs/)
  })
})
