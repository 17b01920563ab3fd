/**
 * How the CLI shows things: commands, events, rejections, records, tables. Pure functions from
 * data to lines; the commands print them.
 *
 * @since 0.1.0
 */
import type { EncodedEvent } from '../codec/EventCodec.js'
import type { Json, RecordedEvent } from '../codec/RecordedEvent.js'

// -------------------------------------------------------------------------------------
// values
// -------------------------------------------------------------------------------------

/**
 * A tagged value in one line: its tag, then its other fields as compact JSON
 * (`{"type":"Deposit","amount":500}` shows as `Deposit {"amount":500}`).
 *
 * @example
 * import { describeTagged } from './src/cli/Format.js'
 * assert.strictEqual(describeTagged('type', { type: 'Deposit', amount: 500 }), 'Deposit {"amount":500}')
 *
 * @category values
 * @since 0.1.0
 */
export const describeTagged = (tag: string, value: object): string => {
  const fields = Object.entries(value)
  const name = String(fields.find(([key]) => key === tag)?.[1] ?? '?')
  const rest = fields.filter(([key]) => key !== tag)
  return rest.length === 0 ? name : `${name} ${JSON.stringify(Object.fromEntries(rest))}`
}

/**
 * A JSON value in one line.
 *
 * @category values
 * @since 0.1.0
 */
export const compactJson = (value: Json | undefined): string =>
  value === undefined ? 'undefined' : JSON.stringify(value)

/**
 * "1 event", "2 events".
 *
 * @category values
 * @since 0.1.0
 */
export const plural = (count: number, word: string): string =>
  `${count} ${word}${count === 1 ? '' : 's'}`

/**
 * A JSON object as one line per field (`name  value`, values compact); anything else as one
 * line.
 *
 * @example
 * import { describeFields } from './src/cli/Format.js'
 * assert.deepStrictEqual(describeFields({ status: 'open', balance: 1300 }), ['status   "open"', 'balance  1300'])
 *
 * @category values
 * @since 0.1.0
 */
export const describeFields = (value: Json): ReadonlyArray<string> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [JSON.stringify(value)]
  const entries = Object.entries(value as { readonly [key: string]: Json })
  const width = Math.max(0, ...entries.map(([key]) => key.length))
  return entries.map(([key, field]) => `${key.padEnd(width)}  ${JSON.stringify(field)}`)
}

// -------------------------------------------------------------------------------------
// records
// -------------------------------------------------------------------------------------

/**
 * A stored record in one line: stream version, global position, time, type and data.
 *
 * @category records
 * @since 0.1.0
 */
export const describeRecord = (record: RecordedEvent): string =>
  `#${record.streamVersion} @${record.globalPosition} ${record.metadata.recordedAt} ` +
  `${record.type} v${record.schemaVersion} ${JSON.stringify(record.data)}`

/**
 * A stored record and its event as the domain decodes it (upcast to the current version):
 * `#3 @3 <time> MoneyDeposited v1→v2 {"amount":5,"currency":"EUR"}`.
 *
 * @category records
 * @since 0.1.0
 */
export const describeDecodedRecord = (record: RecordedEvent, event: EncodedEvent): string =>
  `#${record.streamVersion} @${record.globalPosition} ${record.metadata.recordedAt} ` +
  `${event.type} v${record.schemaVersion === event.schemaVersion ? event.schemaVersion : `${record.schemaVersion}→v${event.schemaVersion}`} ${JSON.stringify(event.data)}`

/**
 * A stored record as plain JSON (for `--json`), fields in a fixed order.
 *
 * @category records
 * @since 0.1.0
 */
export const recordToJson = (record: RecordedEvent): Json => ({
  streamId: record.streamId,
  streamVersion: record.streamVersion,
  globalPosition: record.globalPosition,
  eventId: record.eventId,
  type: record.type,
  schemaVersion: record.schemaVersion,
  data: record.data,
  metadata: record.metadata as unknown as Json,
})

// -------------------------------------------------------------------------------------
// tables
// -------------------------------------------------------------------------------------

/**
 * Rows of cells as left-aligned columns two spaces apart (the header first).
 *
 * @example
 * import { table } from './src/cli/Format.js'
 * assert.deepStrictEqual(table([['a', 'bb'], ['ccc', 'd']]), ['a    bb', 'ccc  d'])
 *
 * @category tables
 * @since 0.1.0
 */
export const table = (rows: ReadonlyArray<ReadonlyArray<string>>): ReadonlyArray<string> => {
  const widths: Array<number> = []
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length)
    })
  return rows.map((row) =>
    row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '),
  )
}
