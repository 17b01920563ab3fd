/**
 * Every multi-step operation of the file store is crash-safe at every step: a child process is
 * killed (SIGKILL, armed by `FOLDWISE_FAULT_POINT`) at each named step of the index save, the
 * snapshot and checkpoint saves, cutting a torn tail, removing temporary files and both kinds
 * of repair; what it leaves either opens, or `verify` names it and `repair` mends it, and no
 * event is lost. Temporary files are unique per attempt even when every start has the same PID.
 */
import { spawn, spawnSync } from 'node:child_process'
import {
  appendFileSync,
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Effect } from 'effect'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  openFileStore,
  repairFileStore,
  verifyFileStore,
} from '../../../src/adapters/file/index.js'
import { faultPoints } from '../../../src/adapters/file/FaultPoints.js'
import { bundleFixture } from './fixtures/children.js'
import { freshDirs } from './fixtures/dirs.js'
import { event } from './fixtures/events.js'

const freshDir = freshDirs('crash-steps')
const run = Effect.runPromise
const nodeModules = resolve(dirname(fileURLToPath(import.meta.url)), '../../../node_modules')
let bundle = ''
beforeAll(async () => {
  bundle = await bundleFixture('operator')
})

const seeded = async (count: number): Promise<string> => {
  const dir = freshDir()
  const store = await run(openFileStore(dir))
  for (let n = 1; n <= count; n++)
    await run(store.append(`s-${n % 3}`, [event(n)], { expectedVersion: 'any' }))
  await run(store.close())
  return dir
}
const logOf = (dir: string): string => join(dir, 'events.jsonl')
const tornTail = (dir: string): void =>
  appendFileSync(logOf(dir), '{"crc32":"00000000","event":{"streamId":"s-1","stre')
