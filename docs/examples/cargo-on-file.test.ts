import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, assert, beforeEach, describe, it } from '@effect/vitest'
import { Effect, Layer } from 'effect'
import { TestClock } from 'effect/testing'
import { openFileStore, repairFileStore, verifyFileStore } from '../../src/adapters/file/index.js'
import { IdGenerator, seededIdGenerator } from '../../src/runtime/index.js'
import { onFileStore, readLog, sail } from './cargo-on-file.js'

let dir = ''
const copies: string[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'foldwise-cargo-'))
})
afterEach(() => {
  for (const d of [dir, ...copies.splice(0)]) rmSync(d, { recursive: true, force: true })
})

/** A copy of the store to damage. */
const copyStore = (from: string): string => {
  const to = mkdtempSync(join(tmpdir(), 'foldwise-cargo-copy-'))
  copies.push(to)
  cpSync(from, to, { recursive: true })
  return to
}

/** The log lines shown in docs/persistence.md (its fence of real lines). */
const linesShownInTheDoc = (): ReadonlyArray<string> => {
  const doc = readFileSync(new URL('../persistence.md', import.meta.url), 'utf8')
  const fence = /```text\n(\{"crc32":"[0-9a-f]{8}"[^]*?)```/.exec(doc)
  return (fence?.[1] ?? '').split('\n').filter((l) => l !== '')
}

