/**
 * The checking deep copy behind every store's append: a frozen copy of an event's data and
 * metadata, or why a value is not JSON (with its path), walked once. Internal to the stores.
 *
 * @since 0.1.0
 */
import type { EventMetadata, Json } from '../codec/RecordedEvent.js'
import type { UnstorableEvent } from './StoreError.js'
import { unstorableEvent } from './StoreError.js'

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
  constructor(readonly reason: string) {}
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
 * refusing any value that is not JSON (`undefined` too). Tells whether every field copied was
 * a primitive, or why a field is not JSON.
 */
const copyCheckedFields = (
  target: { [key: string]: Json },
  source: { readonly [key: string]: unknown },
  skip: string | undefined,
  depth: number,
): boolean | NotJson => {
  let flat = true
  for (const key in source) {
    if (!hasOwn.call(source, key) || key === skip) continue
    const field = source[key]
    let value: Json
    if (typeof field === 'object' && field !== null) {
      const copy = copyChecked(field, depth)
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
const copyChecked = (value: object, depth: number): Json | NotJson => {
  if (depth >= maxDepth) return new NotJson(`nested deeper than ${maxDepth} levels`)
  if (Array.isArray(value)) {
    const items = value as ReadonlyArray<unknown>
    const length = items.length
    const copy: Json[] = new Array<Json>(length)
    for (let i = 0; i < length; i++) {
      const item = items[i]
      if (typeof item === 'object' && item !== null) {
        const itemCopy = copyChecked(item, depth + 1)
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
const formatPath = (root: string, keys: ReadonlyArray<string | number>): string => {
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
): UnstorableEvent => {
  const keys = notJson.keys.reverse()
  const cycle = notJson.reason.startsWith('nested') ? findCycle(value, new Set()) : undefined
  const reason =
    cycle === undefined
      ? `${formatPath(root, keys)}: ${notJson.reason}`
      : `${formatPath(root, cycle)}: a cycle (the value contains itself) is not JSON`
  return unstorableEvent(streamId, eventId, reason)
}

/** A deep, frozen copy of an event's data, or why it is not JSON. */
export const copyData = (data: unknown): Json | NotJson => {
  if (typeof data === 'object' && data !== null) return copyChecked(data, 0)
  const refused = scalarRefusal(data)
  return refused === undefined ? (data as Json) : new NotJson(refused)
}

/**
 * A frozen copy of an event's metadata with `recordedAt` set (the caller's when present, else
 * `clock()`), and whether every other field is a primitive; or why it is not JSON. `given`
 * must be a plain object; `recordedAt`, when present, a string.
 */
export const copyMetadata = (
  given: unknown,
  clock: () => string,
): { readonly metadata: EventMetadata; readonly flat: boolean } | NotJson => {
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    return new NotJson('metadata must be an object')
  const proto: unknown = Object.getPrototypeOf(given)
  if (proto !== Object.prototype && proto !== null)
    return new NotJson(instanceRefusal(proto as object))
  const givenAt = (given as { readonly recordedAt?: unknown }).recordedAt
  if (givenAt !== undefined && typeof givenAt !== 'string') {
    const notJson = new NotJson('must be a string (ISO-8601)')
    notJson.keys.push('recordedAt')
    return notJson
  }
  const copy: { [key: string]: Json } = { recordedAt: givenAt ?? clock() }
  const flat = copyCheckedFields(
    copy,
    given as { readonly [key: string]: unknown },
    'recordedAt',
    1,
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
