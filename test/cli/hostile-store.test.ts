/**
 * The CLI on a store holding hostile text (issue 10, finding 13): control sequences in event
 * types and times are printed escaped on every path; a projection that cannot read an event
 * fails with its own code and message, not "store damaged"; a --dir that is a file is one
 * clear line.
 */
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Effect } from 'effect'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openFileStore } from '../../src/adapters/file/index.js'
import { encodeLine, encodeTail } from '../../src/adapters/file/RecordCodec.js'
import { makeTempDir, runFoldwise, stderrLines } from './runFoldwise.js'

const temp = makeTempDir('hostile')
const store = join(temp.dir, 'store')
const evilType = 'Evil\u001b[2J\u009b31m\u202eType'
// Bidi overrides are allowed in stream ids (C0/C1 controls are refused by the store).
const evilStream = 'inventory-\u202eevil'
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/

beforeAll(async () => {
  await Effect.runPromise(
    Effect.acquireUseRelease(
      openFileStore(store),
      (s) =>
        s.append(
          evilStream,
          [
            {
              eventId: 'e-1',
              type: 'Placeholder',
              schemaVersion: 1,
              data: { note: '\u001b]0;pwned\u0007' },
              metadata: {},
            },
            // A loot event the loot projections cannot read (v2 holds an item object).
            {
              eventId: 'e-2',
              type: 'ItemAdded',
              schemaVersion: 2,
              data: { item: '\u001b[2Jsword' },
              metadata: {},
            },
          ],
          { expectedVersion: 0 },
        ),
      (s) => s.close(),
    ),
  )
  // The store refuses control characters in an event type now (issue 10, finding 2), so the
  // hostile type is written the way an older version or a hand edit would have left it: the log
  // is rewritten line by line, checksums included, with the type swapped in.
  const records = await Effect.runPromise(
    Effect.acquireUseRelease(
      openFileStore(store),
      (s) => s.readAll(),
      (s) => s.close(),
    ),
  )
  const lines = records.map((record, i) =>
    encodeLine(
      JSON.stringify(record.streamId),
      record.streamVersion,
      record.globalPosition,
      encodeTail({ ...record, type: i === 0 ? evilType : record.type }),
      i < records.length - 1,
    ),
  )
  writeFileSync(join(store, 'events.jsonl'), lines.join(''))
  rmSync(join(store, 'events.idx'), { force: true })
})

afterAll(() => temp.remove())

describe('hostile text in a store', () => {
  it('read, streams and their --json forms print control characters escaped', async () => {
    const runs = await Promise.all([
      runFoldwise(['read', store, evilStream]),
      runFoldwise(['read', store, evilStream, '--json']),
      runFoldwise(['streams', store]),
      runFoldwise(['streams', store, '--json']),
    ])
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout).not.toMatch(controls)
    }
    const [read, readJson, streams] = runs
    expect(read?.stdout).toContain('Evil\\u001b[2J\\u009b31m\\u202eType')
    expect(streams?.stdout).toContain('inventory-\\u202eevil')
    // The JSON stays JSON with the stored value.
    expect(JSON.parse(readJson?.stdout ?? '')[0]).toMatchObject({
      type: evilType,
      streamId: evilStream,
    })
  })

  it('a projection that cannot read an event fails with exit 6 and its name, escaped', async () => {
    const run = await runFoldwise(['demo', 'loot', '--dir', store])
    expect(run.code).toBe(6)
    const lines = stderrLines(run)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^foldwise: projection loot-most-collected failed: InvalidEventData in inventory-\\u202eevil@2 \(ItemAdded v2\): data.item: /,
    )
    expect(run.stderr).not.toMatch(controls)
  })

  it('demo --dir on a file, or under one, is one line "not a directory" and exit 2', async () => {
    const file = join(store, 'events.jsonl')
    for (const dir of [file, join(file, 'below')]) {
      const run = await runFoldwise(['demo', '--dir', dir])
      expect(run.code).toBe(2)
      expect(stderrLines(run)).toEqual([expect.stringMatching(/^foldwise: not a directory: /)])
    }
  })
})
