/**
 * Shared by the docs tests: turns code found in Markdown fences and TSDoc `@example` tags into
 * real modules under `.tmp/docs-blocks/`, type-checks them in one TypeScript program and maps
 * every error back to the line of the document it came from.
 *
 * Import specifiers are rewritten when a module is written, so the same text resolves for the
 * type check and for the run: `foldwise` and `foldwise/<sub>` point at the sources in src/ (the
 * package's `exports` point at dist/, which the tests do not build), and relative specifiers
 * are resolved from the document's own folder, as a reader of the document would read them.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

/** The repository root (this file lives in test/docs/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** A piece of code found in a document, with the place it was found. */
export interface CodeSource {
  /** The document, relative to the repository root. */
  readonly file: string
  /** 1-based line of the document where the code's first line sits. */
  readonly line: number
  /** What a failure names: the block (`block at line 12`) or the symbol (`foldFrom`). */
  readonly label: string
  readonly code: string
}

/** Several pieces of code written out as one module, with a map back to their documents. */
export interface Materialized {
  readonly path: string
  readonly sources: ReadonlyArray<CodeSource>
  /** Where a line of the module came from: `README.md:14 (block at line 12)`. */
  readonly locate: (moduleLine: number) => string
}

/** A fresh directory for one test process's modules; removed by `remove`. */
export const makeScratchDir = (
  kind: string,
): { readonly dir: string; readonly remove: () => void } => {
  const dir = join(repoRoot, '.tmp', 'docs-blocks', `${kind}-${process.pid}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Every file under `dir` (relative to the root) whose name passes `keep`, sorted. */
export const listFiles = (
  dir: string,
  keep: (name: string) => boolean,
  skipDirs: ReadonlyArray<string> = [],
): ReadonlyArray<string> => {
  const absolute = join(repoRoot, dir)
  let names: ReadonlyArray<string>
  try {
    names = readdirSync(absolute)
  } catch {
    return []
  }
  const found: string[] = []
  for (const name of [...names].sort()) {
    const path = join(absolute, name)
    const rel = relative(repoRoot, path).split(sep).join('/')
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && !skipDirs.includes(rel))
        found.push(...listFiles(rel, keep, skipDirs))
    } else if (keep(name)) found.push(rel)
  }
  return found
}

/** `foldwise` and `foldwise/<sub>` -> absolute source path, read from package.json `exports`. */
const packageSources = (): ReadonlyMap<string, string> => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    readonly name: string
    readonly exports?: Readonly<
      Record<string, { readonly import?: string; readonly default?: string } | string>
    >
  }
  const map = new Map<string, string>()
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    const file = typeof target === 'string' ? target : (target.import ?? target.default)
    if (file === undefined || !file.startsWith('./dist/') || !file.endsWith('.js')) continue
    const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`
    // dist/ mirrors src/ (`./dist/index.js`) or the repository (`./dist/src/index.js`).
    const built = file.slice('./dist/'.length)
    map.set(specifier, join(repoRoot, built.startsWith('src/') ? built : join('src', built)))
  }
  return map
}

const packageMap = packageSources()

const relativeSpecifier = (fromDir: string, target: string): string => {
  const rel = relative(fromDir, target).split(sep).join('/')
  return rel.startsWith('.') ? rel : `./${rel}`
}

/**
 * Rewrites the import specifiers of `code`, written as if it lived in `originDir`, for a
 * module that lives in `moduleDir`. Line and column positions of everything else stay put.
 */
export const rewriteSpecifiers = (code: string, originDir: string, moduleDir: string): string => {
  const imports = ts.preProcessFile(code, true, true).importedFiles
  let out = code
  // Right to left, so earlier positions stay valid.
  for (const ref of [...imports].sort((a, b) => b.pos - a.pos)) {
    const specifier = ref.fileName
    const source = packageMap.get(specifier)
    const target =
      source !== undefined
        ? relativeSpecifier(moduleDir, source)
        : specifier.startsWith('./') || specifier.startsWith('../')
          ? relativeSpecifier(moduleDir, resolve(originDir, specifier))
          : undefined
    if (target === undefined) continue
    const at = out.indexOf(specifier, ref.pos)
    if (at < 0 || !`'"\``.includes(out[at - 1] ?? '')) continue
    out = out.slice(0, at) + target + out.slice(at + specifier.length)
  }
  return out
}

/** The identities an import declaration binds: `specifier|imported|local`, and whether type-only. */
const importBindings = (
  node: ts.ImportDeclaration,
): ReadonlyArray<{ readonly key: string; readonly typeOnly: boolean }> => {
  const spec = ts.isStringLiteral(node.moduleSpecifier) ? node.moduleSpecifier.text : '?'
  const clause = node.importClause
  if (clause === undefined) return [{ key: `${spec}|side-effect|`, typeOnly: false }]
  const all = clause.isTypeOnly
  const out: Array<{ key: string; typeOnly: boolean }> = []
  if (clause.name !== undefined)
    out.push({ key: `${spec}|default|${clause.name.text}`, typeOnly: all })
  const named = clause.namedBindings
  if (named !== undefined && ts.isNamespaceImport(named))
    out.push({ key: `${spec}|*|${named.name.text}`, typeOnly: all })
  if (named !== undefined && ts.isNamedImports(named))
    for (const element of named.elements)
      out.push({
        key: `${spec}|${(element.propertyName ?? element.name).text}|${element.name.text}`,
        typeOnly: all || element.isTypeOnly,
      })
  return out
}

