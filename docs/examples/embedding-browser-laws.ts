/**
 * Embedding walkthrough (docs/embedding.md), part 3: the bank account's laws checked where the
 * page runs, for a development build's self-test. `foldwise/testing/kit` is the half of
 * `foldwise/testing` without vitest or Node. Bundled and run by embedding.test.ts.
 *
 * @since 0.1.0
 */
// #region laws
import { deciderLaws, given } from '../../src/testing/kit.js'
import { bankCommandArbitrary } from './arbitraries.js'
import { bankAccount, bankInvariant } from '../../src/examples/bank.js'

/** Runs every law of the bank account here; throws a `DeciderLawError` when one breaks. */
export const checkBankLaws = (numRuns: number): ReadonlyArray<string> => {
  const laws = deciderLaws(bankAccount, {
    commands: bankCommandArbitrary,
    invariant: bankInvariant,
    name: 'bankAccount',
  })
  for (const law of laws) law.check({ numRuns })
  given(bankAccount, [])
    .when({ type: 'Deposit', amount: 10 })
    .thenRejects({ _tag: 'AccountNotOpen' })
  return laws.map((law) => law.name)
}
// #endregion laws
