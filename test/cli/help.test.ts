/**
 * `--help` for every command, in process (the same `runCli` main.ts runs): each prints its
 * description and usage on stdout and exits 0.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { foldwiseCommand, foldwiseVersion, subcommandNames } from '../../src/cli/Foldwise.js'
import { runCli } from '../../src/cli/Run.js'

const captureStdout = () => {
  const lines: Array<string> = []
  vi.spyOn(console, 'log').mockImplementation((...args: ReadonlyArray<unknown>) => {
    lines.push(args.map(String).join(' '))
  })
  return lines
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('foldwise --help', () => {
  it('lists every subcommand', async () => {
    const out = captureStdout()
    expect(await runCli(foldwiseCommand, ['--help'], foldwiseVersion)).toBe(0)
    const text = out.join('\n')
    for (const name of subcommandNames) expect(text).toMatch(new RegExp(`^\\s+${name}\\s`, 'm'))
  })

  for (const name of subcommandNames)
    it(`foldwise ${name} --help shows its usage`, async () => {
      const out = captureStdout()
      expect(await runCli(foldwiseCommand, [name, '--help'], foldwiseVersion)).toBe(0)
      const text = out.join('\n')
      expect(text).toContain(`foldwise ${name}`)
      expect(text).toContain('USAGE')
      expect(text).toContain('DESCRIPTION')
    })

  it('foldwise demo --help gives the defaults it runs with', async () => {
    const out = captureStdout()
    expect(await runCli(foldwiseCommand, ['demo', '--help'], foldwiseVersion)).toBe(0)
    const text = out.join('\n')
    expect(text).toContain('(default bank)')
    expect(text).toContain('(default ./foldwise-data;')
  })

  it('--version prints the version', async () => {
    const out = captureStdout()
    expect(await runCli(foldwiseCommand, ['--version'], foldwiseVersion)).toBe(0)
    expect(out.join('\n')).toContain(foldwiseVersion)
  })
})
