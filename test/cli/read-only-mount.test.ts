/**
 * The CLI on a store it may not write to: a tmpfs remounted read-only (root ignores chmod 555,
 * a read-only mount stops it). `read`, `state`, `streams` and `verify` work and change nothing;
 * `handle` and a `repair` with something to do fail with one line on stderr and exit 4 (the
 * store could not be used), and a `repair` with nothing to do says so. Mounting needs root: as
 * another user these tests are skipped, since no directory stops root and a non-root run has no
 * read-only mount to make.
 */
import { execFileSync } from 'node:child_process'
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  statSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CliRun } from './runFoldwise.js'
import { runFoldwise, stderrLines } from './runFoldwise.js'

const root = process.getuid?.() === 0

/** Every entry under `dir` with its size and content (files) or kind: what "nothing changed" compares. */
const picture = (dir: string): ReadonlyArray<string> =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((name) => {
      const path = join(dir, name)
      const stats = statSync(path)
      return stats.isFile()
        ? `${name} ${stats.size} ${stats.mtimeMs} ${readFileSync(path).toString('base64')}`
        : `${name}/ ${stats.mtimeMs}`
    })

/** Exactly one line on stderr, starting with `foldwise:`. */
const oneLine = (run: CliRun): string => {
  const lines = stderrLines(run)
  expect(lines, run.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^foldwise: /)
  return lines[0] ?? ''
}

describe.skipIf(!root)('the CLI on a read-only mount', () => {
  let mount = ''
  let healthy = ''
  let torn = ''
  beforeAll(async () => {
    mount = mkdtempSync(join(tmpdir(), 'foldwise-cli-ro-'))
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mount])
    healthy = join(mount, 'healthy')
    torn = join(mount, 'torn')
    const made = await runFoldwise(['demo', 'bank', '--dir', healthy])
    expect(made.code, made.stderr).toBe(0)
    cpSync(healthy, torn, { recursive: true })
    appendFileSync(join(torn, 'events.jsonl'), '{"torn')
    execFileSync('mount', ['-o', 'remount,ro', mount])
  })
  afterAll(() => {
    if (mount === '') return
    execFileSync('umount', ['-l', mount])
    rmdirSync(mount)
  })

  it('read, state, streams and verify work and write nothing', async () => {
    const before = [picture(healthy), picture(torn)]
    const [streams, read, state, verify, tornRead, tornVerify] = await Promise.all([
      runFoldwise(['streams', healthy]),
      runFoldwise(['read', healthy, 'account-1', '--json']),
      runFoldwise(['state', healthy, 'account-1', '--domain', 'bank']),
      runFoldwise(['verify', healthy]),
      runFoldwise(['read', torn, 'account-1', '--json']),
      runFoldwise(['verify', torn]),
    ])
    for (const run of [streams, read, state, verify, tornRead]) expect(run.code, run.stderr).toBe(0)
    expect(streams.stdout).toContain('1 stream, 3 events')
    expect(JSON.parse(read.stdout)).toHaveLength(3)
    expect(state.stdout).toMatch(/balance +1300/)
    expect(verify.stdout).toContain('ok: no problems found')
    // A torn tail is read around and reported, never cut: the mount could not take the cut.
    expect(JSON.parse(tornRead.stdout)).toHaveLength(3)
    expect(oneLine(tornRead)).toMatch(/torn tail of 6 bytes .* left in place/)
    expect(tornVerify.code).toBe(1)
    expect(tornVerify.stdout).toContain('torn tail    6 bytes')
    expect([picture(healthy), picture(torn)]).toEqual(before)
  })

  it('handle and a repair with work to do fail with one line and exit 4; a repair with nothing to do says so', async () => {
    const before = [picture(healthy), picture(torn)]
    const [handle, repairTorn, repairHealthy] = await Promise.all([
      runFoldwise([
        'handle',
        healthy,
        'account-1',
        '--domain',
        'bank',
        '{"type":"Deposit","amount":5,"currency":"EUR"}',
      ]),
      runFoldwise(['repair', torn, '--yes']),
      runFoldwise(['repair', healthy, '--yes']),
    ])
    expect(handle.code).toBe(4)
    expect(oneLine(handle)).toMatch(/store unavailable: .*read-only file system/)
    expect(repairTorn.code).toBe(4)
    expect(oneLine(repairTorn)).toMatch(/cannot repair .*read-only file system/)
    expect(repairHealthy.code, repairHealthy.stderr).toBe(0)
    expect(repairHealthy.stdout).toContain('nothing to repair')
    expect([picture(healthy), picture(torn)]).toEqual(before)
  })
})
