import { describe, expect, it } from 'vitest'
import { deepEqual } from '../../src/testing/deepEqual.js'
import { deepFreeze } from '../../src/testing/deepFreeze.js'
import { toSource } from '../../src/testing/toSource.js'

describe('toSource', () => {
  it('renders plain data as source that evaluates back to an equal value', () => {
    const value = {
      text: 'it\'s "quoted"\n',
      'odd-key': [1, -0, Number.NaN, Number.POSITIVE_INFINITY],
      nothing: undefined,
      big: 10n,
      map: new Map([['a', new Set([1, 2])]]),
      when: new Date('2024-01-02T03:04:05.000Z'),
    }
    const source = toSource(value)
    const evaluated: unknown = new Function(`return ${source}`)()
    expect(deepEqual(evaluated, value)).toBe(true)
  })
  it('keeps short values on one line', () => {
    expect(toSource({ type: 'Deposit', amount: 500 })).toBe("{ type: 'Deposit', amount: 500 }")
    expect(toSource([])).toBe('[]')
  })
})

describe('deepEqual', () => {
  it('compares by structure, strictly about keys', () => {
    expect(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true)
    expect(deepEqual({ a: undefined }, {})).toBe(false)
    expect(deepEqual([1, 2], [2, 1])).toBe(false)
    expect(deepEqual(Number.NaN, Number.NaN)).toBe(true)
    expect(deepEqual(new Map([['a', 1]]), new Map([['a', 2]]))).toBe(false)
    expect(deepEqual(new Set([{ a: 1 }]), new Set([{ a: 1 }]))).toBe(true)
    expect(deepEqual([1], { 0: 1, length: 1 })).toBe(false)
  })
})

describe('deepFreeze', () => {
  it('freezes nested objects, arrays and map values, so writes throw in strict mode', () => {
    const value = deepFreeze({ list: [{ n: 1 }], map: new Map([['k', { n: 2 }]]) })
    expect(() => {
      ;(value.list as Array<{ n: number }>).push({ n: 3 })
    }).toThrow(TypeError)
    expect(() => {
      ;(value.list[0] as { n: number }).n = 5
    }).toThrow(TypeError)
    expect(() => {
      ;(value.map.get('k') as { n: number }).n = 5
    }).toThrow(TypeError)
  })
})
