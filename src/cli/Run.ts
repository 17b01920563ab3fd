/**
 * Running the command tree: `effect/cli` parses, the chosen command runs, and every way it can
 * end becomes an exit code and at most one line on stderr (never a stack trace).
 *
 * @since 0.1.0
 */
import { Cause, Console, Effect, Exit, Layer } from 'effect'
import type { Command } from 'effect/cli'
import { CliConfig, CliError, CliOutput, Command as Commands, GlobalFlag } from 'effect/cli'
import type { ExitCode } from './CliFailure.js'
import { ExitCode as Codes, isCliFailure } from './CliFailure.js'
import { nodeCliEnvironment } from './Environment.js'
import { terminalSafe, writeErrorLine } from './Output.js'

// Usage errors are one line pointing at --help; help and --version print as usual.
const presenter: CliOutput.Presenter = {
  present: (event) =>
    event._tag === 'InvalidInvocation'
      ? Console.error(
          terminalSafe(
            `foldwise: ${event.errors.map((error) => error.message).join('; ')} (see: ${event.commandPath.join(' ')} --help)`,
          ),
        )
      : CliOutput.defaultPresenter.present(event),
}

// Only --help and --version: the wizard and completions want an interactive terminal.
const settings = Layer.mergeAll(
  CliOutput.layerPresenter(presenter),
  CliConfig.layer({ builtIns: [GlobalFlag.Help, GlobalFlag.Version] }),
)

const describeDefect = (cause: Cause.Cause<unknown>): string => {
  const [first] = Cause.prettyErrors(cause)
  return first === undefined ? 'interrupted' : first.message
}

/**
 * Runs `command` on `args` and returns the exit code: 0 done, 1 problems found, 2 bad usage
 * or input, 3 store damaged, 4 store unavailable, 5 command rejected, 6 projection failed,
 * 70 a bug.
 *
 * @category running
 * @since 0.1.0
 */
export const runCli = async <Name extends string, Input, E, R>(
  command: Command.Command<Name, Input, object, E, R>,
  args: ReadonlyArray<string>,
  version: string,
): Promise<ExitCode> => {
  const program = Commands.runWith(command, { version, renderErrors: true })(args).pipe(
    Effect.provide(Layer.merge(nodeCliEnvironment(args), settings)),
  ) as Effect.Effect<void, unknown>
  const exit = await Effect.runPromiseExit(program)
  if (Exit.isSuccess(exit)) return Codes.ok
  const failure = exit.cause.reasons.find(Cause.isFailReason)
  if (failure === undefined) {
    writeErrorLine(`foldwise: internal error: ${describeDefect(exit.cause)}`)
    return Codes.internal
  }
  const error = failure.error
  if (isCliFailure(error)) {
    writeErrorLine(`foldwise: ${error.message}`)
    return error.exitCode
  }
  if (CliError.isCliError(error))
    return error._tag === 'ShowHelp' && error.errors.length === 0 ? Codes.ok : Codes.badInput
  writeErrorLine(`foldwise: internal error: ${JSON.stringify(error)}`)
  return Codes.internal
}
