/**
 * Runs every `@example` in the kernel's TSDoc: the examples are promises to the reader, so each
 * must compile away cleanly and end with its assertions holding.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { transformSync } from 'esbuild'
import * as Either from 'fp-ts/lib/Either.js'
import * as fn from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import * as foldwise from '../../src/index.js'

const kernelDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/kernel')
const modules: Readonly<Record<string, unknown>> = {
  foldwise,
  'fp-ts/lib/Either.js': Either,
  'fp-ts/lib/function.js': fn,
}

/** The `@example` blocks of a source file, each as plain code. */
const examplesOf = (source: string): ReadonlyArray<string> => {
  const blocks: Array<string> = []
  for (const comment of source.match(/\/\*\*[\s\S]*?\*\//g) ?? []) {
    const lines = comment
      .split('\n')
      .map((line) => line.replace(/^\s*\*\/?\s?/, '').replace(/^\/\*\*/, ''))
    let current: Array<string> | undefined
    for (const line of lines) {
      if (line.startsWith('@')) {
        if (current !== undefined) blocks.push(current.join('\n'))
        current = line.startsWith('@example') ? [] : undefined
      } else if (current !== undefined) current.push(line)
    }
    if (current !== undefined) blocks.push(current.join('\n'))
  }
  return blocks.map((b) => b.trim()).filter((b) => b.length > 0)
}

/** Turns the example's imports into lookups in `modules`, then strips its types. */
const compile = (example: string): string => {
  const withoutImports = example.replace(
    /^import\s+(type\s+)?(\*\s+as\s+(\w+)|\{([^}]*)\})\s+from\s+'([^']+)'\s*$/gm,
    (
      _m,
      typeOnly: string | undefined,
      _what,
      namespace: string | undefined,
      names: string | undefined,
      from: string,
    ) => {
      if (typeOnly !== undefined) return ''
      if (!(from in modules)) throw new Error(`example imports unknown module ${from}`)
      const source = `__modules[${JSON.stringify(from)}]`
      if (namespace !== undefined) return `const ${namespace} = ${source}`
      const bindings = (names ?? '')
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n.length > 0 && !n.startsWith('type '))
        .map((n) => n.replace(/\s+as\s+/, ': '))
      return `const { ${bindings.join(', ')} } = ${source}`
    },
  )
  return transformSync(withoutImports, { loader: 'ts', format: 'esm' }).code
}

const files = readdirSync(kernelDir).filter((f) => f.endsWith('.ts'))
const examples = files.flatMap((file) =>
  examplesOf(readFileSync(join(kernelDir, file), 'utf8')).map((code, i) => ({
    name: `${file} #${i + 1}`,
    code,
  })),
)

describe('kernel TSDoc examples', () => {
  it('there are examples to run, and each ends in an assertion', () => {
    expect(examples.length).toBeGreaterThan(10)
    for (const { name, code } of examples) expect(code, name).toMatch(/assert\./)
  })

  it.each(examples)('$name runs and its assertions hold', ({ code }) => {
    const run = new Function('__modules', 'assert', compile(code)) as (
      m: unknown,
      a: typeof assert,
    ) => void
    run(modules, assert)
  })

  it('a failing example fails', () => {
    const run = new Function(
      '__modules',
      'assert',
      compile(
        "import { fold } from 'foldwise'\nassert.strictEqual(fold({ initialState: 0, evolve: (s: number, e: number) => s + e })([1]), 2)",
      ),
    )
    expect(() => run(modules, assert)).toThrow()
  })
})
