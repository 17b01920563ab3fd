/**
 * The store's own check of what `jsonb` refuses, held against the server itself: it must refuse
 * exactly what PostgreSQL refuses, or the store would either write nothing it could have, or let
 * a server error through.
 */
import { fc, test } from '@fast-check/vitest'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect } from 'vitest'
import { jsonbRefusal } from '../../../src/adapters/postgres/storable.js'
import { pgUrl } from './fixtures.js'

let client: pg.Client
beforeAll(async () => {
  client = new pg.Client({ connectionString: pgUrl() })
  await client.connect()
})
afterAll(() => client.end())

/** Strings of UTF-16 code units, rich in NUL, surrogates, backslashes and `u`. */
const awkwardString = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 0xffff }),
      fc.constantFrom(0, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0x5c, 0x75, 0x30),
    ),
    { maxLength: 10 },
  )
  .map((units) => String.fromCharCode(...units))

const serverRefuses = async (json: string): Promise<boolean> => {
  try {
    await client.query('SELECT $1::jsonb', [json])
    return false
  } catch {
    return true
  }
}

describe('jsonbRefusal', () => {
  test.prop([awkwardString, fc.boolean()], { numRuns: 300 })(
    'refuses a string (as a value or a key) exactly when PostgreSQL jsonb refuses it',
    async (text, asKey) => {
      const json = JSON.stringify(asKey ? { [text]: 1 } : [text])
      expect(jsonbRefusal(json) !== undefined).toBe(await serverRefuses(json))
    },
  )
})
