/**
 * `foldwise demo [bank|loot|cargo] [--dir DIR]`: runs an example domain through the runtime on
 * the file store in DIR, printing each command, its events or its rejection, and the state. A
 * second run finds the first run's events on disk and continues from them.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import { Argument, Command, Flag } from 'effect/cli'
import type { EventDecodeFailed } from '../../runtime/errors.js'
import { commandHandler, history, IdGenerator, stateAt } from '../../runtime/index.js'
import type { CliFailure } from '../CliFailure.js'
import { badInput, fromDecodeError, fromStoreError } from '../CliFailure.js'
import { foldwiseCommandLine } from '../Invocation.js'
import type { DomainName } from '../Domains.js'
import { domainNames } from '../Domains.js'
import { compactJson, describeTagged, plural } from '../Format.js'
import { isStoreError } from '../../store/StoreError.js'
import { blockedDirectory, withFileStore } from '../StoreAccess.js'
import { bankScenario } from '../scenarios/bank.js'
import { cargoScenario } from '../scenarios/cargo.js'
import { lootScenario } from '../scenarios/loot.js'
import type { Scenario } from '../scenarios/Scenario.js'
import { printLine } from '../Output.js'

/** The metadata field that records which demo run wrote an event. */
const runField = 'demoRun'

const isDecodeFailure = (u: unknown): u is EventDecodeFailed =>
  typeof u === 'object' && u !== null && '_tag' in u && u._tag === 'EventDecodeFailed'

/** Ids that sort by time and are unique within the run: good enough outside the pure core. */
const demoIds = (stamp: string) => {
  let counter = 0
  return { next: () => `demo-${stamp}-${++counter}` }
}

const lastRun = (runs: ReadonlyArray<unknown>): number =>
  runs.reduce<number>((max, run) => (typeof run === 'number' && run > max ? run : max), 0)

const runScenario = <Command extends object, State, Event, Rejection extends object>(
  scenario: Scenario<Command, State, Event, Rejection>,
  dir: string,
): Effect.Effect<void, CliFailure> => {
  const { domain, streamId } = scenario
  const stamp = Date.now().toString(36)
  const showState = (state: State) => compactJson(domain.stateCodec.encode(state))
  const handler = commandHandler(domain.decider, domain.eventCodec)
  const program = Effect.gen(function* () {
    const past = yield* history(domain.eventCodec, streamId)
    const run = lastRun(past.map((entry) => entry.metadata[runField])) + 1
    const start = yield* stateAt(domain.decider, domain.eventCodec, streamId, {
      version: Number.MAX_SAFE_INTEGER,
    })
    yield* printLine(`foldwise demo ${domain.name}: ${domain.title}, on the file store in ${dir}`)
    if (start.version === 0) {
      yield* printLine(`stream ${streamId} is new: this is run 1`)
    } else {
      yield* printLine(
        `found ${plural(start.version, 'event')} in stream ${streamId} (run ${run}): continuing from version ${start.version}`,
      )
      yield* printLine(`  state    ${showState(start.state)}`)
    }
    yield* printLine('')
    let state = start.state
    let version = start.version
    let step = 0
    for (const command of scenario.script(start.state, run)) {
      step++
      yield* printLine(`> ${describeTagged('type', command)}`)
      const outcome = yield* Effect.result(
        handler.handle(streamId, command, {
          commandId: `demo-${stamp}-command-${step}`,
          metadata: { [runField]: run },
        }),
      )
      if (outcome._tag === 'Failure') {
        const error = outcome.failure
        if (isStoreError(error)) return yield* Effect.fail(fromStoreError(error))
        if (isDecodeFailure(error))
          return yield* Effect.fail(fromDecodeError(domain.name, error.error))
        yield* printLine(`  rejected ${describeTagged('_tag', error.rejection)}`)
        continue
      }
      const { events } = outcome.success
      const first = outcome.success.version - events.length + 1
      for (const [i, event] of events.entries())
        yield* printLine(
          `  event    #${first + i} ${describeTagged('type', event as unknown as object)}`,
        )
      if (events.length === 0) yield* printLine('  (no change: nothing recorded)')
      state = outcome.success.state
      version = outcome.success.version
      yield* printLine(`  state    ${showState(state)}`)
    }
    yield* printLine('')
    if (scenario.epilogue !== undefined) {
      for (const line of yield* scenario.epilogue) yield* printLine(line)
      yield* printLine('')
    }
    yield* printLine(
      `stream ${streamId} now holds ${plural(version, 'event')} (run ${run} added ${version - start.version}).`,
    )
    yield* printLine(
      `Run it again to continue the story; inspect it with: ${foldwiseCommandLine(['read', dir, streamId])}`,
    )
  })
  return withFileStore(dir, () =>
    program.pipe(
      Effect.provideService(IdGenerator, demoIds(stamp)),
      Effect.mapError((error) =>
        isDecodeFailure(error) ? fromDecodeError(domain.name, error.error) : error,
      ),
    ),
  )
}

const runDemo = (domain: DomainName, dir: string): Effect.Effect<void, CliFailure> => {
  // The store creates a missing directory; a path that is something else is bad input, said
  // plainly (mkdir would report EEXIST or ENOTDIR).
  const blocked = blockedDirectory(dir)
  if (blocked !== undefined) return Effect.fail(badInput(blocked))
  switch (domain) {
    case 'bank':
      return runScenario(bankScenario, dir)
    case 'loot':
      return runScenario(lootScenario, dir)
    case 'cargo':
      return runScenario(cargoScenario, dir)
  }
}

/**
 * The `demo` command.
 *
 * @category commands
 * @since 0.1.0
 */
export const demoCommand = Command.make(
  'demo',
  {
    domain: Argument.Literals('domain', domainNames).pipe(
      Argument.withDescription('The example domain to run: bank, loot or cargo (default bank)'),
      Argument.withDefault('bank' as const),
    ),
    dir: Flag.String('dir').pipe(
      Flag.withDescription(
        'The file store directory (default ./foldwise-data; created when missing)',
      ),
      Flag.withDefault('./foldwise-data'),
    ),
  },
  ({ domain, dir }) => runDemo(domain, dir),
).pipe(
  Command.withDescription(
    'Run an example domain through the runtime on the file store in DIR; run it again to continue the same history from disk',
  ),
  Command.withShortDescription('Run an example domain on the file store (run again to continue)'),
  Command.withExamples([
    { command: 'foldwise demo', description: 'The bank account in ./foldwise-data' },
    {
      command: 'foldwise demo loot --dir /tmp/loot',
      description: 'The loot inventory and its projections',
    },
  ]),
)
