/**
 * Laws of the example command codecs: decoding an encoded command gives it back (through JSON
 * too); hostile input never throws and always gives a typed error.
 */
import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CommandCodec } from '../../src/codec/index.js'
import { formatCommandDecodeError, isCommandDecodeError } from '../../src/codec/index.js'
import {
  bankCommandArbitrary,
  cargoCommandArbitrary,
  lootCommandArbitrary,
} from '../../docs/examples/arbitraries.js'
import { bankCommandCodec } from '../../src/examples/bank.codec.js'
import { cargoCommandCodec } from '../../src/examples/cargo.codec.js'
import { lootCommandCodec } from '../../src/examples/loot.codec.js'

type AnyCodec = CommandCodec<unknown>
const codecs: ReadonlyArray<readonly [string, AnyCodec, fc.Arbitrary<unknown>]> = [
  ['bank', bankCommandCodec as AnyCodec, bankCommandArbitrary],
  ['loot', lootCommandCodec as AnyCodec, lootCommandArbitrary],
  ['cargo', cargoCommandCodec as AnyCodec, cargoCommandArbitrary],
]

/** The arbitraries draw some invalid amounts (0.5, NaN, unsafe integers) on purpose. */
const numbersAreSafe = (command: unknown): boolean =>
  Object.values(command as object).every(
    (value) => typeof value !== 'number' || Number.isSafeInteger(value),
  )

const hostileValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(undefined, Number.NaN, -0, Symbol('s'), () => 1, 10n, new Date(0), []),
  fc.object(),
)

describe('command codec laws', () => {
  for (const [name, codec, arbitrary] of codecs) {
    it(`${name}: decoding an encoded command (through JSON) gives the command back`, () => {
      fc.assert(
        fc.property(arbitrary, (command) => {
          const result = codec.decode(JSON.parse(JSON.stringify(codec.encode(command))))
          if (numbersAreSafe(command)) expect(result).toEqual({ _tag: 'Right', right: command })
          else expect(result).toMatchObject({ _tag: 'Left', left: { _tag: 'InvalidCommand' } })
        }),
      )
    })

    it(`${name}: hostile input never throws and gives a command of a known type or a typed error`, () => {
      fc.assert(
        fc.property(
          arbitrary,
          fc.option(fc.constantFrom(...codec.types, 'Nope', '__proto__', 'constructor')),
          fc.dictionary(fc.string(), hostileValue),
          hostileValue,
          (command, type, extra, whole) => {
            for (const input of [
              whole,
              { ...extra, type: type ?? (command as { type: string }).type },
              { ...(command as object), ...extra },
            ]) {
              const result = codec.decode(input)
              if (result._tag === 'Right')
                expect(codec.types).toContain((result.right as { type: string }).type)
              else {
                expect(isCommandDecodeError(result.left)).toBe(true)
                expect(formatCommandDecodeError(result.left)).not.toContain('\n')
              }
            }
          },
        ),
      )
    })
  }
})
