import * as t from 'io-ts'
import { describe, expect, it } from 'vitest'
import { formatDecodeError, stateCodec } from '../../src/codec/index.js'
import { cargoStateCodec } from '../../src/examples/cargo.codec.js'
import { initialCargoState } from '../../src/examples/cargo.js'

describe('stateCodec', () => {
  const counter = stateCodec({ version: 2, name: 'Counter', codec: t.type({ count: t.number }) })

  it('decodes a snapshot of the current version', () => {
    expect(counter.decode({ stateVersion: 2, state: { count: 3 } })).toStrictEqual({
      _tag: 'Right',
      right: { count: 3 },
    })
  })

  it('refuses a snapshot of any other version (the runtime then ignores it)', () => {
    for (const stateVersion of [1, 3]) {
      expect(
        counter.decode({ streamId: 'c-1', streamVersion: 40, stateVersion, state: { count: 3 } }),
      ).toStrictEqual({
        _tag: 'Left',
        left: {
          _tag: 'UnsupportedSchemaVersion',
          streamId: 'c-1',
          streamVersion: 40,
          type: 'Counter',
          schemaVersion: stateVersion,
          supportedVersions: [2],
        },
      })
    }
  })

  it('refuses a malformed snapshot, naming the bad field under state', () => {
    const result = counter.decode({
      streamId: 'c-1',
      streamVersion: 40,
      stateVersion: 2,
      state: { count: 'x' },
    })
    expect(result._tag === 'Left' && formatDecodeError(result.left)).toBe(
      'InvalidEventData in c-1@40 (Counter v2): state.count: expected number, got "x"',
    )
  })

  it('stores the cargo map as entries', () => {
    const state = { ...initialCargoState, registered: true, cargo: new Map([['grain', 4]]) }
    expect(cargoStateCodec.encode(state)).toStrictEqual({
      registered: true,
      shipId: '',
      name: '',
      location: { _tag: 'AtSea' },
      cargo: [['grain', 4]],
    })
  })
})
