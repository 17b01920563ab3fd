/**
 * Shared fixtures of the runtime tests: a pass-through JSON codec (for domains whose events are
 * already plain JSON), runtime layers over a store (one per simulated process) and temporary
 * directories.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Clock } from 'effect'
import { Effect, Layer } from 'effect'
import { left, right } from 'fp-ts/lib/Either.js'
import type { BankCommand, BankEvent } from '../../src/examples/bank.js'
import { bankAccount } from '../../src/examples/bank.js'
import { makeMemoryStore } from '../../src/adapters/memory/index.js'
import type { EventCodec } from '../../src/codec/EventCodec.js'
import type { Json } from '../../src/codec/RecordedEvent.js'
import { unknownEventType } from '../../src/codec/DecodeError.js'
import {
  EventStoreService,
  IdGenerator,
  commandHandler,
  seededIdGenerator,
} from '../../src/runtime/index.js'
import { makeRuntimeStore } from '../../src/runtime/services.js'
import type { EventStore } from '../../src/store/EventStore.js'

/** Encodes an event as itself; decodes any record whose type is in `types`. */
export const passThroughCodec = <Event extends { readonly type: string }>(
  types: ReadonlyArray<Event['type']>,
): EventCodec<Event> => {
  const known = new Set<string>(types)
  return {
    encode: (event) => ({ type: event.type, schemaVersion: 1, data: event as unknown as Json }),
    decode: (record) =>
      known.has(record.type)
        ? right(record.data as Event)
        : left(unknownEventType(record, [...known])),
  }
}

/** A fresh directory under the OS temp dir and its remover. */
export const tempDir = (prefix: string): { readonly dir: string; readonly remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), `foldwise-${prefix}-`))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The bank account's events, stored as they are. */
export const bankCodec = passThroughCodec<BankEvent>([
  'AccountOpened',
  'MoneyDeposited',
  'MoneyWithdrawn',
  'AccountClosed',
])

/**
 * One process over `store`: a runtime with a fresh cache, and a layer giving it with ids seeded
 * by `seed`. Two processes writing to one store need different seeds: stores refuse an event id
 * they already hold.
 */
export const runtimeOver = (store: EventStore, seed = 1) => {
  const runtime = makeRuntimeStore(store)
  return {
    runtime,
    layer: Layer.merge(
      Layer.succeed(EventStoreService, runtime),
      Layer.succeed(IdGenerator, seededIdGenerator(seed)),
    ),
  }
}

/** The layer of {@link runtimeOver}: a runtime with a fresh cache over `store`, seeded ids. */
export const runtimeLayer = (store: EventStore, seed = 1) => runtimeOver(store, seed).layer

/**
 * Two processes (two runtimes, each with its own cache) over one memory store, after process A
 * has handled `open` on stream `a-1`.
 */
export const twoProcessesAfter = (open: BankCommand) =>
  Effect.gen(function* () {
    const store = makeMemoryStore()
    const processA = runtimeLayer(store, 1)
    const processB = runtimeLayer(store, 2)
    yield* commandHandler(bankAccount, bankCodec).handle('a-1', open).pipe(Effect.provide(processA))
    return { store, processA, processB }
  })

/** A clock stopped at one instant, so every run stamps the same recordedAt. */
export const stoppedClock: Clock.Clock = {
  currentTimeMillisUnsafe: () => 1_700_000_000_000,
  currentTimeMillis: Effect.succeed(1_700_000_000_000),
  currentTimeNanosUnsafe: () => 1_700_000_000_000_000_000n,
  currentTimeNanos: Effect.succeed(1_700_000_000_000_000_000n),
  monotonicTimeNanosUnsafe: () => 0n,
  monotonicTimeNanos: Effect.succeed(0n),
  sleep: () => Effect.void,
}
