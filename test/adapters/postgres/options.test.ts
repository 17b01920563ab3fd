/** Options refused before any connection is made. */
import { Effect } from 'effect'
import { describe, expect, it } from 'vitest'
import { openPostgresStore } from '../../../src/adapters/postgres/index.js'

describe('postgres store options', () => {
  it.each(['Upper', 'with-dash', 'x; DROP TABLE y', '', '1starts_with_digit', 'a'.repeat(64)])(
    'a schema name %j is InvalidSchemaName in the error channel, before any connection',
    async (schema) => {
      // Nothing listens on port 1: a connection attempt would be StoreUnavailable instead.
      const result = await Effect.runPromise(
        Effect.result(
          openPostgresStore({ connectionString: 'postgres://nobody@127.0.0.1:1/none', schema }),
        ),
      )
      expect(result._tag === 'Failure' && result.failure).toEqual({
        _tag: 'InvalidSchemaName',
        schema,
        reason: expect.stringContaining('lower-case SQL identifier'),
      })
    },
  )
})
