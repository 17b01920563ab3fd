/**
 * The one rule for "a stream as it was at instant T": **the longest prefix of the stream (in
 * version order) whose events were all recorded at or before T**. An event recorded after T
 * ends the prefix, and so do the events after it, even those whose own `recordedAt` is earlier
 * (two writers with skewed clocks, or a caller-supplied time, can store times out of version
 * order). The rule is monotone in T (a later instant never shows fewer events), needs no
 * rewrite of stored data, and reads the same on stores written before it.
 *
 * `stateAt({ at })` with and without snapshots, `history({ at })`, `foldwise state --at` and
 * `foldwise read --at` all go through this module. A `recordedAt` that is not a valid time
 * counts as after every instant, so it ends the prefix.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What the rule reads of a stored record: its recorded time (ISO-8601).
 *
 * @category model
 * @since 0.1.0
 */
export interface Timed {
  readonly metadata: { readonly recordedAt: string }
}

// -------------------------------------------------------------------------------------
// guards
// -------------------------------------------------------------------------------------

/**
 * Whether a record was recorded at or before the instant `at` (milliseconds since the epoch).
 *
 * @example
 * import { isRecordedBy } from './src/runtime/TimeRule.js'
 * const record = { metadata: { recordedAt: '2024-03-01T12:00:00.000Z' } }
 * assert.strictEqual(isRecordedBy(record, Date.parse('2024-03-01T12:00:00Z')), true)
 * assert.strictEqual(isRecordedBy(record, Date.parse('2024-03-01T11:59:59Z')), false)
 * assert.strictEqual(isRecordedBy({ metadata: { recordedAt: 'not a time' } }, Infinity), false)
 *
 * @category guards
 * @since 0.1.0
 */
export const isRecordedBy = (record: Timed, at: number): boolean =>
  Date.parse(record.metadata.recordedAt) <= at

// -------------------------------------------------------------------------------------
// folding
// -------------------------------------------------------------------------------------

/**
 * How many of `records` (consecutive events of one stream, in version order, starting where
 * the prefix so far ends) belong to the stream as of `at`: the count before the first one
 * recorded after `at`. When it is less than `records.length`, the prefix has ended there.
 *
 * @example
 * import { prefixLengthAsOf } from './src/runtime/TimeRule.js'
 * const at = (recordedAt: string) => ({ metadata: { recordedAt } })
 * // The second writer's clock ran an hour fast: its event at version 2 ends the prefix at noon,
 * // and version 3 (recorded 11:30 by the first writer's clock) is not part of it either.
 * const stream = [at('2024-03-01T11:00:00Z'), at('2024-03-01T12:30:00Z'), at('2024-03-01T11:30:00Z')]
 * assert.strictEqual(prefixLengthAsOf(stream, Date.parse('2024-03-01T12:00:00Z')), 1)
 * assert.strictEqual(prefixLengthAsOf(stream, Date.parse('2024-03-01T13:00:00Z')), 3)
 * assert.strictEqual(prefixLengthAsOf(stream, Date.parse('2024-03-01T10:00:00Z')), 0)
 *
 * @category folding
 * @since 0.1.0
 */
export const prefixLengthAsOf = (records: ReadonlyArray<Timed>, at: number): number => {
  for (let i = 0; i < records.length; i++) if (!isRecordedBy(records[i] as Timed, at)) return i
  return records.length
}

/**
 * The records of a whole stream (read from version 1, in version order) that make it up as of
 * `at`: its longest prefix recorded at or before `at`.
 *
 * @example
 * import { recordsAsOf } from './src/runtime/TimeRule.js'
 * const at = (recordedAt: string) => ({ metadata: { recordedAt } })
 * const stream = [at('2024-03-01T11:00:00Z'), at('2024-03-01T12:30:00Z'), at('2024-03-01T11:30:00Z')]
 * assert.deepStrictEqual(recordsAsOf(stream, Date.parse('2024-03-01T12:00:00Z')), [stream[0]])
 *
 * @category folding
 * @since 0.1.0
 */
export const recordsAsOf = <Record extends Timed>(
  stream: ReadonlyArray<Record>,
  at: number,
): ReadonlyArray<Record> => stream.slice(0, prefixLengthAsOf(stream, at))
