/**
 * What `jsonb` refuses although it is valid JSON: the character U+0000 in a string, and a lone
 * UTF-16 surrogate (a string half of an emoji, say). PostgreSQL answers both with an error that
 * sinks the whole statement; the store checks first and refuses only the event that carries one,
 * as `UnstorableEvent`.
 *
 * The check reads the event's JSON text, which `JSON.stringify` writes with a `\u` escape for
 * exactly these (and for other control characters, which `jsonb` accepts): normal data holds
 * no `\u` at all and costs one `indexOf`.
 *
 * @since 0.1.0
 */

import type { Json } from '../../codec/RecordedEvent.js'
import type { InvalidArgument } from '../../store/StoreError.js'
import { invalidArgument } from '../../store/StoreError.js'

/** Whether the backslash at `at` starts an escape (an even number of backslashes precede it). */
const startsEscape = (json: string, at: number): boolean => {
  let backslashes = 0
  for (let i = at - 1; i >= 0 && json.charCodeAt(i) === 0x5c; i--) backslashes++
  return backslashes % 2 === 0
}

/**
 * Why PostgreSQL's `jsonb` would refuse a JSON text written by `JSON.stringify`, or `undefined`
 * when it would store it.
 *
 * @example
 * import { jsonbRefusal } from './src/adapters/postgres/storable.js'
 * assert.strictEqual(jsonbRefusal(JSON.stringify({ text: 'plain \n tab \t' })), undefined)
 * assert.match(jsonbRefusal(JSON.stringify({ text: 'nul \u0000' })) ?? '', /U\+0000/)
 * assert.match(jsonbRefusal(JSON.stringify(['half \ud83d'])) ?? '', /surrogate/)
 * assert.strictEqual(jsonbRefusal(JSON.stringify(['a whole 🎉', '\\u0000 as text'])), undefined)
 *
 * @category guards
 * @since 0.1.0
 */
export const jsonbRefusal = (json: string): string | undefined => {
  for (let at = json.indexOf('\\u'); at !== -1; at = json.indexOf('\\u', at + 2)) {
    if (!startsEscape(json, at)) continue
    const hex = json.slice(at + 2, at + 6).toLowerCase()
    if (hex === '0000') return 'PostgreSQL jsonb cannot hold the character U+0000 in a string'
    if (hex.charCodeAt(0) === 0x64 && '89abcdef'.includes(hex.charAt(1)))
      return `PostgreSQL jsonb cannot hold a lone UTF-16 surrogate (\\u${hex}) in a string`
  }
  return undefined
}

/**
 * The JSON text of a checked value (a snapshot's state, a checkpoint's read model) that `jsonb`
 * can hold, or `InvalidArgument` naming `field` when it cannot: refused before the query, so the
 * caller gets a typed answer rather than a failed statement that looks like an outage.
 *
 * @example
 * import { storableJson } from './src/adapters/postgres/storable.js'
 * assert.strictEqual(storableJson('saveSnapshot', 'snapshot.state', { n: 1 }), '{"n":1}')
 * const refused = storableJson('saveSnapshot', 'snapshot.state', { text: 'nul \u0000' })
 * assert.ok(typeof refused === 'object' && refused.field === 'snapshot.state')
 *
 * @category guards
 * @since 0.1.0
 */
export const storableJson = (
  operation: string,
  field: string,
  value: Json,
): string | InvalidArgument => {
  const json = JSON.stringify(value)
  const refused = jsonbRefusal(json)
  return refused === undefined ? json : invalidArgument(operation, field, refused)
}
