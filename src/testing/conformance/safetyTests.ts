/**
 * Conformance: what a store must refuse or protect — stream ids, frozen records, metadata,
 * and a closed store.
 *
 * @since 0.1.0
 */
import type { Effect } from 'effect'
import { describe, expect, it } from 'vitest'
import type { Json, RecordedEvent } from '../../codec/RecordedEvent.js'
import type { StoreError } from '../../store/StoreError.js'
import type { MakeStore } from './harness.js'
import { run, runError, testEvent, testEvents, withStore } from './harness.js'

const invalidIds: ReadonlyArray<readonly [string, string]> = [
  ['empty', ''],
  ['a NUL character', 'a\u0000b'],
  ['a newline', 'line\nbreak'],
  ['a DEL character', 'del\u007f'],
  ['a lone surrogate', 'half\ud800'],
  ['513 ASCII bytes', 'x'.repeat(513)],
  ['514 UTF-8 bytes in 257 characters', 'é'.repeat(257)],
]

const safeIds: ReadonlyArray<string> = [
  '../../etc/passwd',
  '/absolute/path',
  'C:\\Windows\\system32',
  'ünïcødé-日本語-🎉',
  'quote\'"` and %s %d',
  'x'.repeat(512),
  '.',
]

/** Tries to change a value in place; frozen values throw in strict mode, copies do not matter. */
const tryToMutate = (record: RecordedEvent): void => {
  const attempts: ReadonlyArray<() => void> = [
    () => ((record as { eventId: string }).eventId = 'changed'),
    () => ((record as { streamVersion: number }).streamVersion = 99),
    () => ((record.data as { [key: string]: Json })['nested'] = 'changed'),
    () => (record.data as { list: Json[] }).list.push('changed'),
    () => ((record.metadata as { [key: string]: Json })['recordedAt'] = 'changed'),
  ]
  for (const attempt of attempts) {
    try {
      attempt()
    } catch {
      // A frozen record refuses the change: that is one of the two allowed outcomes.
    }
  }
}

/**
 * Registers the safety tests.
 *
 * @category conformance
 * @since 0.1.0
 */
