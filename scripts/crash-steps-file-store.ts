/**
 * The long crash-step loop of the file store: `npx tsx scripts/crash-steps-file-store.ts [runs=20]`.
 * For every fault point (`src/adapters/file/FaultPoints.ts`), `runs` times over a store of a
 * random size with random multi-event appends, a child is killed (SIGKILL) at that step of its
 * operation; what is left must open, or be named by `verify` and mended by `repair`, with every
 * event that must survive there. Prints one line per fault point; exits non-zero on the first
 * loss. (`test/adapters/file/crashSteps.test.ts` does one run per point in the test suite.)
 */
import { spawnSync } from 'node:child_process'
import {
  appendFileSync,
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Effect } from 'effect'
import { openFileStore, repairFileStore, verifyFileStore } from '../src/adapters/file/index.js'
import { faultPoints } from '../src/adapters/file/FaultPoints.js'
import { bundleFixture } from '../test/adapters/file/fixtures/children.js'

const runs = Number(process.argv[2] ?? 20)
const run = Effect.runPromise
const bundle = await bundleFixture('operator')
const nodeModules = resolve('node_modules')
let seed = 7
const random = (below: number): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed % below
}

/** A store of 1-3 events per append over a few streams; returns it and its event ids. */
const seeded = async (): Promise<{ readonly dir: string; readonly ids: string[] }> => {
  const dir = mkdtempSync(join(tmpdir(), 'foldwise-crash-steps-'))
  const store = await run(openFileStore(dir))
  const ids: string[] = []
  const appends = 3 + random(40)
  for (let a = 0; a < appends; a++) {
    const events = Array.from({ length: 1 + random(3) }, () => {
      const eventId = `e${ids.length + 1}`
      ids.push(eventId)
      return {
        eventId,
        type: 'Happened',
        schemaVersion: 1,
        data: { pad: 'x'.repeat(random(300)) },
        metadata: {},
      }
    })
    await run(store.append(`s-${a === 0 ? 1 : random(4)}`, events, { expectedVersion: 'any' }))
  }
  await run(store.close())
  return { dir, ids }
}
const logOf = (dir: string) => join(dir, 'events.jsonl')
/** Damages one whole append's first line; returns the ids that then cannot survive. */
const damageOne = (dir: string): ReadonlyArray<string> => {
  const bytes = readFileSync(logOf(dir))
  const lines = bytes
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
  const at = random(lines.length)
  let start = 0
  for (let i = 0; i < at; i++) start = bytes.indexOf(10, start) + 1
  const fd = openSync(logOf(dir), 'r+')
  writeSync(fd, Buffer.from([(bytes[start + 10] as number) ^ 0x01]), 0, 1, start + 10)
  closeSync(fd)
  return [(JSON.parse(lines[at] as string) as { event: { eventId: string } }).event.eventId]
}
const tear = (dir: string) => appendFileSync(logOf(dir), '{"crc32":"00000000","event":{"str')

const plan: ReadonlyArray<readonly [string, string, (dir: string) => ReadonlyArray<string>]> = [
  ...(['index', 'snapshot', 'checkpoint'] as const).flatMap((kind) =>
    faultPoints.atomic.map(
      (step) =>
        [
          `${kind}:${step}`,
          kind === 'index' ? 'open' : kind,
          (dir: string) => {
            if (kind === 'index') rmSync(join(dir, 'events.idx'))
            return []
          },
        ] as const,
    ),
  ),
  ...faultPoints.cutTail.map(
    (s) => [`cut-tail:${s}`, 'open', (d: string) => (tear(d), [])] as const,
  ),
  ...faultPoints.cleanup.map(
    (s) =>
      [
        `cleanup:${s}`,
        'open',
        (d: string) => {
          writeFileSync(join(d, '.events.idx.9.1.tmp'), '')
          writeFileSync(join(d, '.events.idx.9.2.tmp'), '')
          return []
        },
      ] as const,
  ),
  ...faultPoints.repairTail.map(
    (s) => [`repair-tail:${s}`, 'repair', (d: string) => (tear(d), [])] as const,
  ),
  ...faultPoints.repairRewrite.map((s) => [`repair-rewrite:${s}`, 'repair', damageOne] as const),
]

let failed = false
for (const [point, operation, setUp] of plan) {
  const outcomes = { opened: 0, mended: 0 }
  const started = Date.now()
  for (let r = 0; r < runs; r++) {
    const { dir, ids } = await seeded()
    const lost = new Set(setUp(dir))
    const child = spawnSync(process.execPath, [bundle, operation, dir], {
      env: { ...process.env, NODE_PATH: nodeModules, FOLDWISE_FAULT_POINT: point },
      encoding: 'utf8',
    })
    const fail = (why: string) => {
      console.error(`FAILED ${point} run ${r}: ${why}; store kept in ${dir}`)
      failed = true
    }
    if (child.signal !== 'SIGKILL') {
      fail(`not killed (${child.stderr})`)
      break
    }
    const left = await run(verifyFileStore(dir))
    if (left.ok) outcomes.opened++
    else {
      await run(repairFileStore(dir, { dryRun: false }))
      if (!(await run(verifyFileStore(dir))).ok) {
        fail('repair did not mend it')
        break
      }
      outcomes.mended++
    }
    const store = await run(openFileStore(dir))
    const found = (await run(store.readAll())).map((record) => record.eventId)
    await run(store.close())
    const expected = ids.filter((id) => !lost.has(id))
    if (JSON.stringify(found) !== JSON.stringify(expected)) {
      fail(`events differ: ${found.length} found, ${expected.length} expected`)
      break
    }
    rmSync(dir, { recursive: true, force: true })
  }
  console.log(
    `${point.padEnd(36)} ${runs} kills: ${outcomes.opened} opened as left, ${outcomes.mended} named by verify and mended by repair, 0 events lost (${Date.now() - started} ms)`,
  )
  if (failed) process.exit(1)
}
rmSync(join(bundle, '..'), { recursive: true, force: true })
