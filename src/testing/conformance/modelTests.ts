/**
 * Conformance: a model-based property. fast-check draws sequences of appends (random expected
 * versions and batches) and reads, runs them against the adapter and against `StoreModel`, and
 * compares every answer.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { EventToAppend, Json } from '../../codec/RecordedEvent.js'
import type { EventStore, ReadAllOptions, ReadStreamOptions } from '../../store/EventStore.js'
import type { ExpectedVersion } from '../../store/ExpectedVersion.js'
import type { MakeStore } from './harness.js'
import { attempt, run } from './harness.js'
import { StoreModel } from './StoreModel.js'

interface ModelState {
  readonly store: StoreModel
  nextEventId: number
}

type Command = fc.AsyncCommand<ModelState, EventStore>

/** An expectation drawn before the run, resolved against the model's version when it runs. */
type Expectation =
  | { readonly kind: 'any' | 'no_stream' | 'stream_exists' }
  | { readonly kind: 'exact'; readonly delta: number }

const resolve = (expectation: Expectation, version: number): ExpectedVersion =>
  expectation.kind === 'exact' ? Math.max(0, version + expectation.delta) : expectation.kind

class AppendCommand implements Command {
  constructor(
    readonly streamId: string,
    readonly expectation: Expectation,
    readonly payloads: ReadonlyArray<Json>,
  ) {}
  check = (): boolean => true
  async run(model: ModelState, real: EventStore): Promise<void> {
    const expected = resolve(this.expectation, model.store.version(this.streamId))
    const events = this.payloads.map((data, i): EventToAppend => ({
      eventId: `e${model.nextEventId + i}`,
      type: i % 2 === 0 ? 'Even' : 'Odd',
      schemaVersion: 1 + (i % 3),
      data,
      metadata: { recordedAt: '2024-01-01T00:00:00.000Z', correlationId: `c${model.nextEventId}` },
    }))
    model.nextEventId += events.length
    const actual = await attempt(real.append(this.streamId, events, { expectedVersion: expected }))
    const wanted = model.store.append(this.streamId, events, expected)
    if (wanted._tag === 'Left') {
      expect(actual._tag).toBe('Failure')
      if (actual._tag === 'Failure') expect(actual.failure).toEqual(wanted.left)
    } else {
      expect(actual._tag).toBe('Success')
      if (actual._tag === 'Success') expect(actual.success).toEqual(wanted.right)
    }
  }
  toString = (): string =>
    `append(${JSON.stringify(this.streamId)}, ${this.payloads.length} events, ${JSON.stringify(this.expectation)})`
}

class ReadStreamCommand implements Command {
  constructor(
    readonly streamId: string,
    readonly options: ReadStreamOptions,
  ) {}
  check = (): boolean => true
  async run(model: ModelState, real: EventStore): Promise<void> {
    expect(await run(real.readStream(this.streamId, this.options))).toEqual(
      model.store.readStream(this.streamId, this.options),
    )
  }
  toString = (): string =>
    `readStream(${JSON.stringify(this.streamId)}, ${JSON.stringify(this.options)})`
}

class ReadAllCommand implements Command {
  constructor(readonly options: ReadAllOptions) {}
  check = (): boolean => true
  async run(model: ModelState, real: EventStore): Promise<void> {
    expect(await run(real.readAll(this.options))).toEqual(model.store.readAll(this.options))
  }
  toString = (): string => `readAll(${JSON.stringify(this.options)})`
}

class VersionsCommand implements Command {
  constructor(readonly streamId: string) {}
  check = (): boolean => true
  async run(model: ModelState, real: EventStore): Promise<void> {
    expect(await run(real.streamVersion(this.streamId))).toBe(model.store.version(this.streamId))
    expect(await run(real.headPosition())).toBe(model.store.log.length)
  }
  toString = (): string => `streamVersion(${JSON.stringify(this.streamId)}) and headPosition()`
}

const streamIdArb = fc.constantFrom('alpha', 'beta', '../δέλτα-🎉')
const payloadArb: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.string({ maxLength: 8 }),
  fc.record({
    n: fc.integer(),
    s: fc.string({ maxLength: 8 }),
    list: fc.array(fc.integer(), { maxLength: 3 }),
  }),
)
const expectationArb: fc.Arbitrary<Expectation> = fc.oneof(
  fc.constantFrom<Expectation>(
    { kind: 'any' },
    { kind: 'any' },
    { kind: 'no_stream' },
    { kind: 'stream_exists' },
  ),
  fc.record({ kind: fc.constant('exact' as const), delta: fc.constantFrom(0, 0, 0, -1, 1, -3) }),
)
const readStreamOptionsArb: fc.Arbitrary<ReadStreamOptions> = fc.record(
  {
    from: fc.integer({ min: 0, max: 8 }),
    to: fc.integer({ min: 0, max: 8 }),
    limit: fc.integer({ min: 0, max: 5 }),
    direction: fc.constantFrom('forward' as const, 'backward' as const),
  },
  { requiredKeys: [] },
)
const readAllOptionsArb: fc.Arbitrary<ReadAllOptions> = fc.record(
  { fromPosition: fc.integer({ min: 0, max: 30 }), limit: fc.integer({ min: 0, max: 10 }) },
  { requiredKeys: [] },
)

const commandsArb = fc.commands<ModelState, EventStore, false>(
  [
    fc
      .tuple(streamIdArb, expectationArb, fc.array(payloadArb, { minLength: 0, maxLength: 4 }))
      .map(
        ([streamId, expectation, payloads]) => new AppendCommand(streamId, expectation, payloads),
      ),
    fc
      .tuple(streamIdArb, expectationArb, fc.array(payloadArb, { minLength: 1, maxLength: 2 }))
      .map(
        ([streamId, expectation, payloads]) => new AppendCommand(streamId, expectation, payloads),
      ),
    fc
      .tuple(streamIdArb, readStreamOptionsArb)
      .map(([streamId, options]) => new ReadStreamCommand(streamId, options)),
    readAllOptionsArb.map((options) => new ReadAllCommand(options)),
    streamIdArb.map((streamId) => new VersionsCommand(streamId)),
  ],
  { maxCommands: 30, size: 'medium' },
)

/**
 * Registers the model-based property.
 *
 * @category conformance
 * @since 0.1.0
 */
export const modelConformance = (makeStore: MakeStore, numRuns: number): void => {
  describe('model', () => {
    it('every answer to random appends and reads equals the model’s answer', async () => {
      await fc.assert(
        fc.asyncProperty(commandsArb, async (commands) => {
          const { store, cleanup } = await makeStore()
          try {
            await fc.asyncModelRun(
              () => ({ model: { store: new StoreModel(), nextEventId: 0 }, real: store }),
              commands,
            )
            const all = await run(store.readAll())
            expect(all.map((r) => r.globalPosition)).toEqual(all.map((_, i) => i + 1))
          } finally {
            try {
              await Effect.runPromise(store.close())
            } finally {
              await cleanup?.()
            }
          }
        }),
        { numRuns },
      )
    })
  })
}