export const safetyConformance = (makeStore: MakeStore): void => {
  describe('stream ids', () => {
    it.each(invalidIds)(
      'refuses a stream id with %s as InvalidStreamId, everywhere, writing nothing',
      (_label, streamId) =>
        withStore(makeStore, async (store) => {
          const effects: ReadonlyArray<Effect.Effect<unknown, StoreError>> = [
            store.append(streamId, [testEvent('e')], { expectedVersion: 'any' }),
            store.readStream(streamId),
            store.streamVersion(streamId),
          ]
          for (const effect of effects) {
            const error = await runError(effect)
            expect(error._tag).toBe('InvalidStreamId')
            if (error._tag === 'InvalidStreamId') expect(error.streamId).toBe(streamId)
          }
          expect(await run(store.headPosition())).toBe(0)
        })(),
    )

    it(
      'stores path-like, unicode and 512-byte ids as data, each its own stream',
      withStore(makeStore, async (store) => {
        for (const [i, streamId] of safeIds.entries()) {
          await run(
            store.append(streamId, [testEvent(`safe-${i}`)], { expectedVersion: 'no_stream' }),
          )
        }
        for (const [i, streamId] of safeIds.entries()) {
          const records = await run(store.readStream(streamId))
          expect(records.map((r) => [r.streamId, r.eventId])).toEqual([[streamId, `safe-${i}`]])
        }
        expect((await run(store.readAll())).map((r) => r.streamId)).toEqual(safeIds)
      }),
    )
  })

  describe('immutability', () => {
    it(
      'records handed out cannot change what the store holds',
      withStore(makeStore, async (store) => {
        const data = { list: [1, 2], nested: { deep: true } }
        const appended = await run(
          store.append('s', [testEvent('e', data)], { expectedVersion: 'no_stream' }),
        )
        const before = await run(store.readStream('s'))
        const snapshot = JSON.parse(JSON.stringify(before)) as unknown
        for (const record of [...appended.records, ...before, ...(await run(store.readAll()))])
          tryToMutate(record)
        expect(await run(store.readStream('s'))).toEqual(snapshot)
        expect(await run(store.readAll())).toEqual(snapshot)
      }),
    )

    it(
      'changing the appended input afterwards does not change the store',
      withStore(makeStore, async (store) => {
        const data = { list: [1, 2], nested: { deep: true } }
        const metadata = { recordedAt: '2024-01-01T00:00:00.000Z', tenant: 't1' }
        await run(
          store.append('s', [{ eventId: 'e', type: 'T', schemaVersion: 1, data, metadata }], {
            expectedVersion: 'no_stream',
          }),
        )
        data.list.push(3)
        data.nested.deep = false
        metadata.tenant = 'changed'
        const [record] = await run(store.readStream('s'))
        expect(record?.data).toEqual({ list: [1, 2], nested: { deep: true } })
        expect(record?.metadata['tenant']).toBe('t1')
      }),
    )
  })

  describe('data', () => {
    it(
      'stores awkward JSON as data: a __proto__ key, unicode, deep nesting, empty containers',
      withStore(makeStore, async (store) => {
        const data = JSON.parse(
          '{"__proto__":{"polluted":true},"text":"ünï 日本 🎉 \\n \\" \\\\","deep":[[[{"a":[]}]]],"empty":{},"n":-1.5e-7}',
        ) as Json
        await run(store.append('s', [testEvent('e', data)], { expectedVersion: 'no_stream' }))
        const [record] = await run(store.readStream('s'))
        expect(record?.data).toEqual(data)
        expect(Object.keys(record?.data ?? {})).toContain('__proto__')
        expect(Object.getPrototypeOf(record?.data)).toBe(Object.prototype)
        expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
      }),
    )
  })

  describe('metadata', () => {
    it(
      'keeps the caller’s recordedAt and user fields, and fills recordedAt when absent',
      withStore(makeStore, async (store) => {
        const given = {
          recordedAt: '2023-05-06T07:08:09.010Z',
          correlationId: 'corr-1',
          causationId: 'cause-1',
          commandId: 'cmd-1',
          tenant: 'acme',
          tags: ['a', 'b'],
          nested: { level: 2, flag: null },
        }
        await run(
          store.append(
            's',
            [
              { eventId: 'with', type: 'T', schemaVersion: 2, data: 'text', metadata: given },
              {
                eventId: 'without',
                type: 'T',
                schemaVersion: 1,
                data: null,
                metadata: { correlationId: 'corr-2' },
              },
            ],
            { expectedVersion: 'no_stream' },
          ),
        )
        const [withTime, withoutTime] = await run(store.readStream('s'))
        expect(withTime?.metadata).toEqual(given)
        expect(withTime?.schemaVersion).toBe(2)
        expect(withTime?.data).toBe('text')
        expect(withoutTime?.data).toBeNull()
        expect(withoutTime?.metadata.correlationId).toBe('corr-2')
        const filled = withoutTime?.metadata.recordedAt ?? ''
        expect(filled).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/)
        expect(Number.isNaN(Date.parse(filled))).toBe(false)
      }),
    )
  })

  describe('close', () => {
    it(
      'a closed store answers StoreClosed to every operation, and closing twice is harmless',
      withStore(makeStore, async (store) => {
        await run(store.append('s', testEvents('a', 1), { expectedVersion: 'no_stream' }))
        await run(store.close())
        await run(store.close())
        const effects: ReadonlyArray<Effect.Effect<unknown, StoreError>> = [
          store.append('s', [testEvent('b')], { expectedVersion: 'any' }),
          store.readStream('s'),
          store.streamVersion('s'),
          store.readAll(),
          store.headPosition(),
          store.onAppend(() => undefined),
        ]
        for (const effect of effects) {
          expect(await runError(effect)).toEqual({ _tag: 'StoreClosed' })
        }
      }),
    )
    it(
      'closing wakes every onAppend listener once, and drops it: a waiting reader meets StoreClosed',
      withStore(makeStore, async (store) => {
        await run(store.append('s', testEvents('a', 2), { expectedVersion: 'no_stream' }))
        const woken: number[] = []
        await run(store.onAppend((head) => woken.push(head)))
        await run(store.onAppend((head) => woken.push(-head)))
        await run(store.close())
        expect([...woken].sort((a, b) => a - b)).toEqual([-2, 2])
        expect(await runError(store.readAll())).toEqual({ _tag: 'StoreClosed' })
        await run(store.close())
        expect(woken).toHaveLength(2)
      }),
    )
  })
}
