/**
 * `foldwise read --at` follows the one time rule on a stream whose recorded times are out of
 * version order (a writer with a fast clock): it shows the longest prefix recorded at or
 * before the instant, not every event whose own time is before it.
 */
import { Effect } from 'effect'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openFileStore } from '../../src/adapters/file/index.js'
import type { BankEvent } from '../../src/examples/bank.js'
import { bankEventCodec } from '../../src/examples/bank.codec.js'
import { makeTempDir, runFoldwise } from './runFoldwise.js'

const temp = makeTempDir('read-at')

const recorded = (eventId: string, recordedAt: string, event: BankEvent) => {
  const encoded = bankEventCodec.encode(event)
  return { eventId, ...encoded, metadata: { recordedAt } }
}

beforeAll(async () => {
  const store = await Effect.runPromise(openFileStore(temp.dir))
  await Effect.runPromise(
    store.append(
      'account-1',
      [
        recorded('e1', '2024-03-01T09:00:00.000Z', {
          type: 'AccountOpened',
          accountId: 'account-1',
          owner: 'Ada',
          initialBalance: 100,
          currency: 'EUR',
        }),
        // Written by a process whose clock ran an hour fast.
        recorded('e2', '2024-03-01T12:30:00.000Z', {
          type: 'MoneyDeposited',
          amount: 50,
          currency: 'EUR',
        }),
        recorded('e3', '2024-03-01T11:45:00.000Z', {
          type: 'MoneyDeposited',
          amount: 20,
          currency: 'EUR',
        }),
      ],
      { expectedVersion: 'no_stream' },
    ),
  )
  await Effect.runPromise(store.close())
})
afterAll(() => temp.remove())

describe('--at with recorded times out of version order', () => {
  it('read shows the longest prefix recorded by the instant', async () => {
    // `state --at` is `stateAt`, which test/runtime/TimeRule.prop.test.ts holds to the same rule.
    const read = await runFoldwise([
      'read',
      temp.dir,
      'account-1',
      '--json',
      '--at',
      '2024-03-01T12:00:00Z',
    ])
    expect(read.code, read.stderr).toBe(0)
    const records = JSON.parse(read.stdout) as ReadonlyArray<{ readonly eventId: string }>
    expect(records.map((record) => record.eventId)).toEqual(['e1'])
  })
})
