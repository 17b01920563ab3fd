/**
 * Renders plain data as paste-ready TypeScript source: objects, arrays, strings, numbers
 * (including `NaN`, `Infinity` and `-0`), `undefined`, bigints, `Map`, `Set` and `Date`. Used for
 * failure messages and for the given/when/then snippets the laws print.
 *
 * @since 0.1.0
 */

const isIdentifier = (key: string): boolean => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)

const renderNumber = (n: number): string => {
  if (Number.isNaN(n)) return 'NaN'
  if (n === Number.POSITIVE_INFINITY) return 'Infinity'
  if (n === Number.NEGATIVE_INFINITY) return '-Infinity'
  if (Object.is(n, -0)) return '-0'
  return String(n)
}

/** A single-quoted string literal (JSON's escapes are valid JavaScript escapes). */
const quote = (text: string): string =>
  `'${JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`

const renderKey = (key: string): string => (isIdentifier(key) ? key : quote(key))

/** Joins rendered items on one line when short, one per line otherwise. */
const wrap = (
  open: string,
  items: ReadonlyArray<string>,
  close: string,
  indent: string,
  pad: boolean,
): string => {
  if (items.length === 0) return `${open}${close}`
  const oneLine = pad
    ? `${open} ${items.join(', ')} ${close}`
    : `${open}${items.join(', ')}${close}`
  if (oneLine.length + indent.length <= 80 && !oneLine.includes('\n')) return oneLine
  const inner = `${indent}  `
  return `${open}\n${items.map((item) => `${inner}${item},`).join('\n')}\n${indent}${close}`
}

const render = (value: unknown, indent: string, seen: ReadonlySet<object>): string => {
  switch (typeof value) {
    case 'string':
      return quote(value)
    case 'number':
      return renderNumber(value)
    case 'bigint':
      return `${value}n`
    case 'boolean':
      return String(value)
    case 'undefined':
      return 'undefined'
    case 'symbol':
      return value.toString()
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`
  }
  if (value === null) return 'null'
  const object = value as object
  if (seen.has(object)) return '[Circular]'
  const inside = new Set(seen).add(object)
  const inner = `${indent}  `
  if (Array.isArray(object)) {
    return wrap(
      '[',
      object.map((item: unknown) => render(item, inner, inside)),
      ']',
      indent,
      false,
    )
  }
  if (object instanceof Date) return `new Date(${quote(object.toISOString())})`
  if (object instanceof Map) {
    const entries = Array.from(
      object,
      ([k, v]: [unknown, unknown]) =>
        `[${render(k, inner + '  ', inside)}, ${render(v, inner + '  ', inside)}]`,
    )
    return entries.length === 0 ? 'new Map()' : `new Map(${wrap('[', entries, ']', indent, false)})`
  }
  if (object instanceof Set) {
    const items = Array.from(object, (item: unknown) => render(item, inner, inside))
    return items.length === 0 ? 'new Set()' : `new Set(${wrap('[', items, ']', indent, false)})`
  }
  const entries = Object.entries(object).map(
    ([key, v]) => `${renderKey(key)}: ${render(v, inner, inside)}`,
  )
  return wrap('{', entries, '}', indent, true)
}

/**
 * Renders a value as TypeScript source that evaluates back to an equal value.
 *
 * @example
 * import { toSource } from './src/testing/toSource.js'
 * assert.strictEqual(toSource({ type: 'Deposit', amount: 500 }), "{ type: 'Deposit', amount: 500 }")
 *
 * @category rendering
 * @since 0.1.0
 */
export const toSource = (value: unknown, indent = ''): string => render(value, indent, new Set())
