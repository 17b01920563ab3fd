/**
 * A short, safe description of any value for an error message: never throws (not even on an
 * object without a prototype or a symbol) and never prints more than a few dozen characters.
 *
 * @since 0.1.0
 */

/**
 * What `value` is, for a reason such as `must be a string, got 42` (internal to the stores).
 *
 * @category formatting
 * @since 0.1.0
 */
export const describeValue = (value: unknown): string => {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
    case 'number':
    case 'boolean':
      return String(value)
    case 'bigint':
      return `${String(value)}n`
    case 'undefined':
      return 'undefined'
    case 'symbol':
      return 'a symbol'
    case 'function':
      return 'a function'
    default:
      return value === null ? 'null' : Array.isArray(value) ? 'an array' : 'an object'
  }
}
