/**
 * The checking deep copy behind every store's append: a frozen copy of an event's data and
 * metadata, or why a value is not JSON (with its path), walked once. Internal to the stores.
 *
 * @since 0.1.0
 */
import type { EventMetadata, Json } from '../codec/RecordedEvent.js'
import { describeValue } from './DescribeValue.js'
import type { UnstorableEvent } from './StoreError.js'
import { unstorableEvent } from './StoreError.js'
import { timeRefusal } from './Time.js'

/** `Object.prototype.hasOwnProperty`, called on values that may lack it. */
export const hasOwn = Object.prototype.hasOwnProperty

/** Sets an own field; `__proto__` (legal JSON, from `JSON.parse`) must not set the prototype. */
export const setField = (target: { [key: string]: Json }, key: string, value: Json): void => {
  if (key === '__proto__')
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  else target[key] = value
}

/** How deep a value may nest; deeper is refused (a cycle reaches it too). */
const maxDepth = 1000

/**
 * Why a value is not JSON, and where: the keys from the offending value up to the root,
 * innermost first (pushed only while a refusal unwinds, so the success path builds no path).
 */
export class NotJson {
  readonly keys: Array<string | number> = []
  /** `shape`: the value is JSON but not of the shape its place requires (an invalid argument). */
  constructor(
    readonly reason: string,
    readonly shape = false,
  ) {}
}

/** Why a non-object value is not JSON, or `undefined` when it is. */
const scalarRefusal = (value: unknown): string | undefined => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined
    case 'number':
      return Number.isFinite(value) ? undefined : `${String(value)} is not JSON`
    case 'undefined':
      return 'undefined is not JSON'
    case 'bigint':
      return 'a bigint is not JSON'
    case 'function':
      return 'a function is not JSON'
    case 'symbol':
      return 'a symbol is not JSON'
    default:
      return value === null ? undefined : `a ${typeof value} is not JSON`
  }
}

/** Why an object whose prototype is `proto` (neither `Object.prototype` nor null) is not JSON. */
const instanceRefusal = (proto: object): string => {
  const constructor: unknown = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value
  const name = typeof constructor === 'function' ? constructor.name : ''
  if (name === 'Date') return 'a Date is not JSON (encode it first, e.g. as an ISO-8601 string)'
  return name === '' ? 'an object with a prototype is not JSON' : `a ${name} is not JSON`
}

/**
 * Copies the own enumerable fields of the plain object `source` into `target`, deep-frozen,
 * refusing any value that is not JSON (`undefined` too, unless `dropUndefined`: then a field
 * holding `undefined` is left out, as `JSON.stringify` leaves it out). Tells whether every
 * field copied was a primitive, or why a field is not JSON.
 */
const copyCheckedFields = (
  target: { [key: string]: Json },
  source: { readonly [key: string]: unknown },
  skip: string | undefined,
  depth: number,
  dropUndefined: boolean,
): boolean | NotJson => {
  let flat = true
  for (const key in source) {
    if (!hasOwn.call(source, key) || key === skip) continue
    const field = source[key]
    let value: Json
    if (field === undefined && dropUndefined) continue
    if (typeof field === 'object' && field !== null) {
      const copy = copyChecked(field, depth, dropUndefined)
      if (copy instanceof NotJson) {
        copy.keys.push(key)
        return copy
      }
      value = copy
      flat = false
    } else {
      const refused = scalarRefusal(field)
      if (refused !== undefined) {
        const notJson = new NotJson(refused)
        notJson.keys.push(key)
        return notJson
      }
      value = field as Json
    }
    if (key === '__proto__') setField(target, key, value)
    else target[key] = value
  }
  return flat
}

/** A deep, frozen copy of the non-null object `value` at `depth`, or why it is not JSON. */
const copyChecked = (value: object, depth: number, dropUndefined: boolean): Json | NotJson => {
  if (depth >= maxDepth) return new NotJson(`nested deeper than ${maxDepth} levels`)
  if (Array.isArray(value)) {
    const items = value as ReadonlyArray<unknown>
    const length = items.length
    const copy: Json[] = new Array<Json>(length)
    for (let i = 0; i < length; i++) {
      const item = items[i]
      if (typeof item === 'object' && item !== null) {
        const itemCopy = copyChecked(item, depth + 1, dropUndefined)
        if (itemCopy instanceof NotJson) {
          itemCopy.keys.push(i)
          return itemCopy
        }
        copy[i] = itemCopy
      } else {
        const refused = scalarRefusal(item)
        if (refused !== undefined) {
          const notJson = new NotJson(refused)
          notJson.keys.push(i)
          return notJson
        }
        copy[i] = item as Json
      }
    }
    return Object.freeze(copy)
  }
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null)
    return new NotJson(instanceRefusal(proto as object))
  const copy: { [key: string]: Json } = {}
  const copied = copyCheckedFields(
    copy,
    value as { readonly [key: string]: unknown },
    undefined,
    depth + 1,
    dropUndefined,
  )
  return copied instanceof NotJson ? copied : Object.freeze(copy)
}

/**
 * The keys from `value` to the first object that contains itself, looking no deeper than
 * `maxDepth` levels, or `undefined`. Runs only on the refusal path.
 */
