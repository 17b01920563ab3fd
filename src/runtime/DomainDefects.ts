/**
 * Domain code that breaks its contract: a `decide` that returns no `Either` of an array of
 * events, a view, saga or dispatch that throws or returns junk. That is a bug in the domain,
 * not an expected failure, so it is a defect (the Promise face rejects, the Effect face dies),
 * never a typed error; these build it with a message that says which contract was broken, by
 * whom, and on which event, so a follower stopped in the background can be traced to the
 * event it cannot get past. Nothing is written by the step that failed.
 *
 * @since 0.2.0
 */
import type { RecordedEvent } from '../codec/RecordedEvent.js'
import { describeValue } from '../store/DescribeValue.js'

import { isObject } from './ArgumentRules.js'

/**
 * What a thrown value says, for a message: an error's message, else the value described.
 *
 * @example
 * import { describeThrown } from './src/runtime/DomainDefects.js'
 * assert.strictEqual(describeThrown(new Error('boom')), 'boom')
 * assert.strictEqual(describeThrown(42), '42')
 *
 * @category constructors
 * @since 0.2.0
 */
export const describeThrown = (thrown: unknown): string =>
  thrown instanceof Error ? thrown.message : describeValue(thrown)

/**
 * The defect thrown for a `decide` that returned something other than an `Either` whose right
 * side is an array of events: a bug in the decider, reported as one.
 *
 * @category constructors
 * @since 0.2.0
 */
export const badDecision = (streamId: string, decided: unknown): TypeError => {
  const got =
    isObject(decided) && decided['_tag'] === 'Right'
      ? `right(${describeValue(decided['right'])})`
      : describeValue(decided)
  return new TypeError(
    `foldwise: decide returned ${got} for a command on stream ${JSON.stringify(streamId)}; it must return left(rejection) or right(an array of events)`,
  )
}

/**
 * The defect for a saga whose `react` returned something other than an array of actions (a
 * string would otherwise be dispatched one character at a time).
 *
 * @example
 * import { badReaction } from './src/runtime/DomainDefects.js'
 * const defect = badReaction('payments', 'e-7', 'pay')
 * assert.strictEqual(defect.message, `foldwise: saga payments's react returned "pay" for event e-7; it must return an array of actions`)
 *
 * @category constructors
 * @since 0.2.0
 */
export const badReaction = (saga: string, eventId: string, actions: unknown): TypeError =>
  new TypeError(
    `foldwise: saga ${saga}'s react returned ${describeValue(actions)} for event ${eventId}; it must return an array of actions`,
  )

/**
 * Whether `decided` is what `decide` must return: `left(rejection)` or `right(events)` with
 * `events` an array. Checked on every command (two property reads and `Array.isArray`).
 *
 * @category guards
 * @since 0.2.0
 */
export const isDecision = (decided: unknown): boolean =>
  isObject(decided) &&
  (decided['_tag'] === 'Left' || (decided['_tag'] === 'Right' && Array.isArray(decided['right'])))

/**
 * The defect for domain code (`what`: "projection p's view", "saga s's react") that threw on
 * `record`: the thrown value is kept as `cause`.
 *
 * @example
 * import { threwOn } from './src/runtime/DomainDefects.js'
 * const record = { eventId: 'e-7', streamId: 'a', streamVersion: 2, globalPosition: 9 }
 * const defect = threwOn("projection p's view", record as never, new Error('boom'))
 * assert.strictEqual(defect.message, 'foldwise: projection p\'s view threw on event e-7 (stream "a", version 2, position 9): boom')
 * assert.strictEqual((defect.cause as Error).message, 'boom')
 *
 * @category constructors
 * @since 0.2.0
 */
export const threwOn = (what: string, record: RecordedEvent, thrown: unknown): Error =>
  new Error(
    `foldwise: ${what} threw on event ${record.eventId} (stream ${JSON.stringify(record.streamId)}, version ${record.streamVersion}, position ${record.globalPosition}): ${describeThrown(thrown)}`,
    { cause: thrown },
  )

/**
 * The defect for domain code (`what`: `evolve`, "the event codec's encode") that threw on an
 * event a command decided (one its decider should never produce, such as `null`), before
 * anything was appended; the thrown value is kept as `cause`.
 *
 * @example
 * import { threwOnDecided } from './src/runtime/DomainDefects.js'
 * const defect = threwOnDecided('evolve', 'account-1', new TypeError('no type'))
 * assert.strictEqual(defect.message, 'foldwise: evolve threw on an event decided for stream "account-1", so nothing was appended: no type')
 *
 * @category constructors
 * @since 0.2.0
 */
export const threwOnDecided = (what: string, streamId: string, thrown: unknown): Error =>
  new Error(
    `foldwise: ${what} threw on an event decided for stream ${JSON.stringify(streamId)}, so nothing was appended: ${describeThrown(thrown)}`,
    { cause: thrown },
  )
