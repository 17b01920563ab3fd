/**
 * The CLI end to end, as child processes on a store the demo wrote: the demo continues its
 * history, the inspection commands read it, verify and repair handle a damaged copy, and bad
 * input gets one stderr line and a documented exit code.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CliRun } from './runFoldwise.js'
import {
  copyStore,
  flipByteMidLog,
  makeTempDir,
  runFoldwise,
  stderrLines,
  tearLastLine,
} from './runFoldwise.js'

// Several tests spawn CLI processes side by side (about 1.5 s of CPU each): allow for a loaded
// machine (the full suite shares the cores).
vi.setConfig({ testTimeout: 120_000 })

const temp = makeTempDir('e2e')
const store = join(temp.dir, 'store')
let bankRun1: CliRun
let bankRun2: CliRun
let lootRun1: CliRun
let cargoRun1: CliRun

beforeAll(async () => {
  bankRun1 = await runFoldwise(['demo', 'bank', '--dir', store])
  bankRun2 = await runFoldwise(['demo', '--dir', store])
  lootRun1 = await runFoldwise(['demo', 'loot', '--dir', store])
  cargoRun1 = await runFoldwise(['demo', 'cargo', '--dir', store])
}, 60_000)

afterAll(() => temp.remove())

describe('foldwise demo', () => {
  it('runs the bank account on the file store and prints commands, events, rejections and state', () => {
    expect(bankRun1.code, bankRun1.stderr).toBe(0)
    expect(bankRun1.stderr).toBe('')
    expect(bankRun1.stdout).toContain('stream account-1 is new: this is run 1')
    expect(bankRun1.stdout).toContain('> Deposit {"amount":500}')
    expect(bankRun1.stdout).toContain('event    #2 MoneyDeposited {"amount":500,"currency":"EUR"}')
    expect(bankRun1.stdout).toContain(
      'rejected InsufficientFunds {"balance":1300,"requested":5000}',
    )
    expect(bankRun1.stdout).toContain('"balance":1300')
    expect(bankRun1.stdout).toContain('stream account-1 now holds 3 events (run 1 added 3)')
  })

  it('a second run continues the same history from disk', () => {
    expect(bankRun2.code, bankRun2.stderr).toBe(0)
    expect(bankRun2.stdout).toContain(
      'found 3 events in stream account-1 (run 2): continuing from version 3',
    )
    expect(bankRun2.stdout).toContain('rejected AccountAlreadyOpen')
    expect(bankRun2.stdout).toContain('event    #4 MoneyDeposited {"amount":200,"currency":"EUR"}')
    expect(bankRun2.stdout).toContain('stream account-1 now holds 5 events (run 2 added 2)')
  })

  it('the loot demo prints the projections; the cargo demo sails', () => {
    expect(lootRun1.code, lootRun1.stderr).toBe(0)
    expect(lootRun1.stdout).toContain('rejected ItemNotHeld {"name":"shield"}')
    expect(lootRun1.stdout).toContain('most collected  sword ×2, amulet ×1, potion ×1')
    expect(lootRun1.stdout).toMatch(/found sword +at Goblin Cave, Dragon Lair/)
    expect(cargoRun1.code, cargoRun1.stderr).toBe(0)
    expect(cargoRun1.stdout).toContain('rejected AtSea')
    expect(cargoRun1.stdout).toContain('rejected NotEnoughCargo')
    expect(cargoRun1.stdout).toContain('stream ship-1 now holds 8 events (run 1 added 8)')
  })
})

describe('inspecting the store the demo wrote', () => {
  it.concurrent('streams, read and state, as text and JSON', async () => {
    const [streams, streamsJson, read, readJson, state, stateJson] = await Promise.all([
      runFoldwise(['streams', store]),
      runFoldwise(['streams', store, '--json']),
      runFoldwise(['read', store, 'account-1', '--from', '4']),
      runFoldwise(['read', store, 'account-1', '--json', '--at', '2000-01-01T00:00:00Z']),
      runFoldwise(['state', store, 'account-1', '--domain', 'bank']),
      runFoldwise(['state', store, 'ship-1', '--domain', 'cargo', '--json']),
    ])
    for (const run of [streams, streamsJson, read, readJson, state, stateJson])
      expect(run.code, run.stderr).toBe(0)
    expect(streams.stdout).toMatch(/account-1\s+5\s/)
    expect(streams.stdout).toContain('3 streams, 18 events')
    expect(JSON.parse(streamsJson.stdout)).toEqual([
      expect.objectContaining({ streamId: 'account-1', events: 5 }),
      expect.objectContaining({ streamId: 'inventory-hero', events: 5 }),
      expect.objectContaining({ streamId: 'ship-1', events: 8 }),
    ])
    expect(read.stdout).toMatch(/^#4 @4 \S+ MoneyDeposited v2 \{"amount":200,"currency":"EUR"\}$/m)
    expect(read.stdout).toContain('2 events shown of the 5 in stream account-1')
    expect(JSON.parse(readJson.stdout)).toEqual([])
    expect(state.stdout).toContain('account-1 (bank): version 5 of 5')
    expect(state.stdout).toMatch(/balance +1350/)
    expect(JSON.parse(stateJson.stdout)).toMatchObject({
      streamId: 'ship-1',
      domain: 'cargo',
      version: 8,
      state: { registered: true, location: { _tag: 'AtSea' } },
    })
  })

  it.concurrent('state --at an instant before the second run shows the first run', async () => {
    const [record] = JSON.parse(
      (await runFoldwise(['read', store, 'account-1', '--from', '3', '--json'])).stdout,
    ) as ReadonlyArray<{ readonly metadata: { readonly recordedAt: string } }>
    const at = record?.metadata.recordedAt ?? 'missing'
    const run = await runFoldwise(['state', store, 'account-1', '--domain', 'bank', '--at', at])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(`account-1 (bank) at ${at}: version 3 of 5`)
    expect(run.stdout).toMatch(/balance +1300/)
  })
})

describe('verify and repair', () => {
  it.concurrent('verify passes on the store the demo wrote', async () => {
    const run = await runFoldwise(['verify', store])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('18 valid records in 3 streams')
    expect(run.stdout).toContain('ok: no problems found')
    expect(run.stderr).toBe('')
  })

  it.concurrent(
    'a flipped byte: verify exits 1 with the offset; repair quarantines; verify passes',
    async () => {
      const damaged = copyStore(store, join(temp.dir, 'flipped'))
      const flipped = flipByteMidLog(damaged)
      const verify = await runFoldwise(['verify', damaged])
      expect(verify.code).toBe(1)
      const offset = Number(/at byte (\d+): damaged record/.exec(verify.stdout)?.[1])
      expect(offset).toBeLessThanOrEqual(flipped)
      expect(offset).toBeGreaterThan(flipped - 1000)
      expect(verify.stdout).toContain('checksum mismatch')
      expect(stderrLines(verify)).toEqual([expect.stringContaining('1 problem found')])

      const [read, dryRun, unconfirmed] = await Promise.all([
        runFoldwise(['read', damaged, 'account-1']),
        runFoldwise(['repair', damaged, '--dry-run']),
        runFoldwise(['repair', damaged]),
      ])
      expect(read.code).toBe(3)
      expect(stderrLines(read)).toEqual([expect.stringMatching(/^foldwise: store damaged: /)])
      expect(dryRun.code).toBe(1)
      expect(dryRun.stdout).toContain(`move `)
      expect(dryRun.stdout).toContain('dry run: nothing was changed')
      expect(unconfirmed.code).toBe(2)
      expect(stderrLines(unconfirmed)).toEqual([expect.stringContaining('pass --yes')])

      const repair = await runFoldwise(['repair', damaged, '--yes'])
      expect(repair.code, repair.stderr).toBe(0)
      expect(repair.stdout).toMatch(/repaired: moved 1 damaged record to \S+quarantine\S+\.jsonl/)
      const after = await runFoldwise(['verify', damaged])
      expect(after.code, after.stdout).toBe(0)
      expect(after.stdout).toContain('17 valid records')
    },
  )

  it.concurrent('a torn last line: verify reports the torn tail; repair cuts it', async () => {
    const torn = copyStore(store, join(temp.dir, 'torn'))
    const lastLineStart = tearLastLine(torn)
    const verify = await runFoldwise(['verify', torn, '--json'])
    expect(verify.code).toBe(1)
    const report = JSON.parse(verify.stdout) as {
      readonly ok: boolean
      readonly tornTail: { readonly offset: number } | undefined
    }
    expect(report.ok).toBe(false)
    expect(report.tornTail?.offset).toBe(lastLineStart)
    const repair = await runFoldwise(['repair', torn, '--yes'])
    expect(repair.code, repair.stderr).toBe(0)
    expect(repair.stdout).toContain('cut the torn tail')
    const after = await runFoldwise(['verify', torn])
    expect(after.code, after.stdout).toBe(0)
  })
})

describe('bad input: one line on stderr and a documented exit code', () => {
  it.concurrent(
    'missing directory, unknown stream, unknown domain, wrong domain, bad flag',
    async () => {
      const missing = join(temp.dir, 'no-such-dir')
      const cases: ReadonlyArray<readonly [ReadonlyArray<string>, number, RegExp]> = [
        [['streams', missing], 2, /no such directory/],
        [['verify', missing], 2, /no such directory/],
        [['read', store, 'account-404'], 2, /unknown stream "account-404"/],
        [['state', store, 'account-1', '--domain', 'fish'], 2, /Invalid value for flag --domain/],
        [['state', store, 'account-1', '--domain', 'loot'], 2, /loot domain cannot read/],
        [['demo', 'fish'], 2, /Invalid value for argument <domain>/],
        [['read', store, 'account-1', '--at', 'yesterday'], 2, /--at/],
        [['streams', store, '--bogus'], 2, /--bogus/],
        [['frobnicate'], 2, /frobnicate/],
      ]
      const runs = await Promise.all(cases.map(([args]) => runFoldwise(args)))
      runs.forEach((run, i) => {
        const [args, code, message] = cases[i] as (typeof cases)[number]
        expect({ args, code: run.code }).toEqual({ args, code })
        expect(stderrLines(run), args.join(' ')).toEqual([expect.stringMatching(message)])
        expect(run.stderr).not.toMatch(/\n\s+at /)
      })
    },
  )
})
