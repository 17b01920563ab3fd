/**
 * The command-id window: a command id is remembered for the last `commandIdWindow` events of
 * its stream (`defaultCommandIdWindow`, 1,000, unless the command says otherwise). The ids
 * live in the events' metadata; a cache entry indexes the ids of the events it has seen, a
 * cold load reads back over the window only (so it costs O(window) events after a snapshot,
 * whatever the stream's length), and ids that fell out of the window are dropped from the
 * index, so a hot stream's index stays bounded.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import type { RecordedEvent } from '../codec/RecordedEvent.js'
import type { StoreError } from '../store/StoreError.js'
import { defaultCommandIdWindow } from './CommandModel.js'
import { loadPageSize } from './Loading.js'
import type { RuntimeStore } from './services.js'
import type { CachedStream, CommandSpan } from './StateCache.js'
import { indexCommandId } from './StateCache.js'

/**
 * The first version of the window of a stream at `version` (1 when the window covers it all).
 *
 * @category combinators
 * @since 0.1.0
 */
export const windowStart = (version: number, window: number | undefined): number =>
  Math.max(1, version - (window ?? defaultCommandIdWindow) + 1)

/**
 * Whether every event in the command-id window of `entry` has its id indexed.
 *
 * @category guards
 * @since 0.1.0
 */
export const isWindowIndexed = (
  entry: CachedStream<unknown>,
  window: number | undefined,
): boolean => entry.version === 0 || entry.indexedFrom <= windowStart(entry.version, window)

/**
 * The events of a remembered command: its span, if its last event is inside the window.
 *
 * @category combinators
 * @since 0.1.0
 */
export const rememberedSpan = (
  entry: CachedStream<unknown>,
  commandId: string,
  window: number | undefined,
): CommandSpan | undefined => {
  const span = entry.commandIds.get(commandId)
  return span !== undefined && span.to >= windowStart(entry.version, window) ? span : undefined
}

/**
 * Forgets the ids whose events all fell out of the window, once the index holds twice as many
 * ids as the window can (so the sweep costs O(1) per command, amortized).
 *
 * @category combinators
 * @since 0.1.0
 */
export const pruneCommandIds = (entry: CachedStream<unknown>, window: number | undefined): void => {
  const size = window ?? defaultCommandIdWindow
  if (!(entry.commandIds.size > 2 * size + 16)) return
  const start = windowStart(entry.version, size)
  for (const [commandId, span] of entry.commandIds)
    if (span.to < start) entry.commandIds.delete(commandId)
}

/**
 * Indexes the command ids of the events in the window that the entry has not seen yet.
 *
 * @category combinators
 * @since 0.1.0
 */
export const indexWindow = <State>(
  store: RuntimeStore,
  streamId: string,
  entry: CachedStream<State>,
  window: number | undefined,
): Effect.Effect<void, StoreError> => {
  if (isWindowIndexed(entry, window)) return Effect.void
  const need = windowStart(entry.version, window)
  const until = entry.indexedFrom - 1
  return Effect.gen(function* () {
    let from = need
    while (from <= until) {
      const page = yield* store.events.readStream(streamId, {
        from,
        to: until,
        limit: loadPageSize,
      })
      for (const record of page)
        indexCommandId(entry.commandIds, record.metadata.commandId, record.streamVersion)
      if (page.length === 0) break
      from = (page[page.length - 1] as RecordedEvent).streamVersion + 1
    }
    entry.indexedFrom = need
    pruneCommandIds(entry, window)
  })
}

/**
 * The first event of a command whose span starts where the index starts: the index may have
 * begun in the middle of its batch, so earlier events are read back while they carry its id.
 *
 * @category combinators
 * @since 0.1.0
 */
export const spanStart = (
  store: RuntimeStore,
  streamId: string,
  entry: CachedStream<unknown>,
  commandId: string,
  span: CommandSpan,
): Effect.Effect<number, StoreError> => {
  if (span.from > entry.indexedFrom || span.from <= 1) return Effect.succeed(span.from)
  return Effect.gen(function* () {
    let from = span.from
    for (;;) {
      const page = yield* store.events.readStream(streamId, {
        from: Math.max(1, from - 64),
        to: from - 1,
        direction: 'backward',
      })
      for (const record of page) {
        if (record.metadata.commandId !== commandId) return from
        from = record.streamVersion
      }
      if (page.length === 0 || from <= 1) return from
    }
  })
}
