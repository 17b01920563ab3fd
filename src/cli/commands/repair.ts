/**
 * `foldwise repair DIR [--dry-run] [--yes]`: says what it will do, asks, then cuts a torn tail
 * or moves damaged records into a quarantine file (nothing is deleted).
 *
 * @since 0.1.0
 */
import { createInterface } from 'node:readline/promises'
import { Effect } from 'effect'
import { Command, Flag } from 'effect/cli'
import { repairFileStore } from '../../adapters/file/index.js'
import type { CliFailure } from '../CliFailure.js'
import { badInput, cliFailure, ExitCode } from '../CliFailure.js'
import { plural } from '../Format.js'
import { foldwiseCommandLine } from '../Invocation.js'
import { dirArgument } from '../Params.js'
import { orCliFailure, requireStoreDir } from '../StoreAccess.js'
import { printLine } from '../Output.js'

/** Asks on the terminal; `false` when stdin is not one (a script must pass --yes). */
const confirm = (question: string): Effect.Effect<boolean> =>
  Effect.promise(async () => {
    if (process.stdin.isTTY !== true) return false
    const rl = createInterface({ input: process.stdin, output: process.stderr })
    try {
      return /^y(es)?$/i.test((await rl.question(question)).trim())
    } finally {
      rl.close()
    }
  })

const repair = (
  dir: string,
  options: { readonly dryRun: boolean; readonly yes: boolean },
): Effect.Effect<void, CliFailure> =>
  Effect.gen(function* () {
    yield* requireStoreDir(dir)
    const plan = yield* orCliFailure(repairFileStore(dir, { dryRun: true }))
    if (plan.actions.length === 0)
      return yield* printLine(
        `nothing to repair in ${dir}: the log's ${plural(plan.records, 'record')} ${plan.records === 1 ? 'is' : 'are'} intact`,
      )
    yield* printLine(`repair ${dir} will:`)
    for (const action of plan.actions) yield* printLine(`  - ${action}`)
    if (options.dryRun) {
      yield* printLine('dry run: nothing was changed')
      return yield* Effect.fail(cliFailure(`${dir} needs repair (dry run)`, ExitCode.problemsFound))
    }
    if (!options.yes) {
      if (process.stdin.isTTY !== true)
        return yield* Effect.fail(
          badInput('repair needs confirmation: run it on a terminal or pass --yes'),
        )
      if (!(yield* confirm('Proceed? [y/N] '))) return yield* printLine('nothing was changed')
    }
    const done = yield* orCliFailure(repairFileStore(dir, { dryRun: false }))
    const moved = [
      ...(done.damaged.length === 0 ? [] : [plural(done.damaged.length, 'damaged record')]),
      ...(done.tornTail === undefined ? [] : [`a torn tail of ${done.tornTail.length} bytes`]),
    ]
    yield* printLine(
      `repaired: moved ${moved.join(' and ')} to ${done.quarantineFile ?? '(nowhere)'}; ${plural(done.records, 'record')} kept`,
    )
    yield* printLine(`run ${foldwiseCommandLine(['verify', dir])} to check the result`)
  })

/**
 * The `repair` command.
 *
 * @category commands
 * @since 0.1.0
 */
export const repairCommand = Command.make(
  'repair',
  {
    dir: dirArgument,
    dryRun: Flag.Boolean('dry-run').pipe(
      Flag.withDescription('Only say what would be done (exit 1 when a repair is needed)'),
      Flag.withDefault(false),
    ),
    yes: Flag.Boolean('yes').pipe(
      Flag.withAlias('y'),
      Flag.withDescription('Do not ask for confirmation'),
      Flag.withDefault(false),
    ),
  },
  ({ dir, dryRun, yes }) => repair(dir, { dryRun, yes }),
).pipe(
  Command.withDescription(
    'Cut a torn tail or move damaged records into a quarantine file (never deleting them), after saying what it will do',
  ),
  Command.withExamples([
    { command: 'foldwise repair ./foldwise-data --dry-run', description: 'Only show the plan' },
    { command: 'foldwise repair ./foldwise-data --yes', description: 'Repair without asking' },
  ]),
)
