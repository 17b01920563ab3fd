/**
 * `foldwise streams DIR`: every stream of a file store with its event count and the times of
 * its first and last events (one pass over the log, with a progress bar on a terminal).
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import { Command } from 'effect/cli'
import type { EventStore } from '../../store/EventStore.js'
import type { StoreError } from '../../store/StoreError.js'
import type { CliFailure } from '../CliFailure.js'
import { plural, table } from '../Format.js'
import { dirArgument, jsonFlag } from '../Params.js'
import { makeProgress } from '../Progress.js'
import { requireStoreDir, withFileStore } from '../StoreAccess.js'
import { printLine, printJson } from '../Output.js'

interface StreamSummary {
  readonly streamId: string
  events: number
  readonly firstRecordedAt: string
  lastRecordedAt: string
}

const pageSize = 10_000

/** One pass over the whole log, in global order; streams in order of their first event. */
const summarize = (store: EventStore): Effect.Effect<ReadonlyArray<StreamSummary>, StoreError> =>
  Effect.gen(function* () {
    const head = yield* store.headPosition()
    const progress = makeProgress('streams')
    const streams = new Map<string, StreamSummary>()
    let position = 1
    for (;;) {
      const page = yield* store.readAll({ fromPosition: position, limit: pageSize })
      for (const record of page) {
        const known = streams.get(record.streamId)
        if (known === undefined)
          streams.set(record.streamId, {
            streamId: record.streamId,
            events: 1,
            firstRecordedAt: record.metadata.recordedAt,
            lastRecordedAt: record.metadata.recordedAt,
          })
        else {
          known.events++
          known.lastRecordedAt = record.metadata.recordedAt
        }
      }
      const last = page[page.length - 1]
      if (last === undefined || page.length < pageSize) break
      position = last.globalPosition + 1
      progress.update(last.globalPosition, head)
    }
    progress.finish()
    return Array.from(streams.values())
  })

const listStreams = (dir: string, json: boolean): Effect.Effect<void, CliFailure> =>
  Effect.andThen(
    requireStoreDir(dir),
    withFileStore(dir, (store) =>
      Effect.gen(function* () {
        const streams = yield* summarize(store)
        if (json) return yield* printJson(streams)
        if (streams.length === 0) return yield* printLine(`no streams in ${dir}`)
        const total = streams.reduce((sum, stream) => sum + stream.events, 0)
        const rows = table([
          ['STREAM', 'EVENTS', 'FIRST RECORDED', 'LAST RECORDED'],
          ...streams.map((s) => [
            s.streamId,
            String(s.events),
            s.firstRecordedAt,
            s.lastRecordedAt,
          ]),
        ])
        for (const row of rows) yield* printLine(row)
        yield* printLine(`${plural(streams.length, 'stream')}, ${plural(total, 'event')} in ${dir}`)
      }),
    ),
  )

/**
 * The `streams` command.
 *
 * @category commands
 * @since 0.1.0
 */
export const streamsCommand = Command.make(
  'streams',
  { dir: dirArgument, json: jsonFlag },
  ({ dir, json }) => listStreams(dir, json),
).pipe(
  Command.withDescription('List the streams of a file store with their event counts'),
  Command.withExamples([{ command: 'foldwise streams ./foldwise-data', description: '' }]),
)
