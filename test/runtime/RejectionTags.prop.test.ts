/**
 * Law: a domain may name its rejections anything. A decider whose rejections carry a store's or
 * the runtime's own tag (`WrongExpectedVersion`, `StoreUnavailable`, `Rejected`, ...) or any
 * other string is handled exactly as one whose rejections carry a plain domain tag: the same
 * outcomes (the rejection arrives inside `Rejected`, untouched), the same records stored, and
 * `decide` run the same number of times, on the Effect face and on the Promise face.
 */
import fc from 'fast-check'
import { Clock, Effect, Layer, Schedule } from 'effect'
import { mapLeft } from 'fp-ts/lib/Either.js'
import { it } from 'vitest'
import { bankCommandArbitrary } from '../../docs/examples/arbitraries.js'
import type { BankCommand, BankState } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import { bankEventCodec } from '../../src/examples/bank.codec.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import {
  EventStoreService,
  IdGenerator,
  commandHandler,
  seededIdGenerator,
  toPromiseHandler,
} from '../../src/runtime/index.js'
import { makeRuntimeStore } from '../../src/runtime/services.js'
import { stoppedClock } from './fixtures.js'

/** Every tag of the store's and the runtime's error families. */
const infrastructureTags = [
  'WrongExpectedVersion',
  'InvalidStreamId',
  'CorruptStore',
  'StoreClosed',
  'ReadOnlyStore',
  'StoreUnavailable',
  'DuplicateEventId',
  'UnstorableEvent',
  'InvalidArgument',
  'EventDecodeFailed',
  'Rejected',
  'FollowerStopped',
] as const

/** The bank account, rejecting with `tag` (the domain's own rejection kept inside). */
const taggedBank = (tag: string, count: { decides: number }) => ({
  ...bankAccount,
  decide: (command: BankCommand, state: BankState) => {
    count.decides++
    return mapLeft((reason: unknown) => ({ _tag: tag, reason }))(bankAccount.decide(command, state))
  },
})

/** The error of an outcome, whatever it is, as a rejection whose own tag is blanked out. */
const errorOf = (outcome: unknown): unknown => {
  const o = outcome as { _tag: string; left?: unknown; failure?: unknown }
  return o._tag === 'Left' ? o.left : o._tag === 'Failure' ? o.failure : undefined
}

/** The rejection's own tag is the only difference allowed: blank it on both sides. */
const withoutTag = (outcome: unknown): unknown => {
  const error = errorOf(outcome) as { _tag?: string; rejection?: { reason: unknown } } | undefined
  if (error === undefined) return outcome
  if (error._tag !== 'Rejected' || error.rejection === undefined) return { error }
  return { rejected: error.rejection.reason }
}

/** The commands through one face; what came out, what was stored, and how often decide ran. */
const run = async (
  tag: string,
  commands: ReadonlyArray<readonly [number, BankCommand]>,
  face: 'effect' | 'promise',
) => {
  const count = { decides: 0 }
  const handler = commandHandler(taggedBank(tag, count), bankEventCodec, {
    conflictRetry: Schedule.recurs(6),
    unavailableRetry: Schedule.recurs(6),
  })
  const store = makeMemoryStore()
  const outcomes: Array<unknown> = []
  if (face === 'promise') {
    const promised = toPromiseHandler(handler, store, { idGenerator: seededIdGenerator(5) })
    for (const [stream, command] of commands)
      outcomes.push(await promised.handle(`account-${stream}`, command))
  } else {
    const layer = Layer.mergeAll(
      Layer.succeed(EventStoreService, makeRuntimeStore(store)),
      Layer.succeed(IdGenerator, seededIdGenerator(5)),
      Layer.succeed(Clock.Clock, stoppedClock),
    )
    await Effect.runPromise(
      Effect.gen(function* () {
        for (const [stream, command] of commands)
          outcomes.push(yield* Effect.result(handler.handle(`account-${stream}`, command)))
      }).pipe(Effect.provide(layer)),
    )
  }
  const records = (await Effect.runPromise(store.readAll())).map((r) => ({
    ...r,
    metadata: { ...r.metadata, recordedAt: '' },
  }))
  return {
    seen: JSON.stringify(outcomes.map(withoutTag)),
    records: JSON.stringify(records),
    decides: count.decides,
  }
}

it('a rejection with any tag, even a store or runtime tag, is handled as a plain one', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(fc.constantFrom(...infrastructureTags), fc.string({ minLength: 1 })),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), bankCommandArbitrary), {
        minLength: 1,
        maxLength: 12,
      }),
      fc.constantFrom('effect' as const, 'promise' as const),
      async (tag, commands, face) => {
        const plain = await run('DomainSaysNo', commands, face)
        const tagged = await run(tag, commands, face)
        return (
          tagged.seen === plain.seen &&
          tagged.records === plain.records &&
          tagged.decides === plain.decides
        )
      },
    ),
    {
      numRuns: 60,
      examples: [
        ['WrongExpectedVersion', [[0, { type: 'Deposit', amount: 5 }]], 'effect'],
        ['StoreUnavailable', [[0, { type: 'Deposit', amount: 5 }]], 'promise'],
      ],
    },
  )
})
