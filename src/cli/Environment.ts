/**
 * The services `effect/cli` asks of its host (`Command.Environment`), provided for Node with
 * nothing but `node:process`: the CLI reads no files through them and spawns no processes, so
 * `@effect/platform-node` is not needed.
 *
 * @since 0.1.0
 */
import { Effect, FileSystem, Layer, Path, Sink, Stdio, Stream, Terminal } from 'effect'
import { ChildProcessSpawner } from 'effect/process'

const write =
  (target: NodeJS.WriteStream) =>
  (chunk: string | Uint8Array): Effect.Effect<void> =>
    Effect.sync(() => {
      target.write(chunk)
    })

const stdio = (args: ReadonlyArray<string>): Stdio.Stdio =>
  Stdio.make({
    args: Effect.succeed(args),
    stdinIsTerminal: Effect.sync(() => process.stdin.isTTY === true),
    stdoutIsTerminal: Effect.sync(() => process.stdout.isTTY === true),
    stderrIsTerminal: Effect.sync(() => process.stderr.isTTY === true),
    stdout: () => Sink.forEach(write(process.stdout)),
    stderr: () => Sink.forEach(write(process.stderr)),
    stdin: Stream.empty,
  })

// Prompts are never used (repair asks its one question with node:readline), so reading input
// is a defect rather than a feature left half done.
const terminal: Terminal.Terminal = Terminal.make({
  columns: Effect.sync(() => process.stdout.columns ?? 80),
  rows: Effect.sync(() => process.stdout.rows ?? 24),
  size: Effect.die('foldwise: terminal size is not watched'),
  readInput: Effect.die('foldwise: interactive input is not used'),
  readLine: Effect.die('foldwise: interactive input is not used'),
  display: (text) => write(process.stdout)(text),
})

/**
 * The Node host of the CLI: process arguments and standard streams, the terminal's width, the
 * `Path` service; the file system and child processes are left out (no command uses them).
 *
 * @category layers
 * @since 0.1.0
 */
export const nodeCliEnvironment = (args: ReadonlyArray<string>) =>
  Layer.mergeAll(
    FileSystem.layerNoop({}),
    Path.layer,
    Layer.succeed(Stdio.Stdio, stdio(args)),
    Layer.succeed(Terminal.Terminal, terminal),
    Layer.succeed(
      ChildProcessSpawner.ChildProcessSpawner,
      ChildProcessSpawner.make(() => Effect.die('foldwise: no child processes')),
    ),
  )
