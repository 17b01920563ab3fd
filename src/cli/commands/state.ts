/**
 * `foldwise state DIR STREAM (--domain bank|loot|cargo | --decider ./my-domain.js) [--at ISO]`:
 * a stream's state, folded by the runtime (`stateAt`) with the domain's decider, now or at an
 * instant.
 *
 * @since 0.1.0
 */
import { Effect, Option } from 'effect'
import { Command } from 'effect/cli'
import { stateAt } from '../../runtime/index.js'
import type { CliFailure } from '../CliFailure.js'
import { badInput, fromDecodeError } from '../CliFailure.js'
import type { DomainName } from '../Domains.js'
import { describeFields } from '../Format.js'
import { printJson, printLine } from '../Output.js'
import {
  atFlag,
  deciderFlag,
  dirArgument,
  domainFlag,
  jsonFlag,
  streamArgument,
} from '../Params.js'
import { requireStoreDir, withReadOnlyFileStore } from '../StoreAccess.js'
import type { CliDomain } from '../UserDomain.js'
import { chooseDomain, isDecodeFailure } from '../UserDomain.js'

interface StateInput {
  readonly dir: string
  readonly stream: string
  readonly domain: Option.Option<DomainName>
  readonly decider: Option.Option<string>
  readonly at: Option.Option<Date>
  readonly json: boolean
}

const showState = (input: StateInput, domain: CliDomain): Effect.Effect<void, CliFailure> =>
  withReadOnlyFileStore(input.dir, (store) =>
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
      const state = domain.stateToJson(folded.state)
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
    domain: domainFlag,
    decider: deciderFlag,
    at: atFlag,
    json: jsonFlag,
  },
  (input) =>
    Effect.gen(function* () {
      const domain = yield* chooseDomain(input.domain, input.decider, true)
      yield* requireStoreDir(input.dir)
      if (domain !== undefined) yield* showState(input, domain)
    }),
).pipe(
  Command.withDescription("Fold a stream's events with a domain's decider and print the state"),
  Command.withExamples([
    { command: 'foldwise state ./foldwise-data account-1 --domain bank', description: '' },
    {
      command: 'foldwise state ./foldwise-data account-1 --domain bank --at 2024-03-01T15:00:00Z',
      description: 'The state as it was at an instant',
    },
    {
      command: 'foldwise state ./data order-17 --decider ./dist/orders-domain.js',
      description: 'Your own domain (a module exporting decider and eventCodec)',
    },
  ]),
)
