/**
 * The command-line entry point. For now a demo: `foldwise demo bank` runs the bank-account
 * example in memory with the kernel alone and prints each command, what it led to, and the
 * state after it.
 *
 * @since 0.1.0
 */
import { isLeft } from 'fp-ts/lib/Either.js'
import type { BankCommand, BankState } from '../../docs/examples/bank.js'
import { bankAccount } from '../../docs/examples/bank.js'
import { decideAndEvolve } from '../kernel/Decider.js'

/** The demo's script: the happy path of the brief, then two commands the account refuses. */
const bankScript: ReadonlyArray<BankCommand> = [
  { type: 'OpenAccount', accountId: 'acc-1', owner: 'Ada', initialBalance: 1000 },
  { type: 'Deposit', amount: 500 },
  { type: 'Withdraw', amount: 200 },
  { type: 'Withdraw', amount: 5000 },
  { type: 'CloseAccount' },
  { type: 'Deposit', amount: 10 },
]

/** `{"type":"X","a":1}` shown as `X {"a":1}`. */
const describe = (tag: string, value: object): string => {
  const rest = Object.entries(value).filter(([key]) => key !== tag)
  return rest.length === 0
    ? String((value as Record<string, unknown>)[tag])
    : `${String((value as Record<string, unknown>)[tag])} ${JSON.stringify(Object.fromEntries(rest))}`
}

const runBankDemo = (print: (line: string) => void): BankState => {
  const step = decideAndEvolve(bankAccount)
  let state = bankAccount.initialState
  print('foldwise demo: a bank account, decided and folded in memory by the pure kernel')
  print('')
  for (const command of bankScript) {
    print(`> ${describe('type', command)}`)
    const result = step(command, state)
    if (isLeft(result)) {
      print(`  rejected: ${describe('_tag', result.left)}`)
    } else {
      for (const event of result.right.events) print(`  event:    ${describe('type', event)}`)
      state = result.right.state
    }
    print(`  state:    ${JSON.stringify(state)}`)
  }
  print('')
  print(
    `Final balance: ${state.balance} (minor units, ${state.currency}); account ${state.status}.`,
  )
  return state
}

const usage = 'usage: foldwise demo bank'

const main = (args: ReadonlyArray<string>): number => {
  const [command, example] = args
  if (command === 'demo' && (example === undefined || example === 'bank')) {
    runBankDemo((line) => console.log(line))
    return 0
  }
  console.error(usage)
  return 2
}

process.exitCode = main(process.argv.slice(2))
