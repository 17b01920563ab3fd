/**
 * io-ts validation errors as field errors: one per bad field, with its path from the record
 * (`data.amount`), the expected type's name and the value found. Used only on the failure
 * path, so the hot path never builds a message.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts'
import type { FieldError } from './DecodeError.js'

const maxValueLength = 80

/**
 * A value as short text for an error message: JSON where possible, never throwing.
 *
 * @category destructors
 * @since 0.1.0
 */
export const renderValue = (value: unknown): string => {
  let text: string
  switch (typeof value) {
    case 'undefined':
      return 'undefined'
    case 'bigint':
      return `${value}n`
    case 'function':
      return 'a function'
    case 'symbol':
      return value.toString()
    case 'number':
      return String(value)
    default:
      try {
        text = value instanceof Date ? `Date(${String(value.getTime())})` : JSON.stringify(value)
      } catch {
        // Cycles or exotic objects: the message must still be built, never thrown.
        text = Object.prototype.toString.call(value)
      }
  }
  return text.length > maxValueLength ? `${text.slice(0, maxValueLength - 1)}…` : text
}

const isTagged = (codec: t.Decoder<unknown, unknown>, tag: string): boolean =>
  (codec as { readonly _tag?: unknown })._tag === tag

/**
 * One io-ts error as a field error under `root`. A union stops the path: its members' errors
 * collapse into "expected <the union's name>". Intersection members add no path segment.
 *
 * @category destructors
 * @since 0.1.0
 */
export const toFieldError = (root: string, error: t.ValidationError): FieldError => {
  const context = error.context
  let path = root
  let expected = context[context.length - 1]?.type.name ?? 'unknown'
  let actual: unknown = error.value
  for (let i = 1; i < context.length; i++) {
    const entry = context[i]
    const parent = context[i - 1]
    if (entry === undefined || parent === undefined) break
    if (entry.key !== '' && !isTagged(parent.type, 'IntersectionType')) {
      path = path === '' ? entry.key : `${path}.${entry.key}`
    }
    if (isTagged(entry.type, 'UnionType')) {
      expected = entry.type.name
      actual = entry.actual
      break
    }
  }
  return { path, expected, actual: renderValue(actual) }
}

/**
 * io-ts errors as field errors under `root`, without duplicates, in order.
 *
 * @category destructors
 * @since 0.1.0
 */
export const toFieldErrors = (root: string, errors: t.Errors): ReadonlyArray<FieldError> => {
  const seen = new Set<string>()
  const out: Array<FieldError> = []
  for (const error of errors) {
    const field = toFieldError(root, error)
    const key = `${field.path}\u0000${field.expected}`
    if (!seen.has(key)) {
      seen.add(key)
      out.push(field)
    }
  }
  return out
}
