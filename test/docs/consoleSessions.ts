/**
 * The ```console sessions of a Markdown document, and how a session's shown output is compared
 * with what a command printed: times, demo event ids and byte sizes by shape, a line `…`
 * standing for any number of lines. Shared by test/docs/cli-sessions.test.ts (in process) and
 * the consumer test (through the installed bin).
 */

/** One `$ foldwise ...` line of a session, with the output and exit code the block shows. */
export interface ShownRun {
  readonly line: number
  /** The command line as shown, for a shell. */
  readonly commandLine: string
  readonly args: ReadonlyArray<string>
  readonly output: ReadonlyArray<string>
  readonly exitCode: number
}

/** Splits a command line into words, honouring single quotes (all the docs use). */
export const words = (commandLine: string): ReadonlyArray<string> =>
  [...commandLine.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '')

/** The runs of every ```console block of a document, in order, block by block. */
export const consoleSessions = (
  markdown: string,
): ReadonlyArray<{ readonly line: number; readonly runs: ReadonlyArray<ShownRun> }> => {
  const lines = markdown.split('\n')
  const sessions: Array<{ line: number; runs: Array<ShownRun> }> = []
  let inside = false
  for (const [index, text] of lines.entries()) {
    if (!inside) {
      if (text.startsWith('```console')) {
        inside = true
        sessions.push({ line: index + 1, runs: [] })
      }
      continue
    }
    if (text.startsWith('```')) {
      inside = false
      continue
    }
    const session = sessions[sessions.length - 1]
    if (session === undefined) continue
    if (text.startsWith('$ ')) {
      session.runs.push({
        line: index + 1,
        commandLine: text.slice(2),
        args: words(text.slice(2)),
        output: [],
        exitCode: 0,
      })
      continue
    }
    const run = session.runs[session.runs.length - 1]
    if (run === undefined) continue
    const exit = /^\(exit (\d+)\)$/.exec(text)
    session.runs[session.runs.length - 1] = exit
      ? { ...run, exitCode: Number(exit[1]) }
      : { ...run, output: [...run.output, text] }
  }
  return sessions
}

/** A line with what changes from run to run replaced by its shape. */
export const shape = (line: string): string =>
  line
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>')
    .replace(/demo-[a-z0-9]+-(command-)?\d+/g, '<demo id>')
    .replace(/\d+(\.\d+)? (k?B)\b/g, '<size>')
    .trimEnd()

/** Whether `actual` lines match `shown` lines, a shown `…` standing for any lines. */
export const matches = (shown: ReadonlyArray<string>, actual: ReadonlyArray<string>): boolean => {
  const [head, ...rest] = shown
  if (head === undefined) return actual.length === 0
  if (head.trim() === '…')
    return actual.some((_, i) => matches(rest, actual.slice(i))) || matches(rest, [])
  return (
    actual[0] !== undefined && shape(actual[0]) === shape(head) && matches(rest, actual.slice(1))
  )
}
