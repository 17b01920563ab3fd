/**
 * The `foldwise` command tree: the root command and its subcommands (one file each under
 * src/cli/commands/).
 *
 * @since 0.1.0
 */
import { Command } from 'effect/cli'
import { copyCommand } from './commands/copy.js'
import { demoCommand } from './commands/demo.js'
import { handleCommand } from './commands/handle.js'
import { readCommand } from './commands/read.js'
import { repairCommand } from './commands/repair.js'
import { sqlCommand } from './commands/sql.js'
import { stateCommand } from './commands/state.js'
import { streamsCommand } from './commands/streams.js'
import { verifyCommand } from './commands/verify.js'

/**
 * The version `foldwise --version` prints.
 *
 * @category constants
 * @since 0.1.0
 */
export const foldwiseVersion = '0.2.0'

/**
 * The names of the subcommands, in the order `foldwise --help` lists them.
 *
 * @category constants
 * @since 0.1.0
 */
export const subcommandNames = [
  'demo',
  'streams',
  'read',
  'state',
  'handle',
  'copy',
  'verify',
  'repair',
  'sql',
] as const

/**
 * The root command.
 *
 * @category commands
 * @since 0.1.0
 */
export const foldwiseCommand = Command.make('foldwise').pipe(
  Command.withDescription(
    'foldwise: a functional event-sourcing kernel. Run a demo, inspect a file store, run commands of your own domain, copy, verify and repair a store.',
  ),
  Command.withSubcommands([
    demoCommand,
    streamsCommand,
    readCommand,
    stateCommand,
    handleCommand,
    copyCommand,
    verifyCommand,
    repairCommand,
    sqlCommand,
  ]),
)
