/**
 * Writers of several processes on one file store, for the lock's fairness and hand-off cost:
 * `npx tsx scripts/lock-contention.ts [processes=2] [seconds=3] [lanes=4] [batch=1]`. Each child
 * opens the store and appends `batch` events at a time from `lanes` concurrent loops until the time is up; the
 * script prints each process's appends, the total rate, and checks the store afterwards.
 * A child started with `child DIR NAME SECONDS LANES BATCH` is one writer.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Effect } from 'effect'
import { openFileStore, verifyFileStore } from '../src/adapters/file/index.js'

const [mode = 'parent', ...args] = process.argv.slice(2)

if (mode === 'child') {
  const [dir = '.', name = 'w', seconds = '3', lanes = '4', batch = '1'] = args
  const store = await Effect.runPromise(openFileStore(dir))
  // Every child starts when the parent says so, so none gets a head start.
  await new Promise((resolve) => process.stdin.once('data', resolve))
  const end = Date.now() + Number(seconds) * 1000
  let appends = 0
  const lane = async (l: number): Promise<void> => {
    while (Date.now() < end) {
      const n = appends++
      const events = Array.from({ length: Number(batch) }, (_, e) => ({
        eventId: `${name}-${l}-${n}-${e}`,
        type: 'Happened',
        schemaVersion: 1,
        data: { text: 'x'.repeat(100) },
        metadata: {},
      }))
      await Effect.runPromise(store.append(`${name}-${l}`, events, { expectedVersion: 'any' }))
    }
  }
  await Promise.all(Array.from({ length: Number(lanes) }, (_, l) => lane(l)))
  await Effect.runPromise(store.close())
  process.stdout.write(`${appends}\n`)
  process.exit(0)
}

const processes = Number(mode === 'parent' ? 2 : mode)
const seconds = Number(args[0] ?? 3)
const lanes = Number(args[1] ?? 4)
const batch = Number(args[2] ?? 1)
const dir = mkdtempSync(join(tmpdir(), 'foldwise-contention-'))
await Effect.runPromise(Effect.flatMap(openFileStore(dir), (store) => store.close()))
const self = fileURLToPath(import.meta.url)
const children = Array.from({ length: processes }, (_, p) =>
  spawn(
    process.execPath,
    ['--import', 'tsx', self, 'child', dir, `p${p}`, String(seconds), String(lanes), String(batch)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  ),
)
// Let every child open the store before any starts appending.
await new Promise((resolve) => setTimeout(resolve, 4000))
for (const child of children) child.stdin.write('go\n')
const counts = await Promise.all(
  children.map(
    (child) =>
      new Promise<number>((resolve) => {
        let out = ''
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
        child.on('exit', () => resolve(Number(out.trim())))
      }),
  ),
)
const total = counts.reduce((a, b) => a + b, 0)
const report = await Effect.runPromise(verifyFileStore(dir))
console.log(
  `${processes} processes x ${lanes} lanes, ${batch} events per append, ${seconds} s: appends per process ${counts.join(', ')}; ` +
    `${Math.round(total / seconds)} appends/s in all; min/max ${(Math.min(...counts) / Math.max(...counts)).toFixed(2)}; store ${report.ok ? 'ok' : 'NOT ok'} (${report.records} records)`,
)
rmSync(dir, { recursive: true, force: true })
if (!report.ok || report.records !== total * batch) process.exit(1)
