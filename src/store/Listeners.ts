/**
 * The `onAppend` listeners of a store: told of each new head, and woken once more when the
 * store closes, so a reader waiting for appends reads again and meets `StoreClosed` instead of
 * waiting for ever. Internal to the adapters.
 *
 * @since 0.2.0
 */

/**
 * A store's listeners.
 *
 * @category model
 * @since 0.2.0
 */
export type Listeners = Set<(head: number) => void>

/**
 * Tells every listener the head. A listener that throws breaks neither the caller (an append,
 * already committed) nor the others; the set is copied first, so a listener may unsubscribe.
 *
 * @example
 * import { tellListeners } from './src/store/Listeners.js'
 * const heads: number[] = []
 * tellListeners(new Set([() => { throw new Error('mine') }, (head: number) => heads.push(head)]), 3)
 * assert.deepStrictEqual(heads, [3])
 *
 * @category combinators
 * @since 0.2.0
 */
export const tellListeners = (listeners: Listeners, head: number): void => {
  for (const listener of [...listeners]) {
    try {
      listener(head)
    } catch {
      // A listener's failure is its own.
    }
  }
}

/**
 * On close: drops every listener, then calls each once with the head at closing, so a waiting
 * reader wakes (its next read fails with `StoreClosed`).
 *
 * @example
 * import { wakeOnClose } from './src/store/Listeners.js'
 * const listeners = new Set([(head: number) => assert.strictEqual(head, 7)])
 * wakeOnClose(listeners, 7)
 * assert.strictEqual(listeners.size, 0)
 *
 * @category combinators
 * @since 0.2.0
 */
export const wakeOnClose = (listeners: Listeners, head: number): void => {
  const waiting = new Set(listeners)
  listeners.clear()
  tellListeners(waiting, head)
}
