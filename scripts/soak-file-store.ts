/**
 * The long kill -9 soak of the file store: `npx tsx scripts/soak-file-store.ts [kills=500]`.
 * A child appends in a loop (4 concurrent appenders, some 400-event batches) and prints every
 * acknowledged append; it is killed at a random moment, the store reopened, every acknowledged
 * event checked byte for byte, and the whole store verified (a fresh store every 50 kills). Exits non-zero on the first loss.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Effect } from 'effect'
import { openFileStore, verifyFileStore } from '../src/adapters/file/index.js'
import type { RecordedEvent } from '../src/codec/RecordedEvent.js'
import { bundleAppender, startAppender } from '../test/adapters/file/fixtures/children.js'

const kills = Number(process.argv[2] ?? 500)
let dir = mkdtempSync(join(tmpdir(), 'foldwise-soak-'))
const bundle = await bundleAppender()
let acked: RecordedEvent[] = []
let total = 0
let tornTails = 0
const fail = (message: string): never => {
  console.error(`FAILED: ${message}\nstore kept in ${dir}`)
  process.exit(1)
}
for (let round = 0; round < kills; round++) {
  // A fresh store every 50 kills keeps each check (all acknowledged events so far) bounded.
  if (round > 0 && round % 50 === 0) {
    rmSync(dir, { recursive: true, force: true })
    dir = mkdtempSync(join(tmpdir(), 'foldwise-soak-'))
    total += acked.length
    acked = []
  }
  const appender = startAppender(bundle, ['kill', dir, `r${round}`])
  await appender.ready
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 200))
  appender.child.kill('SIGKILL')
  await appender.exited
  acked.push(...appender.acks)
  const store = await Effect.runPromise(openFileStore(dir))
  const all = await Effect.runPromise(store.readAll())
  tornTails += store.recovery().tornTails.length
  await Effect.runPromise(store.close())
  for (const record of acked)
    if (JSON.stringify(all[record.globalPosition - 1]) !== JSON.stringify(record))
      fail(
        `round ${round}: acknowledged event at position ${record.globalPosition} missing or different`,
      )
  const report = await Effect.runPromise(verifyFileStore(dir))
  if (!report.ok) fail(`round ${round}: ${report.problems.join('; ')}`)
  if ((round + 1) % 25 === 0)
    console.log(
      `${round + 1} kills: ${total + acked.length} acknowledged events intact, ${tornTails} torn tails cut`,
    )
}
console.log(
  `soak passed: ${kills} kills, ${total + acked.length} acknowledged events intact, ${tornTails} torn tails cut`,
)
rmSync(dir, { recursive: true, force: true })
rmSync(join(bundle, '..'), { recursive: true, force: true })
