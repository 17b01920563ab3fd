import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { matchesExpectedVersion } from '../../src/store/ExpectedVersion.js'

const version = fc.nat({ max: 1_000_000 })

describe('matchesExpectedVersion', () => {
  test.prop([version])("'any' matches every version", (actual) => {
    expect(matchesExpectedVersion('any', actual)).toBe(true)
  })

  test.prop([version])("'no_stream' matches exactly version 0", (actual) => {
    expect(matchesExpectedVersion('no_stream', actual)).toBe(actual === 0)
  })

  test.prop([version])("'stream_exists' matches exactly the versions above 0", (actual) => {
    expect(matchesExpectedVersion('stream_exists', actual)).toBe(actual > 0)
  })

  test.prop([version, version])('a number matches exactly that version', (expected, actual) => {
    expect(matchesExpectedVersion(expected, actual)).toBe(expected === actual)
  })

  test.prop([version])("0 means the same as 'no_stream'", (actual) => {
    expect(matchesExpectedVersion(0, actual)).toBe(matchesExpectedVersion('no_stream', actual))
  })
})
