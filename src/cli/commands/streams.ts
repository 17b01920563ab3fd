/**
 * `foldwise streams DIR [--domain NAME | --decider PATH]`: every stream of a file store with its
 * event count and the times of its first and last events (one pass over the log, with a
 * progress bar on a terminal); with a domain, how many of each stream's events its event codec
 * cannot read (so the streams of that domain are those with 0).
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import { Command } from 'effect/cli'
import type { EventStore } from '../../store/EventStore.js'
import type { StoreError } from '../../store/StoreError.js'
import type { CliFailure } from '../CliFailure.js'
import { plural, table } from '../Format.js'
import { deciderFlag, dirArgument, domainFlag, jsonFlag } from '../Params.js'
import type { CliDomain } from '../UserDomain.js'
import { canDecode, chooseDomain } from '../UserDomain.js'
import { makeProgress } from '../Progress.js'
import { requireStoreDir, withReadOnlyFileStore } from '../StoreAccess.js'
import { printLine, printJson } from '../Output.js'

interface StreamSummary {
  readonly streamId: string
  events: number
  readonly firstRecordedAt: string
  lastRecordedAt: string
  unreadable: number
}

const pageSize = 10_000

/** One pass over the whole log, in global order; streams in order of their first event. */
const summarize = (
  store: EventStore,
  domain: CliDomain | undefined,
): Effect.Effect<ReadonlyArray<StreamSummary>, StoreError> =>
  Effect.gen(function* () {
    const head = yield* store.headPosition()
    const progress = makeProgress('streams')
    const streams = new Map<string, StreamSummary>()
    let position = 1
    for (;;) {
      const page = yield* store.readAll({ fromPosition: position, limit: pageSize })
      for (const record of page) {
        const unreadable = domain === undefined || canDecode(domain, record) ? 0 : 1
        const known = streams.get(record.streamId)
        if (known === undefined)
          streams.set(record.streamId, {
            streamId: record.streamId,
            events: 1,
            firstRecordedAt: record.metadata.recordedAt,
            lastRecordedAt: record.metadata.recordedAt,
            unreadable,
          })
        else {
          known.events++
          known.lastRecordedAt = record.metadata.recordedAt
          known.unreadable += unreadable
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

const listStreams = (
  dir: string,
  json: boolean,
  domain: CliDomain | undefined,
): Effect.Effect<void, CliFailure> =>
  Effect.andThen(
    requireStoreDir(dir),
    withReadOnlyFileStore(dir, (store) =>
      Effect.gen(function* () {
        const summaries = yield* summarize(store, domain)
        if (json)
          return yield* printJson(
            domain === undefined
              ? summaries.map(({ unreadable: _, ...summary }) => summary)
              : summaries,
          )
        const streams = summaries
        if (streams.length === 0) return yield* printLine(`no streams in ${dir}`)
        const total = streams.reduce((sum, stream) => sum + stream.events, 0)
        const unreadable = domain === undefined ? [] : [`UNREADABLE BY ${domain.name}`]
        const rows = table([
          ['STREAM', 'EVENTS', 'FIRST RECORDED', 'LAST RECORDED', ...unreadable],
          ...streams.map((s) => [
            s.streamId,
            String(s.events),
            s.firstRecordedAt,
            s.lastRecordedAt,
            ...(domain === undefined ? [] : [String(s.unreadable)]),
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
  { dir: dirArgument, json: jsonFlag, domain: domainFlag, decider: deciderFlag },
  ({ dir, json, domain, decider }) =>
    Effect.flatMap(chooseDomain(domain, decider, false), (chosen) =>
      listStreams(dir, json, chosen),
    ),
).pipe(
  Command.withDescription('List the streams of a file store with their event counts'),
  Command.withExamples([{ command: 'foldwise streams ./foldwise-data', description: '' }]),
)