const findCycle = (value: unknown, ancestors: Set<unknown>): Array<string | number> | undefined => {
  if (typeof value !== 'object' || value === null) return undefined
  if (ancestors.has(value)) return []
  if (ancestors.size > maxDepth) return undefined
  ancestors.add(value)
  const keys: ReadonlyArray<string | number> = Array.isArray(value)
    ? Array.from(value.keys())
    : Object.keys(value)
  for (const key of keys) {
    const path = findCycle((value as { readonly [key: string | number]: unknown })[key], ancestors)
    if (path !== undefined) {
      path.unshift(key)
      return path
    }
  }
  ancestors.delete(value)
  return undefined
}

const identifier = /^[A-Za-z_$][\w$]*$/

/** `data.items[2].price`: the path of `keys` (outermost first) under `root`. */
export const formatPath = (root: string, keys: ReadonlyArray<string | number>): string => {
  let path = root
  for (const key of keys)
    path +=
      typeof key === 'number'
        ? `[${key}]`
        : identifier.test(key)
          ? `.${key}`
          : `[${JSON.stringify(key)}]`
  return path
}

/**
 * The refusal of an event whose `root` field (`data` or `metadata`), `value`, is not JSON:
 * a value nested too deep is reported as the cycle it almost always is, when it is one.
 */
export const refuse = (
  streamId: string,
  eventId: string,
  root: string,
  value: unknown,
  notJson: NotJson,
): UnstorableEvent => unstorableEvent(streamId, eventId, describeNotJson(root, value, notJson))

/** A deep, frozen copy of an event's data, or why it is not JSON. */
export const copyData = (data: unknown): Json | NotJson => {
  if (typeof data === 'object' && data !== null) return copyChecked(data, 0, false)
  const refused = scalarRefusal(data)
  return refused === undefined ? (data as Json) : new NotJson(refused)
}

/**
 * A deep, frozen copy of a snapshot's state or a checkpoint's read model, or why it is not
 * JSON: as `copyData`, except that an object field holding `undefined` is left out (as
 * `JSON.stringify`, which every adapter used to store these, leaves it out).
 */
export const copyState = (state: unknown): Json | NotJson => {
  if (typeof state === 'object' && state !== null) return copyChecked(state, 0, true)
  const refused = scalarRefusal(state)
  return refused === undefined ? (state as Json) : new NotJson(refused)
}

/**
 * Where under `root` a value that is not JSON lies (`data.items[2].price`), and why: a value
 * nested too deep is reported as the cycle it almost always is, when it is one.
 */
export const locateNotJson = (
  root: string,
  value: unknown,
  notJson: NotJson,
): { readonly field: string; readonly reason: string } => {
  const cycle = notJson.reason.startsWith('nested') ? findCycle(value, new Set()) : undefined
  return cycle === undefined
    ? { field: formatPath(root, notJson.keys.slice().reverse()), reason: notJson.reason }
    : { field: formatPath(root, cycle), reason: 'a cycle (the value contains itself) is not JSON' }
}

/** `data.items[2].price: a bigint is not JSON`: where a value that is not JSON lies, and why. */
export const describeNotJson = (root: string, value: unknown, notJson: NotJson): string => {
  const { field, reason } = locateNotJson(root, value, notJson)
  return `${field}: ${reason}`
}

/**
 * A frozen copy of an event's metadata with `recordedAt` set (the caller's when present, else
 * `clock()`), and whether every other field is a primitive; or why it is not JSON. `given`
 * must be a plain object; `recordedAt`, when present, an ISO-8601 time (refusals of either are
 * `shape`: invalid arguments rather than values that are not JSON).
 */
export const copyMetadata = (
  given: unknown,
  clock: () => string,
): { readonly metadata: EventMetadata; readonly flat: boolean } | NotJson => {
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    return new NotJson(`must be an object, got ${describeValue(given)}`, true)
  const proto: unknown = Object.getPrototypeOf(given)
  if (proto !== Object.prototype && proto !== null)
    return new NotJson(instanceRefusal(proto as object), true)
  const givenAt = (given as { readonly recordedAt?: unknown }).recordedAt
  const badTime = givenAt === undefined ? undefined : timeRefusal(givenAt)
  if (badTime !== undefined) {
    const notJson = new NotJson(badTime, true)
    notJson.keys.push('recordedAt')
    return notJson
  }
  const copy: { [key: string]: Json } = { recordedAt: (givenAt as string | undefined) ?? clock() }
  const flat = copyCheckedFields(
    copy,
    given as { readonly [key: string]: unknown },
    'recordedAt',
    1,
    false,
  )
  return flat instanceof NotJson ? flat : { metadata: Object.freeze(copy) as EventMetadata, flat }
}

/**
 * Whether a frozen metadata object provably never changes: its own `recordedAt` and every own
 * field are data properties (no getter that could answer differently next time).
 */
export const holdsOnlyData = (given: object): boolean => {
  if (!hasOwn.call(given, 'recordedAt')) return false
  for (const key of Object.getOwnPropertyNames(given)) {
    const descriptor = Object.getOwnPropertyDescriptor(given, key)
    if (descriptor === undefined || !('value' in descriptor)) return false
  }
  return true
}
