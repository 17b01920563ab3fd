/**
 * `foldwise copy SRC DEST [--schema NAME]`: streams every event of one store into another
 * (a file store directory or a PostgreSQL URL on either side), in global order, with event
 * ids, types, schema versions, data and metadata (`recordedAt` included) preserved, then checks
 * the copy: the same streams, each with the same event count and digest.
 *
 * The destination must be empty: a copy never merges into a store that already has events (an
 * interrupted copy is redone into a fresh destination). Snapshots and projection checkpoints
 * are not copied: snapshots are a cache the runtime rebuilds, and projections rebuild their
 * read models from the copied events.
 *
 * @since 0.1.0
 */
import { resolve } from 'node:path'
import { Effect, Option } from 'effect'
import { Argument, Command, Flag } from 'effect/cli'
import type { RecordedEvent } from '../../codec/RecordedEvent.js'
import type { EventStore } from '../../store/EventStore.js'
import type { CliFailure } from '../CliFailure.js'
import { badInput, cliFailure, ExitCode, fromStoreError } from '../CliFailure.js'
import { plural } from '../Format.js'
import { printJson, printLine } from '../Output.js'
import { jsonFlag } from '../Params.js'
import { makeProgress } from '../Progress.js'
import { compareDigests, digestStore } from '../StoreDigest.js'
import { isPostgresUrl, withStoreTarget } from '../StoreTarget.js'

interface CopyInput {
  readonly source: string
  readonly destination: string
  readonly schema: Option.Option<string>
  readonly json: boolean
}

const pageSize = 1_000

/** Appends one run of consecutive events of one stream, at the version the source had. */
const appendRun = (
  destination: EventStore,
  run: ReadonlyArray<RecordedEvent>,
): Effect.Effect<boolean, CliFailure> => {
  const first = run[0] as RecordedEvent
  return Effect.map(
    Effect.mapError(
      destination.append(
        first.streamId,
        run.map((record) => ({
          eventId: record.eventId,
          type: record.type,
          schemaVersion: record.schemaVersion,
          data: record.data,
          metadata: record.metadata,
        })),
        { expectedVersion: first.streamVersion - 1 },
      ),
      fromStoreError,
    ),
    // Both stores number positions densely from 1, so an empty destination keeps them.
    (result) =>
      result.records.every((record, i) => record.globalPosition === run[i]?.globalPosition),
  )
}

const copyEvents = (
  source: EventStore,
  destination: EventStore,
): Effect.Effect<{ readonly events: number; readonly positionsKept: boolean }, CliFailure> =>
  Effect.gen(function* () {
    const head = yield* Effect.mapError(source.headPosition(), fromStoreError)
    const progress = makeProgress('copy')
    let events = 0
    let positionsKept = true
    let position = 1
    for (;;) {
      const page = yield* Effect.mapError(
        source.readAll({ fromPosition: position, limit: pageSize }),
        fromStoreError,
      )
      let start = 0
      while (start < page.length) {
        const streamId = (page[start] as RecordedEvent).streamId
        let end = start + 1
        while (end < page.length && (page[end] as RecordedEvent).streamId === streamId) end++
        const kept = yield* appendRun(destination, page.slice(start, end))
        positionsKept = positionsKept && kept
        events += end - start
        start = end
      }
      const last = page[page.length - 1]
      if (last === undefined || page.length < pageSize) break
      position = last.globalPosition + 1
      progress.update(events, head)
    }
    progress.finish()
    return { events, positionsKept }
  })

const copy = (input: CopyInput): Effect.Effect<void, CliFailure> => {
  const schema = Option.getOrUndefined(input.schema)
  if (schema !== undefined && !isPostgresUrl(input.source) && !isPostgresUrl(input.destination))
    return Effect.fail(badInput('--schema applies to a PostgreSQL store; neither is one'))
  const same = (a: string, b: string) =>
    isPostgresUrl(a) || isPostgresUrl(b) ? a === b : resolve(a) === resolve(b)
  if (same(input.source, input.destination))
    return Effect.fail(badInput('the source and the destination are the same store'))
  return withStoreTarget(input.source, { existing: true, schema }, (source) =>
    withStoreTarget(input.destination, { existing: false, schema }, (destination) =>
      Effect.gen(function* () {
        const already = yield* Effect.mapError(destination.headPosition(), fromStoreError)
        if (already > 0)
          return yield* Effect.fail(
            badInput(
              `the destination already holds ${plural(already, 'event')}: copy only into an empty store`,
            ),
          )
        const copied = yield* copyEvents(source, destination)
        const [expected, found] = yield* Effect.mapError(
          Effect.all([digestStore(source), digestStore(destination)]),
          fromStoreError,
        )
        const difference = compareDigests(expected, found)
        if (difference !== undefined)
          return yield* Effect.fail(
            cliFailure(`the copy does not match the source: ${difference}`, ExitCode.problemsFound),
          )
        if (input.json)
          return yield* printJson({
            events: copied.events,
            streams: Object.fromEntries(expected),
            positionsKept: copied.positionsKept,
            verified: true,
          })
        yield* printLine(
          `copied ${plural(copied.events, 'event')} in ${plural(expected.size, 'stream')}; verified: every stream has the same event count and digest in the copy`,
        )
        if (!copied.positionsKept)
          yield* printLine('note: global positions differ from the source (the order is kept)')
      }),
    ),
  )
}

/**
 * The `copy` command.
 *
 * @category commands
 * @since 0.1.0
 */
export const copyCommand = Command.make(
  'copy',
  {
    source: Argument.String('source').pipe(
      Argument.withDescription('The store to copy: a file store directory or a postgres:// URL'),
    ),
    destination: Argument.String('destination').pipe(
      Argument.withDescription(
        'An empty store to copy into: a directory (created when missing) or a postgres:// URL',
      ),
    ),
    schema: Flag.String('schema').pipe(
      Flag.withDescription('The PostgreSQL schema (default foldwise); created when missing'),
      Flag.optional,
    ),
    json: jsonFlag,
  },
  copy,
).pipe(
  Command.withDescription(
    'Copy every event from one store to an empty one (file store or PostgreSQL), ids and times kept, then verify the copy',
  ),
  Command.withShortDescription('Copy a store into an empty one and verify the copy'),
  Command.withExamples([
    { command: 'foldwise copy ./foldwise-data ./backup', description: '' },
    {
      command: 'foldwise copy ./foldwise-data postgres://app@db.internal/prod --schema foldwise',
      description: 'Move from the file store to PostgreSQL',
    },
  ]),
)
