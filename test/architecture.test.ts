/**
 * The walls of the house, checked on the sources themselves:
 * - src/kernel and src/codec import only fp-ts, io-ts and relative files inside those two
 *   folders, and never touch the clock, randomness, crypto or the process;
 * - no import cycle among the files of src/ (type-only imports included).
 * Each checker is also run on an inline bad sample, so a checker that finds nothing fails.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const srcDir = join(root, 'src')
const pureDirs = [join(srcDir, 'kernel'), join(srcDir, 'codec')]

// -------------------------------------------------------------------------------------
// reading sources
// -------------------------------------------------------------------------------------

const listTs = (dir: string): ReadonlyArray<string> =>
  existsSync(dir)
    ? readdirSync(dir).flatMap((name) => {
        const path = join(dir, name)
        if (statSync(path).isDirectory()) return listTs(path)
        return name.endsWith('.ts') ? [path] : []
      })
    : []

/** The code without comments and with string contents blanked (the quotes stay). */
const stripCommentsAndStrings = (source: string): string =>
  source.replace(
    /\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g,
    (m) => (m.startsWith('/') ? ' ' : `${m[0]}${' '.repeat(Math.max(0, m.length - 2))}${m[0]}`),
  )

/** Every module specifier a file imports or re-exports, statically or dynamically. */
const importsOf = (source: string): ReadonlyArray<string> => {
  const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ')
  const found: Array<string> = []
  const patterns = [
    /\bimport\s+(?:type\s+)?[\w*{}\s,$]*?\s*from\s*['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s*from\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ]
  for (const pattern of patterns)
    for (const m of code.matchAll(pattern)) if (m[1] !== undefined) found.push(m[1])
  return found
}

// -------------------------------------------------------------------------------------
// purity
// -------------------------------------------------------------------------------------

const forbiddenCode: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bDate\s*\.\s*now\b/, 'reads the clock (Date.now)'],
  [/\bnew\s+Date\s*\(\s*\)/, 'reads the clock (new Date())'],
  [/\bMath\s*\.\s*random\b/, 'draws randomness (Math.random)'],
  [/\bcrypto\b/, 'uses crypto'],
  [/\bprocess\b/, 'reads the process'],
  [/\bperformance\s*\.\s*now\b/, 'reads the clock (performance.now)'],
]

const isAllowedPackage = (specifier: string): boolean => /^(fp-ts|io-ts)(\/|$)/.test(specifier)

/** What is wrong with one pure-core file: forbidden imports and impure calls. */
const purityViolations = (
  file: string,
  source: string,
  allowedDirs: ReadonlyArray<string>,
): ReadonlyArray<string> => {
  const problems: Array<string> = []
  for (const specifier of importsOf(source)) {
    if (specifier.startsWith('.')) {
      const target = resolve(dirname(file), specifier)
      if (!allowedDirs.some((dir) => target.startsWith(dir + sep))) {
        problems.push(
          `imports ${specifier}, outside ${allowedDirs.map((d) => relative(root, d)).join(' and ')}`,
        )
      }
    } else if (!isAllowedPackage(specifier)) {
      problems.push(`imports ${specifier}; only fp-ts and io-ts are allowed`)
    }
  }
  const code = stripCommentsAndStrings(source)
  for (const [pattern, what] of forbiddenCode) if (pattern.test(code)) problems.push(what)
  return problems
}

// -------------------------------------------------------------------------------------
// cycles
// -------------------------------------------------------------------------------------

/** Resolves a relative specifier (`./x.js`, `./dir`) to a .ts file among `files`, if any. */
const resolveRelative = (
  from: string,
  specifier: string,
  files: ReadonlySet<string>,
): string | undefined => {
  const base = resolve(dirname(from), specifier)
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')]
  return candidates.find((c) => files.has(c))
}

/** The first import cycle in a graph (file -> files it imports), as a path that closes on itself. */
const findCycle = (
  graph: ReadonlyMap<string, ReadonlyArray<string>>,
): ReadonlyArray<string> | undefined => {
  const state = new Map<string, 'visiting' | 'done'>()
  const stack: Array<string> = []
  const visit = (node: string): ReadonlyArray<string> | undefined => {
    state.set(node, 'visiting')
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      const seen = state.get(next)
      if (seen === 'visiting') return [...stack.slice(stack.indexOf(next)), next]
      if (seen === undefined) {
        const cycle = visit(next)
        if (cycle !== undefined) return cycle
      }
    }
    stack.pop()
    state.set(node, 'done')
    return undefined
  }
  for (const node of graph.keys()) {
    if (state.has(node)) continue
    const cycle = visit(node)
    if (cycle !== undefined) return cycle
  }
  return undefined
}

