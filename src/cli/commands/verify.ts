/**
 * `foldwise verify DIR`: checks every record's checksum and sequence, the index, the snapshots
 * and the checkpoints, without changing anything. Exits 1 when anything is wrong, listing each
 * problem with its byte offset.
 *
 * @since 0.1.0
 */
import { Effect } from 'effect'
import { Command } from 'effect/cli'
import type { VerifyReport } from '../../adapters/file/Verify.js'
import { verifyFileStore } from '../../adapters/file/index.js'
import type { CliFailure } from '../CliFailure.js'
import { cliFailure, ExitCode } from '../CliFailure.js'
import { plural } from '../Format.js'
import { foldwiseCommandLine } from '../Invocation.js'
import { dirArgument, jsonFlag } from '../Params.js'
import { formatBytes, makeProgress } from '../Progress.js'
import { orCliFailure, requireStoreDir } from '../StoreAccess.js'
import { printLine, printJson } from '../Output.js'

/**
 * The report of `verify` as lines of text.
 *
 * @category formatting
 * @since 0.1.0
 */
export const describeVerifyReport = (report: VerifyReport): ReadonlyArray<string> => [
  `log          ${formatBytes(report.logBytes)}, ${plural(report.records, 'valid record')} in ${plural(report.streams, 'stream')}`,
  `index        ${report.index}${report.index === 'valid' || report.index === 'behind' ? '' : ' (rebuilt on the next open; no data is lost)'}`,
  `snapshots    ${report.snapshots}`,
  `checkpoints  ${report.checkpoints}`,
  ...(report.damaged.length === 0
    ? []
    : [`damaged      ${plural(report.damaged.length, 'record')}`]),
  ...(report.tornTail === undefined
    ? []
    : [`torn tail    ${report.tornTail.length} bytes at offset ${report.tornTail.offset}`]),
  ...report.problems.map((problem) => `problem      ${problem}`),
  ...report.warnings.map((warning) => `warning      ${warning}`),
  report.ok ? 'ok: no problems found' : `NOT OK: ${plural(report.problems.length, 'problem')}`,
]

const verify = (dir: string, json: boolean): Effect.Effect<void, CliFailure> =>
  Effect.gen(function* () {
    yield* requireStoreDir(dir)
    const progress = makeProgress('verify', { unit: formatBytes })
    const report = yield* orCliFailure(
      verifyFileStore(dir, { onProgress: progress.update }).pipe(
        Effect.ensuring(Effect.sync(progress.finish)),
      ),
    )
    if (json) yield* printJson(report)
    else {
      yield* printLine(`verify ${dir}`)
      for (const line of describeVerifyReport(report)) yield* printLine(`  ${line}`)
    }
    if (!report.ok)
      return yield* Effect.fail(
        cliFailure(
          `${dir}: ${plural(report.problems.length, 'problem')} found; ${foldwiseCommandLine(['repair', dir])} can fix the log`,
          ExitCode.problemsFound,
        ),
      )
  })

/**
 * The `verify` command.
 *
 * @category commands
 * @since 0.1.0
 */
export const verifyCommand = Command.make(
  'verify',
  { dir: dirArgument, json: jsonFlag },
  ({ dir, json }) => verify(dir, json),
).pipe(
  Command.withDescription(
    'Check every record checksum, the index, snapshots and checkpoints; exit 1 when anything is wrong (read-only)',
  ),
  Command.withExamples([{ command: 'foldwise verify ./foldwise-data', description: '' }]),
)
