/**
 * `foldwise repair`, in process (the same `runCli` main.ts runs): on a healthy store it says so in
 * plain English ("the log's 1 record is intact", not "1 record are intact"); after a repair its
 * hint to verify, like verify's hint to repair, is a command that runs where the user is (in a
 * clone, through `npm run foldwise --`).
 */
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { Effect } from 'effect'
import { afterAll, afterEach, expect, it, vi } from 'vitest'
import { openFileStore } from '../../src/adapters/file/index.js'
import { foldwiseCommand, foldwiseVersion } from '../../src/cli/Foldwise.js'
import { runCli } from '../../src/cli/Run.js'
import { makeTempDir } from './runFoldwise.js'

const temp = makeTempDir('repair-healthy')
afterAll(() => temp.remove())
afterEach(() => {
  vi.restoreAllMocks()
})

/** A file store in `dir` holding `count` events in one stream. */
const storeWith = (dir: string, count: number): Promise<void> =>
  Effect.runPromise(
    Effect.acquireUseRelease(
      openFileStore(dir),
      (store) =>
        store.append(
          'tally-1',
          Array.from({ length: count }, (_, i) => ({
            eventId: `e${i}`,
            type: 'Added',
            schemaVersion: 1,
            data: { amount: i },
            metadata: {},
          })),
          { expectedVersion: 'no_stream' },
        ),
      (store) => store.close(),
    ),
  ).then(() => undefined)

const runCaptured = async (args: ReadonlyArray<string>) => {
  const out: Array<string> = []
  vi.spyOn(console, 'log').mockImplementation((line: string) => {
    out.push(line)
  })
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk).replace(/\n$/, ''))
    return true
  })
  const code = await runCli(foldwiseCommand, args, foldwiseVersion)
  vi.restoreAllMocks()
  return { code, stdout: out.join('\n') }
}

const repairDryRun = (dir: string) => runCaptured(['repair', dir, '--dry-run'])

it('a healthy store: nothing to repair, exit 0, the count agreeing with its verb', async () => {
  const one = join(temp.dir, 'one')
  await storeWith(one, 1)
  expect(await repairDryRun(one)).toEqual({
    code: 0,
    stdout: `nothing to repair in ${one}: the log's 1 record is intact`,
  })
  const two = join(temp.dir, 'two')
  await storeWith(two, 2)
  expect(await repairDryRun(two)).toEqual({
    code: 0,
    stdout: `nothing to repair in ${two}: the log's 2 records are intact`,
  })
})

it('in a clone (run by npm), the hints between verify and repair go through npm run foldwise', async () => {
  const dir = join(temp.dir, 'torn')
  await storeWith(dir, 2)
  appendFileSync(join(dir, 'events.jsonl'), '{"crc32":"00')
  // What npm sets for `npm run foldwise -- ...` in the foldwise package.
  vi.stubEnv('npm_package_name', 'foldwise')
  vi.stubEnv('npm_lifecycle_event', 'foldwise')
  try {
    const verified = await runCaptured(['verify', dir])
    expect(verified.code).toBe(1)
    expect(verified.stdout).toContain(`found; npm run foldwise -- repair ${dir} can fix the log`)
    const repaired = await runCaptured(['repair', dir, '--yes'])
    expect(repaired.code).toBe(0)
    expect(repaired.stdout).toContain(`run npm run foldwise -- verify ${dir} to check the result`)
  } finally {
    vi.unstubAllEnvs()
  }
})