/** Damages the record of global position `position` in place (its checksum's first digit). */
const damage = (dir: string, position: number): void => {
  const bytes = readFileSync(logOf(dir))
  let start = 0
  for (let p = 1; p < position; p++) start = bytes.indexOf(10, start) + 1
  const fd = openSync(logOf(dir), 'r+')
  writeSync(fd, Buffer.from([(bytes[start + 10] as number) ^ 0x01]), 0, 1, start + 10)
  closeSync(fd)
}
const ids = async (dir: string): Promise<string[]> => {
  const store = await run(openFileStore(dir))
  const all = (await run(store.readAll())).map((r) => r.eventId)
  await run(store.close())
  return all
}
/** Runs the operator child to its end (or its death): its signal and output. */
const runOperator = (
  operation: string,
  dir: string,
  point: string | undefined,
): Promise<{
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}> =>
  new Promise((resolveRun) => {
    const child = spawn(process.execPath, [bundle, operation, dir], {
      env: {
        ...process.env,
        NODE_PATH: nodeModules,
        ...(point === undefined ? {} : { FOLDWISE_FAULT_POINT: point }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', (_code, signal) => resolveRun({ signal, stdout, stderr }))
  })

interface Case {
  readonly operation: 'open' | 'snapshot' | 'checkpoint' | 'repair'
  readonly point: string
  /** Makes the store the operation works on; returns the event ids that must survive. */
  readonly setUp: (dir: string) => ReadonlyArray<string>
}
const all6 = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6']
const cases: ReadonlyArray<Case> = [
  ...faultPoints.atomic.map((step): Case => ({
    operation: 'open',
    point: `index:${step}`,
    setUp: (dir) => {
      rmSync(join(dir, 'events.idx'))
      return all6
    },
  })),
  ...(['snapshot', 'checkpoint'] as const).flatMap((kind) =>
    faultPoints.atomic.map((step): Case => ({
      operation: kind,
      point: `${kind}:${step}`,
      setUp: () => all6,
    })),
  ),
  ...faultPoints.cutTail.map((step): Case => ({
    operation: 'open',
    point: `cut-tail:${step}`,
    setUp: (dir) => {
      tornTail(dir)
      return all6
    },
  })),
  ...faultPoints.cleanup.map((step): Case => ({
    operation: 'open',
    point: `cleanup:${step}`,
    setUp: (dir) => {
      writeFileSync(join(dir, '.events.idx.7.1.tmp'), 'left by a dead writer')
      writeFileSync(join(dir, '.events.idx.7.2.tmp'), 'left by a dead writer')
      return all6
    },
  })),
  ...faultPoints.repairTail.map((step): Case => ({
    operation: 'repair',
    point: `repair-tail:${step}`,
    setUp: (dir) => {
      tornTail(dir)
      return all6
    },
  })),
  ...faultPoints.repairRewrite.map((step): Case => ({
    operation: 'repair',
    point: `repair-rewrite:${step}`,
    setUp: (dir) => {
      damage(dir, 3)
      return all6.filter((id) => id !== 'e3')
    },
  })),
]

describe('a kill -9 at every step of every multi-step operation', () => {
  it('covers every fault point', () => {
    const named = new Set(cases.map((c) => c.point))
    const all = [
      ...['index', 'snapshot', 'checkpoint'].flatMap((k) =>
        faultPoints.atomic.map((s) => `${k}:${s}`),
      ),
      ...faultPoints.cutTail.map((s) => `cut-tail:${s}`),
      ...faultPoints.cleanup.map((s) => `cleanup:${s}`),
      ...faultPoints.repairTail.map((s) => `repair-tail:${s}`),
      ...faultPoints.repairRewrite.map((s) => `repair-rewrite:${s}`),
    ]
    expect([...named].sort()).toEqual(all.sort())
  })

  // Concurrent: each case waits mostly on its child process and on fdatasync.
  it.concurrent.each(cases)(
    '$point: what is left opens, or verify names it and repair mends it; no event is lost',
    async ({ operation, point, setUp }) => {
      const dir = await seeded(6)
      const survivors = setUp(dir)
      const child = await runOperator(operation, dir, point)
      expect(child.signal, `${point}: ${child.stderr}`).toBe('SIGKILL')
      expect(child.stdout).not.toContain('done')
      const left = await run(verifyFileStore(dir))
      if (!left.ok) {
        expect(left.problems.length).toBeGreaterThan(0)
        const repaired = await run(repairFileStore(dir, { dryRun: false }))
        expect(repaired.actions.length, `${point}: repair did nothing`).toBeGreaterThan(0)
        expect((await run(verifyFileStore(dir))).problems).toEqual([])
      }
      expect(await ids(dir)).toEqual(survivors)
      // A writer's open removed every dead writer's temporary file.
      const after = await run(verifyFileStore(dir))
      expect(after.ok).toBe(true)
      expect(after.warnings).toEqual([])
      expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
    },
  )
})

describe('temporary files', () => {
  it('a leftover is a warning for verify (still ok), removed by repair', async () => {
    const dir = await seeded(2)
    const child = await runOperator('snapshot', dir, 'snapshot:after-temp-sync')
    expect(child.signal).toBe('SIGKILL')
    const report = await run(verifyFileStore(dir))
    expect(report.ok).toBe(true)
    expect(report.warnings).toHaveLength(1)
    expect(report.warnings[0]).toMatch(/snapshots\/\..*\.tmp: a temporary file left/)
    const repaired = await run(repairFileStore(dir, { dryRun: false }))
    expect(repaired.actions).toEqual([expect.stringMatching(/^remove the temporary file /)])
    expect((await run(verifyFileStore(dir))).warnings).toEqual([])
  })

  it('a kill during the index save on open never blocks a later start with the same PID', async () => {
    const dir = await seeded(3)
    // Every start in a fresh PID namespace gives node the same PID, as a container does; the
    // file an older version left there, named by PID and counter, is planted too.
    writeFileSync(join(dir, '.events.idx.2.1.tmp'), '')
    const start = (point: string) => {
      rmSync(join(dir, 'events.idx'), { force: true })
      const env = point === '' ? '' : `FOLDWISE_FAULT_POINT=${point} `
      return spawnSync(
        'unshare',
        [
          '--pid',
          '--fork',
          '--mount-proc',
          'sh',
          '-c',
          `${env}NODE_PATH=${nodeModules} "${process.execPath}" "${bundle}" open "${dir}"; echo "exit $?"`,
        ],
        { encoding: 'utf8' },
      )
    }
    expect(start('index:after-temp-create').stdout).toContain('exit 137')
    for (let i = 0; i < 2; i++) {
      const started = start('')
      expect(started.stdout, started.stderr).toContain('done')
    }
    expect(existsSync(join(dir, 'events.idx'))).toBe(true)
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
    expect(await ids(dir)).toEqual(['e1', 'e2', 'e3'])
  })
})

describe('an index an interrupted repair of an older version left', () => {
  it('is named by verify and deleted by repair (the store opened refused before)', async () => {
    const dir = await seeded(6)
    const index6 = readFileSync(join(dir, 'events.idx'))
    damage(dir, 3)
    await run(repairFileStore(dir, { dryRun: false }))
    // The old repair renamed the new log in, then died before deleting the index.
    writeFileSync(join(dir, 'events.idx'), index6)
    const refused = await run(Effect.result(openFileStore(dir)))
    expect(refused._tag).toBe('Failure')
    const report = await run(verifyFileStore(dir))
    expect(report.ok).toBe(false)
    expect(report.problems).toEqual([expect.stringMatching(/events\.idx: .*opening refuses/)])
    const repaired = await run(repairFileStore(dir, { dryRun: false }))
    expect(repaired.actions).toEqual([expect.stringMatching(/^delete the index /)])
    expect(await ids(dir)).toEqual(['e1', 'e2', 'e4', 'e5', 'e6'])
  })
})
