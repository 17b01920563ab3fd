/**
 * Real concurrency on a real server: separate processes racing on one stream, and a reader
 * tailing the global log while processes append.
 */
import { Effect } from 'effect'
import { describe, expect, it } from 'vitest'
import type { RecordedEvent } from '../../../src/codec/RecordedEvent.js'
import { pgUrl, storeForWriters } from './fixtures.js'
import { finished, startWriter } from './processes.js'

const run = Effect.runPromise

const shared = storeForWriters()

describe('postgres store under racing processes', () => {
  it('4 processes appending 250 events each to one stream with expected versions: versions dense, no duplicates, count equals acknowledgements', async () => {
    const writers = ['a', 'b', 'c', 'd'].map((id) =>
      startWriter(['race', pgUrl(), shared.store.schema, 'contended', '250', id]),
    )
    await Promise.all(writers.map(finished))
    const acknowledged = writers.flatMap((w) =>
      w.lines.filter((l) => l.startsWith('ack ')).map((l) => l.slice(4)),
    )
    expect(writers.map((w) => w.lines.at(-1))).toEqual([
      'done 250',
      'done 250',
      'done 250',
      'done 250',
    ])

    const records = await run(shared.store.readStream('contended'))
    expect(records.map((r) => r.streamVersion)).toEqual(
      Array.from({ length: 1000 }, (_, i) => i + 1),
    )
    expect(new Set(records.map((r) => r.eventId)).size).toBe(1000)
    expect(new Set(records.map((r) => r.eventId))).toEqual(new Set(acknowledged))
    // Each writer's events keep its own order (its n counts its acknowledgements).
    for (const id of ['a', 'b', 'c', 'd']) {
      const mine = records
        .filter((r) => r.eventId.startsWith(`${id}-`))
        .map((r) => (r.data as { n: number }).n)
      expect(mine).toEqual(Array.from({ length: 250 }, (_, i) => i))
    }
  })

  it('a reader tailing readAll while 4 processes append never passes a position that commits later', async () => {
    const start = await run(shared.store.headPosition())
    const writers = ['p', 'q', 'r', 's'].map((id) =>
      startWriter(['many', pgUrl(), shared.store.schema, id, '120']),
    )
    const seen: RecordedEvent[] = []
    let cursor = start
    let done = false
    const all = Promise.all(writers.map(finished)).finally(() => (done = true))
    for (;;) {
      const finishedBefore = done
      const batch = await run(shared.store.readAll({ fromPosition: cursor + 1, limit: 50 }))
      for (const record of batch) seen.push(record)
      cursor = batch.at(-1)?.globalPosition ?? cursor
      if (finishedBefore && batch.length === 0) break
    }
    await all
    const total = 4 * (40 * 1 + 40 * 2 + 40 * 3)
    // What the reader saw, in order, is exactly start+1 .. start+total: it never jumped over a
    // position that was filled in afterwards.
    expect(seen.map((r) => r.globalPosition)).toEqual(
      Array.from({ length: total }, (_, i) => start + i + 1),
    )
    const everything = await run(shared.store.readAll({ fromPosition: start + 1 }))
    expect(everything.map((r) => r.eventId)).toEqual(seen.map((r) => r.eventId))
  })
})