/** Fresh for each test: the same ids in the same order, whichever tests run. */
/** The problem lines shown in docs/persistence.md, without their directory (`…/`). */
const problemsShownInTheDoc = (): ReadonlyArray<string> =>
  readFileSync(new URL('../persistence.md', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('…/'))
    .map((l) => l.slice(1))

const seededIds = () => Layer.succeed(IdGenerator, seededIdGenerator(2024))

/** The voyage of the walkthrough: two sessions on the same directory. */
const voyage = Effect.gen(function* () {
  // #region voyage
  // Monday, in one process: register the ship, load it in Rotterdam, leave.
  yield* TestClock.setTime(Date.parse('2024-05-06T08:00:00Z'))
  yield* onFileStore(
    dir,
    sail('nautilus', [
      { type: 'RegisterShip', shipId: 'nautilus', name: 'Nautilus' },
      { type: 'Dock', port: 'Rotterdam' },
      { type: 'LoadCargo', cargo: 'tulips', quantity: 120 },
      { type: 'LoadCargo', cargo: 'cheese', quantity: 40 },
      { type: 'Depart' },
    ]),
  )

  // Thursday, the store opened afresh (as another process would): the ship comes back from disk.
  yield* TestClock.setTime(Date.parse('2024-05-09T14:30:00Z'))
  const [, unloaded] = yield* onFileStore(
    dir,
    sail('nautilus', [
      { type: 'Dock', port: 'Lisbon' },
      { type: 'UnloadCargo', cargo: 'tulips', quantity: 80 },
    ]),
  )
  assert.strictEqual(unloaded?.version, 7)
  assert.deepStrictEqual(unloaded?.state.location, { _tag: 'Docked', port: 'Lisbon' })
  assert.deepStrictEqual(
    unloaded?.state.cargo,
    new Map([
      ['tulips', 40],
      ['cheese', 40],
    ]),
  )

  // A rejection is data in the error channel, and nothing is written.
  const refused = yield* Effect.flip(
    onFileStore(dir, sail('nautilus', [{ type: 'UnloadCargo', cargo: 'cheese', quantity: 100 }])),
  )
  assert.deepStrictEqual(refused, {
    _tag: 'Rejected',
    rejection: { _tag: 'NotEnoughCargo', cargo: 'cheese', aboard: 40, requested: 100 },
  })
  // #endregion voyage
})

describe('docs/persistence.md walkthrough', () => {
  it.effect('sails the cargo ship on the file store, across two openings', () =>
    Effect.gen(function* () {
      yield* voyage
      // #region read-log
      const log = readLog(dir)
      assert.strictEqual(log.length, 7)
      assert.deepStrictEqual(
        log.map((line) => (line._tag === 'Record' ? line.record.type : 'damaged')),
        [
          'ShipRegistered',
          'ShipDocked',
          'CargoLoaded',
          'CargoLoaded',
          'ShipDeparted',
          'ShipDocked',
          'CargoUnloaded',
        ],
      )
      // #endregion read-log
      const lines = readFileSync(join(dir, 'events.jsonl'), 'utf8').split('\n')
      const shown = linesShownInTheDoc()
      assert.isAbove(shown.length, 0, 'docs/persistence.md shows real log lines')
      assert.deepStrictEqual(shown, lines.slice(0, shown.length))
    }).pipe(Effect.provide(seededIds())),
  )

  it.effect('verifies the store, and finds a torn tail and a damaged record in copies', () =>
    Effect.gen(function* () {
      yield* voyage
      // #region verify
      const report = yield* verifyFileStore(dir)
      assert.strictEqual(report.ok, true)
      assert.strictEqual(report.records, 7)
      assert.strictEqual(report.streams, 1)
      assert.strictEqual(report.snapshots, 1) // the ship's snapshot at version 5
      assert.deepStrictEqual(report.problems, [])
      // #endregion verify

      const logPath = (d: string): string => join(d, 'events.jsonl')
      const lines = readFileSync(logPath(dir), 'utf8').split('\n')
      const offsetOfLine = (n: number): number =>
        lines.slice(0, n).reduce((sum, l) => sum + Buffer.byteLength(l) + 1, 0)

      // #region damage
      // A crash in the middle of a write leaves a torn tail: part of a line, never acknowledged.
      const torn = copyStore(dir)
      appendFileSync(logPath(torn), '{"crc32":"0badf00d","event":{"streamId":"ship-nau')
      const tornReport = yield* verifyFileStore(torn)
      assert.strictEqual(tornReport.ok, false)
      assert.strictEqual(tornReport.tornTail?.offset, report.logBytes)
      assert.strictEqual(tornReport.tornTail?.reason, 'incomplete line (no newline)')

      // A changed byte inside the log is a damaged record, reported with its byte offset.
      const damaged = copyStore(dir)
      writeFileSync(
        logPath(damaged),
        readFileSync(logPath(dir), 'utf8').replace('tulips', 'tulipz'),
      )
      const damagedReport = yield* verifyFileStore(damaged)
      assert.strictEqual(damagedReport.ok, false)
      assert.deepStrictEqual(
        damagedReport.damaged.map(({ offset, reason }) => ({ offset, reason })),
        [{ offset: 549, reason: 'checksum mismatch (stored 3d7b58e4, computed e37d8417)' }],
      )
      // #endregion damage
      assert.strictEqual(offsetOfLine(2), 549) // the third line
      const problems = [...tornReport.problems, ...damagedReport.problems]
      const problemsShown = problemsShownInTheDoc()
      assert.strictEqual(problemsShown.length, 2, 'docs/persistence.md shows both problems')
      for (const shown of problemsShown)
        assert.ok(
          problems.some((p) => p.endsWith(shown)),
          `shown in the doc but not reported: ${shown}`,
        )

      // Opening cuts the torn tail (never acknowledged) and keeps every record.
      const reopened = yield* onFileStore(
        torn,
        Effect.succeed('opened'), // the store is opened and closed
      )
      assert.strictEqual(reopened, 'opened')
      assert.strictEqual((yield* verifyFileStore(torn)).ok, true)
      // Opening refuses the damaged store, and writes nothing.
      const refused = yield* Effect.flip(openFileStore(damaged))
      assert.strictEqual(refused._tag, 'CorruptStore')
      // Repair moves the damaged record aside into quarantine/, never deleting it.
      const repaired = yield* repairFileStore(damaged, { dryRun: false })
      assert.strictEqual(repaired.records, 6)
      assert.strictEqual((yield* verifyFileStore(damaged)).ok, true)
    }).pipe(Effect.provide(seededIds())),
  )
})
