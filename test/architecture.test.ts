/**
 * The walls of the house, checked on the sources themselves:
 * - every folder of src/ imports only the folders and packages its row of the allowed-imports
 *   matrix names (kernel <- codec <- store <- adapters, runtime, testing; examples on the pure
 *   core; the cli on everything);
 * - src/kernel and src/codec import only fp-ts, io-ts and relative files inside those two
 *   folders, and never touch the clock, randomness, crypto or the process;
 * - src/kernel and src/codec compile with `lib: ["ES2022"]` and no ambient types
 *   (tsconfig.pure.json, run by `npm run typecheck`), so a timer, `fetch`, a DOM or a Node global
 *   does not compile there;
 * - no import cycle among the files of src/ (type-only imports included).
 * Each checker is also run on an inline bad sample, so a checker that finds nothing fails.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
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
// the allowed-imports matrix
// -------------------------------------------------------------------------------------

/** The folders of src/ that the matrix knows; src/index.ts is the kernel's public face. */
type Area =
  | 'kernel'
  | 'codec'
  | 'store'
  | 'adapters/memory'
  | 'adapters/file'
  | 'adapters/postgres'
  | 'runtime'
  | 'testing'
  | 'examples'
  | 'cli'

interface Wall {
  /** The other folders of src/ this one may import. */
  readonly folders: ReadonlyArray<Area>
  /** The packages it may import (`node:*` stands for every Node built-in). */
  readonly packages: ReadonlyArray<string>
}

const pure: ReadonlyArray<string> = ['fp-ts', 'io-ts']
const port: ReadonlyArray<Area> = ['kernel', 'codec', 'store']

/**
 * Who may import whom. The kernel, the codecs, the store port, the memory store and the runtime
 * import no Node built-in, so they bundle for browsers, workers, Deno and Bun; the testing kit
 * imports no Node built-in either (`foldwise/testing/kit` runs in a browser). Adapters never
 * import the runtime, and nothing but the CLI imports an adapter's internals or the examples.
 */
export const allowedImports: Readonly<Record<Area, Wall>> = {
  kernel: { folders: [], packages: ['fp-ts'] },
  codec: { folders: ['kernel'], packages: pure },
  store: { folders: ['kernel', 'codec'], packages: [...pure, 'effect'] },
  'adapters/memory': { folders: port, packages: [...pure, 'effect'] },
  'adapters/file': { folders: port, packages: [...pure, 'effect', 'node:*'] },
  'adapters/postgres': { folders: port, packages: [...pure, 'effect', 'pg', 'node:*'] },
  runtime: { folders: port, packages: [...pure, 'effect'] },
  testing: {
    folders: [...port, 'runtime', 'adapters/memory'],
    packages: [...pure, 'effect', 'fast-check', 'vitest', '@effect/vitest', '@fast-check/vitest'],
  },
  examples: { folders: ['kernel', 'codec'], packages: pure },
  // The cli loads the PostgreSQL adapter only by a dynamic import (`copy` to a URL) or for its
  // migration text (`sql`), so `foldwise` runs without the optional `pg` installed.
  cli: {
    folders: [
      ...port,
      'adapters/memory',
      'adapters/file',
      'adapters/postgres',
      'runtime',
      'examples',
    ],
    packages: [...pure, 'effect', 'node:*'],
  },
}

/** The matrix's folder of a file under src/, or undefined outside src/. */
const areaOf = (file: string): Area | undefined => {
  const parts = relative(srcDir, file).split(sep)
  if (parts[0] === '..' || parts.length === 0) return undefined
  if (parts.length === 1) return 'kernel'
  const top = parts[0] === 'adapters' ? `adapters/${parts[1] ?? ''}` : (parts[0] ?? '')
  return top in allowedImports ? (top as Area) : undefined
}

/** The package a bare specifier names (`@scope/name`, `name`), with `node:*` for built-ins. */
const packageOf = (specifier: string): string =>
  specifier.startsWith('node:')
    ? 'node:*'
    : specifier.startsWith('@')
      ? specifier.split('/').slice(0, 2).join('/')
      : (specifier.split('/')[0] ?? specifier)

/** What one file of src/ imports against its row of the matrix. */
const matrixViolations = (file: string, source: string): ReadonlyArray<string> => {
  const from = areaOf(file)
  if (from === undefined) return [`is in no folder of the allowed-imports matrix`]
  const wall = allowedImports[from]
  const problems: Array<string> = []
  for (const specifier of importsOf(source)) {
    if (specifier.startsWith('.')) {
      const target = resolve(dirname(file), specifier)
      const to = areaOf(target)
      if (to === undefined) problems.push(`imports ${specifier}, outside src/`)
      else if (to !== from && !wall.folders.includes(to))
        problems.push(`imports ${specifier}: ${from} may not import ${to}`)
    } else if (!wall.packages.includes(packageOf(specifier))) {
      problems.push(`imports ${specifier}: ${from} may not import ${packageOf(specifier)}`)
    }
  }
  return problems
}

