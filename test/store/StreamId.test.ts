import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { checkStreamId, maxStreamIdBytes } from '../../src/store/StreamId.js'

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length

describe('checkStreamId', () => {
  it.each([
    ['empty', ''],
    ['NUL', 'a\u0000'],
    ['newline', 'a\nb'],
    ['tab', 'a\tb'],
    ['DEL', '\u007f'],
    ['C1 control', 'a\u0085'],
    ['lone high surrogate', '\ud83d'],
    ['lone low surrogate', 'x\ude00y'],
    ['513 bytes', 'x'.repeat(513)],
    ['171 three-byte characters (513 bytes)', '日'.repeat(171)],
  ])('refuses %s', (_label, streamId) => {
    const error = checkStreamId(streamId)
    expect(error?._tag).toBe('InvalidStreamId')
    expect(error?.streamId).toBe(streamId)
    expect(error?.reason.length).toBeGreaterThan(0)
  })

  it.each([
    ['a path', '../../etc/passwd'],
    ['unicode with a surrogate pair', 'ünï-日本-🎉'],
    ['exactly 512 bytes', 'x'.repeat(512)],
    ['170 three-byte characters plus two bytes', '日'.repeat(170) + 'ab'],
  ])('accepts %s', (_label, streamId) => {
    expect(checkStreamId(streamId)).toBeUndefined()
  })

  test.prop([fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 })])(
    'a non-empty well-formed string without control characters is accepted exactly when it fits in 512 bytes',
    (streamId) => {
      // eslint-disable-next-line no-control-regex
      fc.pre(!/[\u0000-\u001f\u007f-\u009f]/.test(streamId))
      expect(checkStreamId(streamId) === undefined).toBe(utf8Bytes(streamId) <= maxStreamIdBytes)
    },
  )

  test.prop([
    fc.string({ maxLength: 20 }),
    fc.integer({ min: 0, max: 0x1f }),
    fc.string({ maxLength: 20 }),
  ])('a string holding a control character is refused', (before, code, after) => {
    expect(checkStreamId(before + String.fromCharCode(code) + after)?._tag).toBe('InvalidStreamId')
  })
})
