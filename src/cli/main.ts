/**
 * The `foldwise` command line: parses the arguments, runs one command and exits with its code
 * (see docs/cli.md; the command tree is in Foldwise.ts, each command in src/cli/commands/).
 *
 * @since 0.1.0
 */
import { foldwiseCommand, foldwiseVersion } from './Foldwise.js'
import { runCli } from './Run.js'

process.exitCode = await runCli(foldwiseCommand, process.argv.slice(2), foldwiseVersion)
