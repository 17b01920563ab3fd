/**
 * The terminal sessions of docs/cli.md say what the CLI prints: each ```console block whose
 * commands run on the demo's own store (`./foldwise-data`) or on no store is replayed in order,
 * in process (the same `runCli` main.ts runs) on one fresh directory, and compared with what
 * the block shows, line by line. Times, demo event ids and byte sizes differ from run to run and
 * are compared by shape; a line `…` in a block stands for any number of lines. Sessions on
 * prepared stores (`./damaged`, `./torn`, `./data` with your own domain), PostgreSQL, shell
 * redirection or a past instant (`--at`) are left to test/cli/.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { foldwiseCommand, foldwiseVersion } from '../../src/cli/Foldwise.js'
import { runCli } from '../../src/cli/Run.js'
import { makeTempDir } from '../cli/runFoldwise.js'
import type { ShownRun } from './consoleSessions.js'
import { consoleSessions, matches } from './consoleSessions.js'
import { repoRoot } from './materialize.js'

/** Whether a session is one this test replays (see the header). */
const replayable = (runs: ReadonlyArray<ShownRun>): boolean =>
  runs.length > 0 &&
  runs.every(
    (run) =>
      run.args[0] === 'foldwise' &&
      !run.args.includes('--at') &&
      !run.args.some((arg) => /^[<>|]/.test(arg) || arg.includes('://')) &&
      run.args
        .slice(1)
        .every((arg) => !arg.startsWith('./') || arg === './foldwise-data' || arg === './nowhere'),
  )

const temp = makeTempDir('docs-sessions')
afterAll(() => temp.remove())

/** Runs the CLI in process with `./foldwise-data` standing for a fresh directory. */
const run = async (args: ReadonlyArray<string>) => {
  const dir = join(temp.dir, 'foldwise-data')
  const out: Array<string> = []
  vi.spyOn(console, 'log').mockImplementation((...parts: ReadonlyArray<unknown>) => {
    out.push(parts.map(String).join(' '))
  })
  vi.spyOn(console, 'error').mockImplementation((...parts: ReadonlyArray<unknown>) => {
    out.push(parts.map(String).join(' '))
  })
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk).replace(/\n$/, ''))
    return true
  })
  // As from a shell, not from npm: the demo's hint depends on npm's variables.
  for (const name of Object.keys(process.env))
    if (name.startsWith('npm_')) vi.stubEnv(name, undefined)
  // `demo` without --dir writes ./foldwise-data of the working directory: point it here.
  const withDir = args[0] === 'demo' && !args.includes('--dir') ? [...args, '--dir', dir] : args
  try {
    const code = await runCli(
      foldwiseCommand,
      withDir.map((arg) =>
        arg.replace('./foldwise-data', dir).replace('./nowhere', join(temp.dir, 'nowhere')),
      ),
      foldwiseVersion,
    )
    const lines = out
      .join('\n')
      .split('\n')
      .map((line) =>
        line.split(dir).join('./foldwise-data').split(join(temp.dir, 'nowhere')).join('./nowhere'),
      )
    return { code, lines: lines.length === 1 && lines[0] === '' ? [] : lines }
  } finally {
    vi.restoreAllMocks()
    vi.unstubAllEnvs()
  }
}

const sessions = consoleSessions(readFileSync(join(repoRoot, 'docs', 'cli.md'), 'utf8')).filter(
  (session) => replayable(session.runs),
)

describe('the sessions of docs/cli.md', () => {
  it('reads sessions, shapes and elisions (the checker itself)', () => {
    const [session] = consoleSessions(
      "```console\n$ foldwise read x 'a b'\none\n…\n(exit 2)\n```\n",
    )
    expect(session?.runs).toEqual([
      {
        line: 2,
        commandLine: "foldwise read x 'a b'",
        args: ['foldwise', 'read', 'x', 'a b'],
        output: ['one', '…'],
        exitCode: 2,
      },
    ])
    expect(matches(['a', '…', 'd'], ['a', 'b', 'c', 'd'])).toBe(true)
    expect(matches(['a', '…', 'd'], ['a', 'b', 'c'])).toBe(false)
    expect(matches(['#1 2026-11-23T07:31:55.161Z'], ['#1 2020-01-01T00:00:00.000Z'])).toBe(true)
    expect(matches(['state 40'], ['state 41'])).toBe(false)
    expect(sessions.length).toBeGreaterThanOrEqual(10)
  })

  // In order: the demo runs build the store the later sessions read.
  for (const session of sessions)
    it(`docs/cli.md:${session.line} (${session.runs.map((r) => r.args.slice(1, 2).join(' ')).join(', ')})`, async () => {
      for (const shown of session.runs) {
        const actual = await run(shown.args.slice(1))
        const where = `docs/cli.md:${shown.line} $ ${shown.args.join(' ')}\n--- shown\n${shown.output.join('\n')}\n--- printed\n${actual.lines.join('\n')}`
        expect(matches(shown.output, actual.lines), where).toBe(true)
        expect(actual.code, where).toBe(shown.exitCode)
      }
    })
})
