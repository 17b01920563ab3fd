/**
 * `retryBudget({ writers })` (issue 10, finding 16): the conflict budget grows with the writers
 * of a stream, `2 x writers` retries and never fewer than 4, with waits capped at 200 ms.
 */
import { assert, describe, it } from '@effect/vitest'
import { Effect, Fiber } from 'effect'
import { TestClock } from 'effect/testing'
import { retryBudget } from '../../src/runtime/index.js'

/** How many times an always-failing effect runs under the budget, in simulated time. */
const attemptsUnder = (writers: number) =>
  Effect.gen(function* () {
    let attempts = 0
    const fiber = yield* Effect.forkChild(
      Effect.exit(
        Effect.retry(
          Effect.suspend(() => {
            attempts++
            return Effect.fail('WrongExpectedVersion')
          }),
          retryBudget({ writers }),
        ),
      ),
    )
    yield* TestClock.adjust('1 minute')
    const exit = yield* Fiber.join(fiber)
    return { attempts, failed: exit._tag === 'Failure' }
  })

describe('retryBudget', () => {
  it.effect('gives 5 writers 10 retries (11 attempts) before the conflict is returned', () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* attemptsUnder(5), { attempts: 11, failed: true })
    }),
  )

  it.effect('never gives fewer than 4 retries, even to one writer', () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* attemptsUnder(1), { attempts: 5, failed: true })
    }),
  )

  it.effect('waits at most 200 ms between tries: 20 writers finish within 9 s of waiting', () =>
    Effect.gen(function* () {
      let attempts = 0
      const fiber = yield* Effect.forkChild(
        Effect.exit(
          Effect.retry(
            Effect.suspend(() => {
              attempts++
              return Effect.fail('WrongExpectedVersion')
            }),
            retryBudget({ writers: 20 }),
          ),
        ),
      )
      // 40 retries: at most 40 x 200 ms (jitter included) = 8 s.
      yield* TestClock.adjust('9 seconds')
      yield* Fiber.join(fiber)
      assert.strictEqual(attempts, 41)
    }),
  )
})
