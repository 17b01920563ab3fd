/**
 * `foldwise read DIR STREAM [--from N] [--at ISO]`: the stored records of one stream, as they
 * are in the log (type, schema version, data, time), optionally from a version or up to an
 * instant.
 *
 * @since 0.1.0
 */
import { Effect, Option } from 'effect'
import { Command, Flag } from 'effect/cli'
import type { CliFailure } from '../CliFailure.js'
import { badInput } from '../CliFailure.js'
import { describeRecord, plural, recordToJson } from '../Format.js'
import { atFlag, dirArgument, jsonFlag, streamArgument } from '../Params.js'
import { requireStoreDir, withFileStore } from '../StoreAccess.js'
import { printLine, printJson } from '../Output.js'

interface ReadInput {
  readonly dir: string
  readonly stream: string
  readonly from: Option.Option<number>
  readonly at: Option.Option<Date>
  readonly json: boolean
}

const readStream = (input: ReadInput): Effect.Effect<void, CliFailure> =>
  Effect.andThen(
    requireStoreDir(input.dir),
    withFileStore(input.dir, (store) =>
      Effect.gen(function* () {
        const from = Option.getOrElse(input.from, () => 1)
        if (from < 1) return yield* Effect.fail(badInput(`--from must be 1 or more, not ${from}`))
        const version = yield* store.streamVersion(input.stream)
        if (version === 0)
          return yield* Effect.fail(
            badInput(`unknown stream ${JSON.stringify(input.stream)} in ${input.dir}`),
          )
        const at = Option.map(input.at, (date) => date.getTime())
        const records = (yield* store.readStream(input.stream, { from })).filter(
          (record) => Option.isNone(at) || Date.parse(record.metadata.recordedAt) <= at.value,
        )
        if (input.json) return yield* printJson(records.map(recordToJson))
        for (const record of records) yield* printLine(describeRecord(record))
        yield* printLine(
          `${plural(records.length, 'event')} shown of the ${version} in stream ${input.stream}`,
        )
      }),
    ),
  )

/**
 * The `read` command.
 *
 * @category commands
 * @since 0.1.0
 */
export const readCommand = Command.make(
  'read',
  {
    dir: dirArgument,
    stream: streamArgument,
    from: Flag.Int('from').pipe(
      Flag.withDescription('The first stream version to show (versions start at 1)'),
      Flag.optional,
    ),
    at: atFlag,
    json: jsonFlag,
  },
  readStream,
).pipe(
  Command.withDescription(
    "Print a stream's stored events: #version @global-position recorded-at type vN data",
  ),
  Command.withExamples([
    { command: 'foldwise read ./foldwise-data account-1 --from 3', description: '' },
    {
      command: 'foldwise read ./foldwise-data account-1 --at 2024-03-01T15:00:00Z',
      description: '',
    },
  ]),
)
