/**
 * `foldwise read DIR STREAM [--from N] [--at ISO] [--domain NAME | --decider PATH]`: the stored
 * records of one stream, as they are in the log (type, schema version, data, time), optionally
 * from a version or as of an instant (the stream's longest prefix recorded at or before it: the
 * runtime's time rule); with a domain, each record decoded (and upcast) by its event codec too.
 *
 * @since 0.1.0
 */
import { Effect, Option } from 'effect'
import { Command, Flag } from 'effect/cli'
import type { CliFailure } from '../CliFailure.js'
import { badInput } from '../CliFailure.js'
import type { DomainName } from '../Domains.js'
import { describeDecodedRecord, describeRecord, plural, recordToJson } from '../Format.js'
import {
  atFlag,
  deciderFlag,
  dirArgument,
  domainFlag,
  jsonFlag,
  streamArgument,
} from '../Params.js'
import type { CliDomain } from '../UserDomain.js'
import { chooseDomain, decodeRecords } from '../UserDomain.js'
import { requireStoreDir, withReadOnlyFileStore } from '../StoreAccess.js'
import { printLine, printJson } from '../Output.js'
import { recordsAsOf } from '../../runtime/TimeRule.js'

interface ReadInput {
  readonly dir: string
  readonly stream: string
  readonly from: Option.Option<number>
  readonly at: Option.Option<Date>
  readonly json: boolean
  readonly domain: Option.Option<DomainName>
  readonly decider: Option.Option<string>
}

const readStream = (input: ReadInput): Effect.Effect<void, CliFailure> =>
  Effect.flatMap(
    Effect.andThen(chooseDomain(input.domain, input.decider, false), (domain) =>
      Effect.as(requireStoreDir(input.dir), domain),
    ),
    (domain: CliDomain | undefined) =>
      withReadOnlyFileStore(input.dir, (store) =>
        Effect.gen(function* () {
          const from = Option.getOrElse(input.from, () => 1)
          if (from < 1) return yield* Effect.fail(badInput(`--from must be 1 or more, not ${from}`))
          const version = yield* store.streamVersion(input.stream)
          if (version === 0)
            return yield* Effect.fail(
              badInput(`unknown stream ${JSON.stringify(input.stream)} in ${input.dir}`),
            )
          // With --at, the stream as of that instant by the one time rule (runtime/TimeRule.ts):
          // its longest prefix recorded at or before it, read from version 1.
          const records = Option.isNone(input.at)
            ? yield* store.readStream(input.stream, { from })
            : recordsAsOf(yield* store.readStream(input.stream), input.at.value.getTime()).filter(
                (record) => record.streamVersion >= from,
              )
          if (domain !== undefined) {
            const decoded = yield* decodeRecords(domain, records)
            if (input.json)
              return yield* printJson(
                decoded.map(({ record, event }) => ({
                  ...(recordToJson(record) as object),
                  event,
                })),
              )
            for (const { record, event } of decoded)
              yield* printLine(describeDecodedRecord(record, event))
          } else if (input.json) return yield* printJson(records.map(recordToJson))
          else for (const record of records) yield* printLine(describeRecord(record))
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
    domain: domainFlag,
    decider: deciderFlag,
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
    {
      command: 'foldwise read ./foldwise-data account-1 --domain bank',
      description: 'Each record decoded and upcast by the domain',
    },
  ]),
)
