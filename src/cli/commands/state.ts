/**
 * `foldwise state DIR STREAM --domain bank|loot|cargo [--at ISO]`: a stream's state, folded by
 * the runtime (`stateAt`) with the chosen domain's decider, now or at an instant.
 *
 * @since 0.1.0
 */
import { Effect, Option } from 'effect'
import { Command, Flag } from 'effect/cli'
import type { EventDecodeFailed } from '../../runtime/index.js'
import { stateAt } from '../../runtime/index.js'
import type { CliFailure } from '../CliFailure.js'
import { badInput, fromDecodeError } from '../CliFailure.js'
import type { Domain, DomainName } from '../Domains.js'
import { domainNames, matchDomain } from '../Domains.js'
import { describeFields } from '../Format.js'
import { atFlag, dirArgument, jsonFlag, streamArgument } from '../Params.js'
import { requireStoreDir, withFileStore } from '../StoreAccess.js'
import { printLine, printJson } from '../Output.js'

interface StateInput {
  readonly dir: string
  readonly stream: string
  readonly domain: DomainName
  readonly at: Option.Option<Date>
  readonly json: boolean
}

const isDecodeFailure = (u: unknown): u is EventDecodeFailed =>
  typeof u === 'object' && u !== null && '_tag' in u && u._tag === 'EventDecodeFailed'

const showState =
  (input: StateInput) =>
  <Command, State, Event, Rejection>(
    domain: Domain<Command, State, Event, Rejection>,
  ): Effect.Effect<void, CliFailure> =>
    Effect.andThen(
      requireStoreDir(input.dir),
      withFileStore(input.dir, (store) =>
        Effect.gen(function* () {
          const length = yield* store.streamVersion(input.stream)
          if (length === 0)
            return yield* Effect.fail(
              badInput(`unknown stream ${JSON.stringify(input.stream)} in ${input.dir}`),
            )
          const at = Option.map(input.at, (date) => date.toISOString())
          const folded = yield* stateAt(
            domain.decider,
            domain.eventCodec,
            input.stream,
            Option.isSome(at) ? { at: at.value } : { version: length },
          ).pipe(
            Effect.mapError((error) =>
              isDecodeFailure(error) ? fromDecodeError(domain.name, error.error) : error,
            ),
          )
          const state = domain.stateCodec.encode(folded.state)
          if (input.json)
            return yield* printJson({
              streamId: input.stream,
              domain: domain.name,
              version: folded.version,
              streamVersion: length,
              ...(Option.isSome(at) ? { at: at.value } : {}),
              state,
            })
          const when = Option.isSome(at) ? ` at ${at.value}` : ''
          yield* printLine(
            `${input.stream} (${domain.name})${when}: version ${folded.version} of ${length}`,
          )
          for (const line of describeFields(state)) yield* printLine(`  ${line}`)
        }),
      ),
    )

/**
 * The `state` command.
 *
 * @category commands
 * @since 0.1.0
 */
export const stateCommand = Command.make(
  'state',
  {
    dir: dirArgument,
    stream: streamArgument,
    domain: Flag.Literals('domain', domainNames).pipe(
      Flag.withDescription('The domain whose decider folds the stream: bank, loot or cargo'),
    ),
    at: atFlag,
    json: jsonFlag,
  },
  (input) => {
    const show = showState(input)
    return matchDomain(input.domain, { bank: show, loot: show, cargo: show })
  },
).pipe(
  Command.withDescription("Fold a stream's events with a domain's decider and print the state"),
  Command.withExamples([
    { command: 'foldwise state ./foldwise-data account-1 --domain bank', description: '' },
    {
      command: 'foldwise state ./foldwise-data account-1 --domain bank --at 2024-03-01T15:00:00Z',
      description: 'The state as it was at an instant',
    },
  ]),
)
