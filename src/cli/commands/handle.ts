/**
 * `foldwise handle DIR STREAM (--domain NAME | --decider PATH) '<command JSON>'`: decodes one
 * command with the domain's command codec, runs it through the runtime on the file store in
 * DIR (created when missing) and prints its events and the new state. A command that is not
 * JSON, of an unknown type or malformed is one line and exit 2; a rejection is one line naming
 * it and exit 5.
 *
 * @since 0.1.0
 */
import { Effect, Option } from 'effect'
import { Argument, Command, Flag } from 'effect/cli'
import { formatCommandDecodeError } from '../../codec/CommandCodec.js'
import { commandHandler } from '../../runtime/index.js'
import { isStoreError } from '../../store/StoreError.js'
import type { CliFailure } from '../CliFailure.js'
import { badInput, cliFailure, ExitCode, fromDecodeError, fromStoreError } from '../CliFailure.js'
import type { DomainName } from '../Domains.js'
import { compactJson, describeTagged } from '../Format.js'
import { printJson, printLine } from '../Output.js'
import { deciderFlag, dirArgument, domainFlag, jsonFlag, streamArgument } from '../Params.js'
import { blockedDirectory, withFileStore } from '../StoreAccess.js'
import type { CliDomain } from '../UserDomain.js'
import { chooseDomain, isDecodeFailure } from '../UserDomain.js'

interface HandleInput {
  readonly dir: string
  readonly stream: string
  readonly command: string
  readonly domain: Option.Option<DomainName>
  readonly decider: Option.Option<string>
  readonly commandId: Option.Option<string>
  readonly json: boolean
}

const describe = (tag: string, value: unknown): string =>
  typeof value === 'object' && value !== null
    ? describeTagged(tag, value)
    : (JSON.stringify(value) ?? String(value))

/** The command, decoded by the domain's command codec. */
const readCommand = (domain: CliDomain, text: string): Effect.Effect<unknown, CliFailure> =>
  Effect.suspend(() => {
    const codec = domain.commandCodec
    if (codec === undefined)
      return Effect.fail(
        badInput(`${domain.name} exports no commandCodec, which handle needs to read a command`),
      )
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (cause) {
      return Effect.fail(
        badInput(`the command is not JSON: ${cause instanceof Error ? cause.message : ''}`),
      )
    }
    const decoded = codec.decode(json)
    return decoded._tag === 'Left'
      ? Effect.fail(badInput(formatCommandDecodeError(decoded.left)))
      : Effect.succeed(decoded.right)
  })

const run = (input: HandleInput, domain: CliDomain): Effect.Effect<void, CliFailure> =>
  Effect.gen(function* () {
    const command = yield* readCommand(domain, input.command)
    const blocked = blockedDirectory(input.dir)
    if (blocked !== undefined) return yield* Effect.fail(badInput(blocked))
    const outcome = yield* withFileStore(input.dir, () =>
      commandHandler(domain.decider, domain.eventCodec)
        .handle(
          input.stream,
          command,
          Option.isSome(input.commandId) ? { commandId: input.commandId.value } : {},
        )
        .pipe(
          Effect.mapError((error): CliFailure => {
            if (isStoreError(error)) return fromStoreError(error)
            if (isDecodeFailure(error)) return fromDecodeError(domain.name, error.error)
            const type = (command as { readonly type?: unknown }).type
            return cliFailure(
              `${typeof type === 'string' ? type : 'the command'} rejected: ${describe('_tag', error.rejection)}`,
              ExitCode.rejected,
            )
          }),
        ),
    )
    const events = outcome.events.map((event) => domain.eventCodec.encode(event))
    const state = domain.stateToJson(outcome.state)
    if (input.json)
      return yield* printJson({
        streamId: input.stream,
        version: outcome.version,
        events: events.map((event) => ({ type: event.type, data: event.data })),
        state,
      })
    const first = outcome.version - events.length + 1
    for (const [i, event] of events.entries())
      yield* printLine(
        `event    #${first + i} ${event.type}${event.data !== null && typeof event.data === 'object' && Object.keys(event.data).length === 0 ? '' : ` ${compactJson(event.data)}`}`,
      )
    if (events.length === 0) yield* printLine('(no change: nothing recorded)')
    yield* printLine(`state    ${compactJson(state)}`)
    yield* printLine(`stream ${input.stream} is at version ${outcome.version}`)
  })

/**
 * The `handle` command.
 *
 * @category commands
 * @since 0.1.0
 */
export const handleCommand = Command.make(
  'handle',
  {
    dir: dirArgument,
    stream: streamArgument,
    command: Argument.String('command').pipe(
      Argument.withDescription('The command as JSON, e.g. \'{"type":"Deposit","amount":5}\''),
    ),
    domain: domainFlag,
    decider: deciderFlag,
    commandId: Flag.String('command-id').pipe(
      Flag.withDescription('Makes the command idempotent: a second run with this id does nothing'),
      Flag.optional,
    ),
    json: jsonFlag,
  },
  (input) =>
    Effect.flatMap(chooseDomain(input.domain, input.decider, true), (domain) =>
      domain === undefined ? Effect.void : run(input, domain),
    ),
).pipe(
  Command.withDescription(
    'Decode one command (JSON) with the domain, run it on the file store in DIR (created when missing) and print its events; exit 5 when the decider rejects it',
  ),
  Command.withShortDescription('Run one command (JSON) on a stream'),
  Command.withExamples([
    {
      command: `foldwise handle ./foldwise-data account-1 --domain bank '{"type":"Deposit","amount":5}'`,
      description: '',
    },
    {
      command: `foldwise handle ./data order-17 --decider ./dist/orders-domain.js '{"type":"Ship"}'`,
      description: 'Your own domain (a module exporting decider, eventCodec and commandCodec)',
    },
  ]),
)