const importGraph = (files: ReadonlyArray<string>, read: (file: string) => string) => {
  const known = new Set(files)
  return new Map(
    files.map((file) => [
      file,
      importsOf(read(file))
        .filter((s) => s.startsWith('.'))
        .flatMap((s) => resolveRelative(file, s, known) ?? []),
    ]),
  )
}

// -------------------------------------------------------------------------------------
// tests
// -------------------------------------------------------------------------------------

describe('architecture', () => {
  it('the pure core (src/kernel, src/codec) imports only fp-ts, io-ts and itself, and reads no clock, randomness or process', () => {
    const files = pureDirs.flatMap(listTs)
    expect(files.length).toBeGreaterThan(0)
    const problems = files.flatMap((file) =>
      purityViolations(file, readFileSync(file, 'utf8'), pureDirs).map(
        (p) => `${relative(root, file)}: ${p}`,
      ),
    )
    expect(problems).toEqual([])
  })

  it('there is no import cycle among the files of src/', () => {
    const files = listTs(srcDir)
    const cycle = findCycle(importGraph(files, (f) => readFileSync(f, 'utf8')))
    expect(cycle?.map((f) => relative(root, f)).join(' -> ')).toBeUndefined()
  })

  describe('the checkers catch what they are meant to catch', () => {
    const file = join(srcDir, 'kernel', 'Bad.ts')
    const check = (source: string) => purityViolations(file, source, pureDirs)

    it('flags node:, effect, outer layers and unknown packages; accepts fp-ts, io-ts and the pure folders', () => {
      expect(check("import { readFileSync } from 'node:fs'")).toHaveLength(1)
      expect(check("import * as Effect from 'effect/Effect'")).toHaveLength(1)
      expect(check("export { x } from '../store/EventStore.js'")).toHaveLength(1)
      expect(check("import type { T } from '../runtime/x.js'")).toHaveLength(1)
      expect(check("const m = await import('lodash')")).toHaveLength(1)
      expect(check("import 'reflect-metadata'")).toHaveLength(1)
      expect(
        check(
          "import { right } from 'fp-ts/lib/Either.js'\nimport * as t from 'io-ts'\nimport type { Json } from '../codec/RecordedEvent.js'\nexport * from './Decider.js'",
        ),
      ).toEqual([])
    })

    it('flags the clock, randomness, crypto and process, but not words in comments or strings', () => {
      expect(check('const t = Date.now()')).toEqual(['reads the clock (Date.now)'])
      expect(check('const t = new Date()')).toEqual(['reads the clock (new Date())'])
      expect(check('const r = Math.random()')).toEqual(['draws randomness (Math.random)'])
      expect(check('const id = crypto.randomUUID()')).toEqual(['uses crypto'])
      expect(check('const e = process.env.X')).toEqual(['reads the process'])
      expect(
        check(
          "// Date.now() is never read here\nconst s = 'process and crypto'\nconst d = new Date(0)",
        ),
      ).toEqual([])
    })

    it('finds a cycle in a graph that has one, and none in a graph that has none', () => {
      const cyclic = new Map([
        ['a', ['b']],
        ['b', ['c']],
        ['c', ['a']],
        ['d', []],
      ])
      expect(findCycle(cyclic)).toEqual(['a', 'b', 'c', 'a'])
      const acyclic = new Map([
        ['a', ['b', 'c']],
        ['b', ['c']],
        ['c', []],
      ])
      expect(findCycle(acyclic)).toBeUndefined()
    })

    it('builds the graph from relative imports, `.js` specifiers resolving to `.ts` files', () => {
      const a = join(srcDir, 'x', 'a.ts')
      const b = join(srcDir, 'x', 'b.ts')
      const sources = new Map([
        [a, "import type { B } from './b.js'\nimport { pipe } from 'fp-ts/lib/function.js'"],
        [b, "export { A } from './a.js'"],
      ])
      const graph = importGraph([a, b], (f) => sources.get(f) ?? '')
      expect(graph.get(a)).toEqual([b])
      expect(findCycle(graph)).toEqual([a, b, a])
    })
  })
})