// -------------------------------------------------------------------------------------
// compiling the pure core without ambient types
// -------------------------------------------------------------------------------------

const pureConfigPath = join(root, 'tsconfig.pure.json')

/** The compiler options of tsconfig.pure.json and the files it includes. */
const pureConfig = (): ts.ParsedCommandLine => {
  const read = ts.readConfigFile(pureConfigPath, (path) => ts.sys.readFile(path))
  return ts.parseJsonConfigFileContent(read.config, ts.sys, root)
}

/**
 * The diagnostics of each sample, compiled as files of src/kernel with the pure options (one
 * program for all, so the standard library is read once).
 */
const compilePure = (
  samples: Readonly<Record<string, string>>,
): Readonly<Record<string, ReadonlyArray<string>>> => {
  const { options } = pureConfig()
  const files = new Map(
    Object.entries(samples).map(([name, source]) => [
      join(srcDir, 'kernel', `__${name}.ts`),
      source,
    ]),
  )
  const host = ts.createCompilerHost(options)
  const readFile = host.readFile.bind(host)
  const getSourceFile = host.getSourceFile.bind(host)
  host.readFile = (name) => files.get(name) ?? readFile(name)
  host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name)
  host.getSourceFile = (name, language) => {
    const source = files.get(name)
    return source === undefined
      ? getSourceFile(name, language)
      : ts.createSourceFile(name, source, language)
  }
  const program = ts.createProgram([...files.keys()], { ...options, noUnusedLocals: false }, host)
  return Object.fromEntries(
    Object.keys(samples).map((name) => [
      name,
      ts
        .getPreEmitDiagnostics(
          program,
          program.getSourceFile(join(srcDir, 'kernel', `__${name}.ts`)),
        )
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    ]),
  )
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
  it('every file of src/ imports only what its row of the allowed-imports matrix allows', () => {
    const files = listTs(srcDir).filter((f) => !f.endsWith('.test.ts'))
    expect(files.length).toBeGreaterThan(0)
    const problems = files.flatMap((file) =>
      matrixViolations(file, readFileSync(file, 'utf8')).map(
        (p) => `${relative(root, file)}: ${p}`,
      ),
    )
    expect(problems).toEqual([])
  })

  it('tsconfig.pure.json compiles src/kernel and src/codec with ES2022 only and no ambient types', () => {
    const config = pureConfig()
    expect(config.errors).toEqual([])
    expect(config.options.lib).toEqual(['lib.es2022.d.ts'])
    expect(config.options.types).toEqual([])
    const included = new Set(config.fileNames.map((f) => resolve(f)))
    for (const file of pureDirs.flatMap(listTs).filter((f) => !f.endsWith('.test.ts')))
      expect(included.has(file), relative(root, file)).toBe(true)
  })

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
    it('the matrix refuses an upward import, a Node built-in in the runtime and a driver in the kernel', () => {
      const at = (...path: ReadonlyArray<string>) => join(srcDir, ...path)
      expect(
        matrixViolations(at('store', 'X.ts'), "import { run } from '../runtime/x.js'"),
      ).toEqual(['imports ../runtime/x.js: store may not import runtime'])
      expect(
        matrixViolations(at('adapters', 'file', 'X.ts'), "import { h } from '../../runtime/x.js'"),
      ).toHaveLength(1)
      expect(
        matrixViolations(at('runtime', 'X.ts'), "import { randomFillSync } from 'node:crypto'"),
      ).toEqual(['imports node:crypto: runtime may not import node:*'])
      expect(matrixViolations(at('kernel', 'X.ts'), "import pg from 'pg'")).toHaveLength(1)
      expect(
        matrixViolations(at('examples', 'X.ts'), "import { x } from '../cli/Run.js'"),
      ).toHaveLength(1)
      expect(matrixViolations(at('index.ts'), "import * as t from 'io-ts'")).toHaveLength(1)
      expect(
        matrixViolations(
          at('cli', 'commands', 'X.ts'),
          "import { readFileSync } from 'node:fs'\nimport { bankAccount } from '../../examples/bank.js'\nimport { Effect } from 'effect'",
        ),
      ).toEqual([])
      expect(matrixViolations(at('adapters', 'postgres', 'X.ts'), "import pg from 'pg'")).toEqual(
        [],
      )
    })

    it('the pure compiler options refuse a timer, fetch, a DOM global and Node globals, and accept ES2022', () => {
      const globals = ['setTimeout', 'fetch', 'document', 'process', 'Buffer', 'console']
      const errors = compilePure({
        es2022: 'export const a = [new Map<string, number>([["a", 1]]).size].at(0)',
        ...Object.fromEntries(globals.map((g) => [g, `export const b = ${g}`])),
      })
      expect(errors['es2022']).toEqual([])
      for (const global of globals) {
        expect(errors[global], global).toHaveLength(1)
        expect(errors[global]?.[0], global).toMatch(new RegExp(`^Cannot find name '${global}'`))
      }
    })

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
