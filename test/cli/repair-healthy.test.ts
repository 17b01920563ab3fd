/**
 * `foldwise repair` on a healthy store says so in plain English, in process (the same `runCli`
 * main.ts runs): "the log's 1 record is intact", not "1 record are intact".
 */
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

const repairDryRun = async (dir: string) => {
  const out: Array<string> = []
  vi.spyOn(console, 'log').mockImplementation((line: string) => {
    out.push(line)
  })
  const code = await runCli(foldwiseCommand, ['repair', dir, '--dry-run'], foldwiseVersion)
  vi.restoreAllMocks()
  return { code, stdout: out.join('\n') }
}

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
