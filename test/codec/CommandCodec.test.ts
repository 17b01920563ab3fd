/**
 * Command codecs on untrusted input: typed commands, or typed errors that name the command
 * type and the bad field's path; unknown keys never reach the decider.
 */
import { describe, expect, it } from 'vitest'
import {
  formatCommandDecodeError,
  isCommandDecodeError,
  type CommandDecodeError,
} from '../../src/codec/index.js'
import { bankCommandCodec } from '../../src/examples/bank.codec.js'
import { cargoCommandCodec } from '../../src/examples/cargo.codec.js'
import { lootCommandCodec } from '../../src/examples/loot.codec.js'

const leftOf = (result: {
  readonly _tag: string
  readonly left?: CommandDecodeError
}): CommandDecodeError => {
  expect(result._tag).toBe('Left')
  return result.left as CommandDecodeError
}

describe('command codecs', () => {
  it('decode JSON to a typed command, dropping keys the codec does not know', () => {
    expect(
      bankCommandCodec.decode(JSON.parse('{"type":"Deposit","amount":5,"admin":true}')),
    ).toEqual({ _tag: 'Right', right: { type: 'Deposit', amount: 5 } })
    expect(
      bankCommandCodec.decode({
        type: 'OpenAccount',
        accountId: 'a',
        owner: 'Ada',
        initialBalance: 0,
      }),
    ).toEqual({
      _tag: 'Right',
      right: { type: 'OpenAccount', accountId: 'a', owner: 'Ada', initialBalance: 0 },
    })
    expect(cargoCommandCodec.decode({ type: 'Depart' })).toEqual({
      _tag: 'Right',
      right: { type: 'Depart' },
    })
  })

  it('an unknown command type is UnknownCommand with the known types', () => {
    const error = leftOf(bankCommandCodec.decode({ type: 'Teleport' }))
    expect(error).toEqual({
      _tag: 'UnknownCommand',
      type: 'Teleport',
      knownTypes: ['OpenAccount', 'Deposit', 'Withdraw', 'CloseAccount'],
    })
    expect(isCommandDecodeError(error)).toBe(true)
    expect(formatCommandDecodeError(error)).toBe(
      'UnknownCommand "Teleport"; known commands: OpenAccount, Deposit, Withdraw, CloseAccount',
    )
    // A type that is an Object.prototype key is still unknown, not a crash.
    expect(leftOf(bankCommandCodec.decode({ type: '__proto__' }))._tag).toBe('UnknownCommand')
    expect(leftOf(bankCommandCodec.decode({ type: 'toString' }))._tag).toBe('UnknownCommand')
  })

  it('a bad field is InvalidCommand naming the command type and the io-ts path', () => {
    const error = leftOf(
      lootCommandCodec.decode({
        type: 'AddItem',
        item: { name: 'sword', rarity: 'mythic', origin: 'Cave' },
      }),
    )
    expect(error).toMatchObject({
      _tag: 'InvalidCommand',
      type: 'AddItem',
      errors: [{ path: 'item.rarity', actual: '"mythic"' }],
    })
    expect(
      formatCommandDecodeError(leftOf(bankCommandCodec.decode({ type: 'Deposit', amount: 1.5 }))),
    ).toBe('InvalidCommand Deposit: amount: expected SafeInteger, got 1.5')
    expect(leftOf(bankCommandCodec.decode({ type: 'Withdraw' }))).toMatchObject({
      _tag: 'InvalidCommand',
      type: 'Withdraw',
      errors: [{ path: 'amount', actual: 'undefined' }],
    })
  })

  it('input that is not a command object is InvalidCommand without a type', () => {
    for (const input of [null, 42, 'Deposit', [], { amount: 5 }, { type: 7 }]) {
      const error = leftOf(bankCommandCodec.decode(input))
      expect(error).toMatchObject({ _tag: 'InvalidCommand', type: undefined })
      expect(formatCommandDecodeError(error)).toMatch(/^InvalidCommand: /)
    }
  })

  it('an input whose getters throw is refused, not thrown', () => {
    const hostile = {
      type: 'Deposit',
      get amount(): number {
        throw new Error('boom')
      },
    }
    const error = leftOf(bankCommandCodec.decode(hostile))
    expect(formatCommandDecodeError(error)).toContain('threw when read: boom')
  })
})