/**
 * Blanks out (keeping line breaks) the top-level imports of `code` that bind only what
 * `seen` already binds, so a continued block may repeat its chain's imports; records the rest.
 */
const dropRepeatedImports = (code: string, seen: Map<string, boolean>): string => {
  const file = ts.createSourceFile('block.ts', code, ts.ScriptTarget.Latest, false)
  let out = code
  const blank: Array<readonly [number, number]> = []
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement)) continue
    const bindings = importBindings(statement)
    // A value import is covered by an earlier value import; a type-only one by either.
    const covered = bindings.every(
      (b) => seen.has(b.key) && (b.typeOnly || seen.get(b.key) === false),
    )
    if (covered && bindings.length > 0) blank.push([statement.getStart(file), statement.end])
    else for (const b of bindings) seen.set(b.key, (seen.get(b.key) ?? true) && b.typeOnly)
  }
  for (const [start, end] of blank.reverse())
    out = out.slice(0, start) + out.slice(start, end).replace(/[^\n]/g, ' ') + out.slice(end)
  return out
}

/**
 * Writes `sources` (which read as if they lived in `originDir`) one after the other into the
 * module `path`. Imports a later source repeats from an earlier one are dropped.
 */
export const materialize = (
  path: string,
  originDir: string,
  sources: ReadonlyArray<CodeSource>,
): Materialized => {
  const lines: string[] = [
    `// Generated by test/docs from ${sources[0]?.file ?? '?'}; do not edit.`,
  ]
  const segments: Array<{ readonly start: number; readonly source: CodeSource }> = []
  const seen = new Map<string, boolean>()
  for (const source of sources) {
    const code = dropRepeatedImports(rewriteSpecifiers(source.code, originDir, dirname(path)), seen)
    lines.push(`// ${source.file}:${source.line} (${source.label})`)
    segments.push({ start: lines.length + 1, source })
    lines.push(...code.split('\n'))
  }
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, lines.join('\n') + '\n')
  const locate = (moduleLine: number): string => {
    const segment = [...segments].reverse().find((s) => s.start <= moduleLine)
    if (segment === undefined) return `${sources[0]?.file ?? '?'} (generated header)`
    const { file, line, label } = segment.source
    return `${file}:${line + moduleLine - segment.start} (${label})`
  }
  return { path, sources, locate }
}

/** A global `assert` (node:assert/strict) for the modules, declared for the type check. */
export const writeAssertGlobal = (dir: string): string => {
  const path = join(dir, 'assert-global.d.ts')
  writeFileSync(
    path,
    [
      "import type strictAssert from 'node:assert/strict'",
      'declare global {',
      '  const assert: typeof strictAssert',
      '}',
      'export {}',
      '',
    ].join('\n'),
  )
  return path
}

/**
 * Type-checks `modules` in one program with the repository's compiler options (strict,
 * exactOptionalPropertyTypes, noUncheckedIndexedAccess, ...), except that unused locals are
 * allowed: a document may show a declaration for the reader without using it.
 * Returns one line per error, located in its document.
 */
export const typeCheck = (
  modules: ReadonlyArray<Materialized>,
  extraRoots: ReadonlyArray<string>,
): ReadonlyArray<string> => {
  if (modules.length === 0) return []
  const parsed = ts.getParsedCommandLineOfConfigFile(join(repoRoot, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'))
    },
  })
  if (parsed === undefined) throw new Error('cannot read tsconfig.json')
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    sourceMap: false,
    incremental: false,
    noUnusedLocals: false,
    noUnusedParameters: false,
    moduleDetection: ts.ModuleDetectionKind.Force,
  }
  const byPath = new Map(modules.map((m) => [resolve(m.path), m]))
  const program = ts.createProgram({
    rootNames: [...modules.map((m) => m.path), ...extraRoots],
    options,
  })
  // Only the modules' own diagnostics: checking all of src/ is the project's type check, and
  // asking for the modules alone lets the checker skip the bodies it does not need.
  const diagnostics: ts.Diagnostic[] = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
  ]
  for (const path of [...modules.map((m) => m.path), ...extraRoots]) {
    const file = program.getSourceFile(path)
    if (file === undefined) {
      diagnostics.push({
        category: ts.DiagnosticCategory.Error,
        code: 0,
        file: undefined,
        start: undefined,
        length: undefined,
        messageText: `${path} is not in the program`,
      })
      continue
    }
    diagnostics.push(
      ...program.getSyntacticDiagnostics(file),
      ...program.getSemanticDiagnostics(file),
    )
  }
  const errors: string[] = []
  for (const d of diagnostics) {
    const message = `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n  ')}`
    const module = d.file === undefined ? undefined : byPath.get(resolve(d.file.fileName))
    if (d.file === undefined || module === undefined) {
      errors.push(d.file === undefined ? message : `${d.file.fileName}: ${message}`)
      continue
    }
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0)
    errors.push(`${module.locate(line + 1)} col ${character + 1}: ${message}`)
  }
  return errors
}

/** Rewrites the module lines an error's stack mentions into document locations. */
export const locateError = (error: unknown, module: Materialized): Error => {
  const base = error instanceof Error ? error : new Error(String(error))
  const name = module.path.split(sep).join('/')
  const pattern = new RegExp(`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)`, 'g')
  const places = [...(base.stack ?? '').matchAll(pattern)].map((m) => module.locate(Number(m[1])))
  const first = module.sources[0]
  const lines = module.sources.map((s) => s.line).join(', ')
  const where = places[0] ?? `${first?.file ?? '?'} (code at line ${lines})`
  return new Error(`${where}: ${base.message}`, { cause: base })
}
