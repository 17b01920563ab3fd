/**
 * Law: the warm path changes nothing anybody can see. The same commands give the same outcomes
 * and store the same records on four runs: the Effect face and the Promise face, each warm (a
 * state cache, no tracer: commands on a cached stream finish without suspending) and general
 * (no cache, so every command loads its stream; on the Effect face a tracer too, so every step
 * runs as an Effect with its span).
 */
import fc from 'fast-check'
import { Clock, Effect, Layer, Tracer } from 'effect'
import { it } from 'vitest'
import { bankCommandArbitrary } from '../../docs/examples/arbitraries.js'
import type { BankCommand } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec } from '../../src/examples/bank.codec.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import {
  EventStoreService,
  IdGenerator,
  commandHandler,
  seededIdGenerator,
} from '../../src/runtime/index.js'
import { toPromiseFace } from '../../src/runtime/PromiseRunner.js'
import { promiseRunner } from '../../src/runtime/PromiseRunner.js'
import { makeRuntimeStore } from '../../src/runtime/services.js'
import { stoppedClock } from './fixtures.js'

const countingTracer = (count: { spans: number }): Tracer.Tracer =>
  Tracer.make({
    span: (options) => {
      count.spans++
      return Tracer.nativeTracer.span(options)
    },
  })

type Face = 'effect' | 'promise'
type Path = 'warm' | 'general'

const run = async (
  commands: ReadonlyArray<readonly [number, BankCommand]>,
  face: Face,
  path: Path,
) => {
  const store = makeMemoryStore()
  const runtime = makeRuntimeStore(store, { cacheSize: path === 'warm' ? 10 : 0 })
  const layer = Layer.mergeAll(
    Layer.succeed(EventStoreService, runtime),
    Layer.succeed(IdGenerator, seededIdGenerator(3)),
    Layer.succeed(Clock.Clock, stoppedClock),
  )
  const context = Effect.runSync(Layer.build(layer).pipe(Effect.scoped))
  const handler = commandHandler(bankAccount, bankEventCodec)
  const count = { spans: 0 }
  const outcomes: Array<unknown> = []
  if (face === 'promise') {
    // The Promise face exactly as toPromiseHandler derives it, in a context with this clock.
    const accounts = toPromiseFace(handler, context)
    for (const [stream, command] of commands) {
      const result = await accounts.handle(`account-${stream}`, command)
      outcomes.push(result._tag === 'Right' ? { ok: result.right } : { error: result.left })
    }
  } else {
    const program = Effect.gen(function* () {
      for (const [stream, command] of commands) {
        const result = yield* Effect.result(handler.handle(`account-${stream}`, command))
        outcomes.push(
          result._tag === 'Success' ? { ok: result.success } : { error: result.failure },
        )
      }
    })
    const runOn = promiseRunner(context)
    await runOn(path === 'general' ? Effect.withTracer(program, countingTracer(count)) : program)
  }
  const records = await Effect.runPromise(store.readAll())
  if (face === 'effect' && path === 'general' && commands.length > 0 && count.spans === 0)
    throw new Error('the tracer saw no span')
  return JSON.stringify({ outcomes, records })
}

it('the warm path and the general path give the same outcomes and records, on both faces', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), bankCommandArbitrary), { maxLength: 30 }),
      async (commands) => {
        const reference = await run(commands, 'effect', 'general')
        for (const face of ['effect', 'promise'] as const)
          for (const path of ['warm', 'general'] as const)
            if ((await run(commands, face, path)) !== reference) return false
        return true
      },
    ),
    { numRuns: 60 },
  )
})
