/**
 * The CLI on a user's own domain: a module written by the test (plain JavaScript, as a user's
 * build would leave it) is loaded with --decider by `state`, `read`, `streams` and `handle`;
 * commands arrive as JSON and are decoded by its command codec; bad commands and bad modules
 * are one line and exit 2, a rejection one line and exit 5.
 */
import { writeFileSync } from 'node:fs'
import { build } from 'esbuild'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CliRun } from './runFoldwise.js'
import { makeTempDir, repoRoot, runFoldwise, stderrLines } from './runFoldwise.js'

// Each test spawns a few CLI processes: allow for a loaded machine. The domain module is bundled
// by esbuild first (it imports src/, which is TypeScript), so the CLI loads it with plain node,
// as it would a user's compiled module.
vi.setConfig({ testTimeout: 120_000 })

const temp = makeTempDir('own-domain')
const store = join(temp.dir, 'store')
const domain = join(temp.dir, 'counter-domain.mjs')
const notADomain = join(temp.dir, 'not-a-domain.mjs')
const url = (path: string) => join(repoRoot, path)

// A counter that refuses to pass 10; no stateCodec, so the state prints as plain JSON.
const domainSource = `
import t from '${url('node_modules/io-ts/lib/index.js')}'
import { commandCodec as commands, eventCodec as events, versions } from '${url('src/codec/index.ts')}'

export const decider = {
  initialState: { count: 0 },
  decide: (command, state) => {
    if (command.type === 'Reset') return { _tag: 'Right', right: [{ type: 'Reset' }] }
    if (state.count + command.by > 10)
      return { _tag: 'Left', left: { _tag: 'TooMany', count: state.count, by: command.by } }
    return { _tag: 'Right', right: [{ type: 'Added', by: command.by }] }
  },
  evolve: (state, event) => (event.type === 'Added' ? { count: state.count + event.by } : { count: 0 }),
}
export const eventCodec = events({ Added: versions(t.type({ by: t.number })), Reset: versions(t.type({})) })
export const commandCodec = commands({ Add: t.type({ by: t.number }), Reset: t.type({}) })
`

const expectOneLine = (run: CliRun, code: number, message: RegExp) => {
  expect(run.code, run.stderr).toBe(code)
  expect(stderrLines(run)).toEqual([expect.stringMatching(message)])
}

let added: CliRun
let rejected: CliRun

beforeAll(async () => {
  const source = join(temp.dir, 'counter-domain.source.mjs')
  writeFileSync(source, domainSource)
  await build({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: domain,
    logLevel: 'error',
  })
  writeFileSync(notADomain, 'export const decider = { initialState: 0, decide() {} }\n')
  added = await runFoldwise([
    'handle',
    store,
    'counter-1',
    '--decider',
    domain,
    '{"type":"Add","by":3}',
  ])
  rejected = await runFoldwise([
    'handle',
    store,
    'counter-1',
    '--decider',
    domain,
    '{"type":"Add","by":9,"force":true}',
  ])
}, 120_000)

afterAll(() => temp.remove())

describe('foldwise handle --decider', () => {
  it('decodes the command, runs it on the store (created) and prints the events and state', () => {
    expect(added.code, added.stderr).toBe(0)
    expect(added.stdout).toContain('event    #1 Added {"by":3}')
    expect(added.stdout).toContain('state    {"count":3}')
    expect(added.stdout).toContain('stream counter-1 is at version 1')
  })

  it('a rejection is one line naming it, exit 5 (unknown fields never reach the decider)', () => {
    expectOneLine(rejected, 5, /^foldwise: Add rejected: TooMany \{"count":3,"by":9\}$/)
  })

  it('unknown, malformed and non-JSON commands: one line, exit 2', async () => {
    const runs = await Promise.all(
      ['{"type":"Teleport"}', '{"type":"Add","by":"x"}', 'Add 3'].map((command) =>
        runFoldwise(['handle', store, 'counter-1', '--decider', domain, command]),
      ),
    )
    expectOneLine(runs[0] as CliRun, 2, /UnknownCommand "Teleport"; known commands: Add, Reset$/)
    expectOneLine(runs[1] as CliRun, 2, /InvalidCommand Add: by: expected number, got "x"$/)
    expectOneLine(runs[2] as CliRun, 2, /the command is not JSON/)
  })
})

describe('state, read and streams with --decider', () => {
  it('fold, decode and count with the module', async () => {
    const [state, read, streams] = await Promise.all([
      runFoldwise(['state', store, 'counter-1', '--decider', domain, '--json']),
      runFoldwise(['read', store, 'counter-1', '--decider', domain]),
      runFoldwise(['streams', store, '--decider', domain]),
    ])
    expect(state.code, state.stderr).toBe(0)
    expect(JSON.parse(state.stdout)).toMatchObject({ version: 1, state: { count: 3 } })
    expect(read.code, read.stderr).toBe(0)
    expect(read.stdout).toMatch(/^#1 @1 \S+ Added v1 \{"by":3\}$/m)
    expect(streams.code, streams.stderr).toBe(0)
    expect(streams.stdout).toMatch(/^counter-1\s+1\s+\S+\s+\S+\s+0$/m)
  })

  it('a module that is not a domain, or missing, or two domains: one line, exit 2', async () => {
    const [incomplete, missing, both, none] = await Promise.all([
      runFoldwise(['state', store, 'counter-1', '--decider', notADomain]),
      runFoldwise(['state', store, 'counter-1', '--decider', join(temp.dir, 'nope.mjs')]),
      runFoldwise(['state', store, 'counter-1', '--decider', domain, '--domain', 'bank']),
      runFoldwise(['handle', store, 'counter-1', '{"type":"Reset"}']),
    ])
    expectOneLine(
      incomplete as CliRun,
      2,
      /is not a foldwise domain module: it does not export decider\.evolve \(a function\), eventCodec/,
    )
    expectOneLine(missing as CliRun, 2, /cannot load the domain module .*nope\.mjs/)
    expectOneLine(both as CliRun, 2, /give --domain or --decider, not both/)
    expectOneLine(none as CliRun, 2, /give the domain: --domain bank\|loot\|cargo, or --decider/)
  })
})

describe('foldwise handle --domain', () => {
  it('runs an example command; a rejection exits 5', async () => {
    const bank = join(temp.dir, 'bank')
    const open = await runFoldwise([
      'handle',
      bank,
      'account-9',
      '--domain',
      'bank',
      '{"type":"OpenAccount","accountId":"account-9","owner":"Ada","initialBalance":100}',
    ])
    expect(open.code, open.stderr).toBe(0)
    expect(open.stdout).toContain('event    #1 AccountOpened')
    const withdraw = await runFoldwise([
      'handle',
      bank,
      'account-9',
      '--domain',
      'bank',
      '{"type":"Withdraw","amount":500}',
    ])
    expectOneLine(withdraw, 5, /^foldwise: Withdraw rejected: InsufficientFunds/)
  })
})
