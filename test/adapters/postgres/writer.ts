/**
 * A writer process for the PostgreSQL concurrency and fault tests. Prints one line per
 * acknowledged write, so the parent knows exactly what was acknowledged.
 *
 *   race <url> <schema> <stream> <count> <id>   appends <count> events one by one with exact
 *                                               expected versions, retrying refusals
 *   many <url> <schema> <id> <count>            appends <count> small batches to many streams
 *   batches <url> <schema> <id> <size>          appends batches of <size> events until killed
 *   hold <url> <schema> <id>                    writes read-model rows in a transaction, says
 *                                               "mid" and waits to be killed before committing
 */
import { Effect } from 'effect'
import type { EventToAppend } from '../../../src/codec/RecordedEvent.js'
import { openPostgresStore } from '../../../src/adapters/postgres/index.js'

const [mode = '', url = '', schema = '', ...rest] = process.argv.slice(2)
const say = (line: string): void => void process.stdout.write(line + '\n')

const event = (eventId: string, n: number, padding = ''): EventToAppend => ({
  eventId,
  type: 'Written',
  schemaVersion: 1,
  data: { n, padding },
  metadata: { writer: String(process.pid) },
})

const store = await Effect.runPromise(
  openPostgresStore({ connectionString: url, schema, migrate: false, maxConnections: 2 }),
)

if (mode === 'race') {
  const [stream = 's', countText = '0', id = 'w'] = rest
  let acks = 0
  let attempt = 0
  while (acks < Number(countText)) {
    const version = await Effect.runPromise(store.streamVersion(stream))
    const result = await Effect.runPromise(
      Effect.result(
        store.append(stream, [event(`${id}-${attempt++}`, acks)], { expectedVersion: version }),
      ),
    )
    if (result._tag === 'Success') {
      acks++
      say(`ack ${result.success.records[0]?.eventId}`)
    } else if (result.failure._tag !== 'WrongExpectedVersion') {
      throw new Error(JSON.stringify(result.failure))
    }
  }
  say(`done ${acks}`)
} else if (mode === 'many') {
  const [id = 'w', countText = '0'] = rest
  for (let i = 0; i < Number(countText); i++) {
    const size = 1 + (i % 3)
    const events = Array.from({ length: size }, (_, j) => event(`${id}-${i}-${j}`, j))
    await Effect.runPromise(
      store.append(`${id}-stream-${i % 17}`, events, { expectedVersion: 'any' }),
    )
    say(`ack ${i}`)
  }
  say('done')
} else if (mode === 'batches') {
  const [id = 'w', sizeText = '100'] = rest
  const padding = 'x'.repeat(2_000)
  for (let n = 0; ; n++) {
    const events = Array.from({ length: Number(sizeText) }, (_, j) =>
      event(`${id}-${n}-${j}`, j, padding),
    )
    await Effect.runPromise(
      store.append(`${id}-batch-${n}`, events, { expectedVersion: 'no_stream' }),
    )
    say(`ack ${id}-batch-${n}`)
  }
} else if (mode === 'hold') {
  const [id = 'w'] = rest
  await Effect.runPromise(
    store.runInTransaction((tx) =>
      Effect.gen(function* () {
        for (let i = 0; i < 10; i++) yield* tx.putReadModel('held', `${id}-${i}`, { i })
        yield* tx.saveCheckpoint({ name: 'held', position: 10, readModel: null })
        const pid = yield* tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
        say(`mid ${pid.rows[0]?.pid}`)
        yield* Effect.never
      }),
    ),
  )
} else {
  throw new Error(`unknown mode ${mode}`)
}
await Effect.runPromise(store.close())
