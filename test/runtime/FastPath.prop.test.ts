/**
 * Law: the fast path changes nothing anybody can see. The same commands, handled once with a
 * tracer installed (every command takes the general path) and once without (warm commands
 * take the fast path), give the same outcomes and store the same records.
 */
import fc from 'fast-check'
import { Clock, Effect, Layer, Tracer } from 'effect'
import { it } from 'vitest'
import { bankCommandArbitrary } from '../../docs/examples/arbitraries.js'
import type { BankCommand } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec } from '../../src/examples/bank.codec.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import { commandHandler } from '../../src/runtime/index.js'
import { runtimeLayer } from './fixtures.js'

const countingTracer = (count: { spans: number }): Tracer.Tracer =>
  Tracer.make({
    span: (options) => {
      count.spans++
      return Tracer.nativeTracer.span(options)
    },
  })

/** A clock stopped at one instant, so both runs stamp the same recordedAt. */
const stoppedClock: Clock.Clock = {
  currentTimeMillisUnsafe: () => 1_700_000_000_000,
  currentTimeMillis: Effect.succeed(1_700_000_000_000),
  currentTimeNanosUnsafe: () => 1_700_000_000_000_000_000n,
  currentTimeNanos: Effect.succeed(1_700_000_000_000_000_000n),
  monotonicTimeNanosUnsafe: () => 0n,
  monotonicTimeNanos: Effect.succeed(0n),
  sleep: () => Effect.void,
}

const run = (commands: ReadonlyArray<readonly [number, BankCommand]>, traced: boolean) => {
  const store = makeMemoryStore()
  const count = { spans: 0 }
  const program = Effect.gen(function* () {
    const outcomes: Array<unknown> = []
    for (const [stream, command] of commands) {
      const result = yield* Effect.result(
        commandHandler(bankAccount, bankEventCodec).handle(`account-${stream}`, command),
      )
      outcomes.push(result)
    }
    const records = yield* store.readAll()
    return { outcomes, records }
  }).pipe(
    Effect.provide(Layer.merge(runtimeLayer(store, 3), Layer.succeed(Clock.Clock, stoppedClock))),
  )
  const result = Effect.runSync(
    traced ? Effect.withTracer(program, countingTracer(count)) : program,
  )
  return { ...result, spans: count.spans }
}

it('the fast path and the general path give the same outcomes and store the same records', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), bankCommandArbitrary), { maxLength: 40 }),
      (commands) => {
        const general = run(commands, true)
        const fast = run(commands, false)
        if (commands.length > 0 && general.spans === 0) throw new Error('the tracer saw no span')
        return (
          JSON.stringify(fast.outcomes) === JSON.stringify(general.outcomes) &&
          JSON.stringify(fast.records) === JSON.stringify(general.records)
        )
      },
    ),
    { numRuns: 100 },
  )
})
