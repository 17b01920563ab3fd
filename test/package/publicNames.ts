/**
 * The public names of the package: every name each entry point of package.json's `exports` map
 * offers (values and types), read with the TypeScript compiler from the sources. Run by hand with
 * `npx tsx test/package/publicNames.ts` to print the count per entry point.
 */
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** One entry point of the exports map and the names it offers. */
export interface EntryNames {
  readonly entry: string
  readonly source: string
  readonly names: ReadonlyArray<string>
}

/** The exports map's entry points with the source file behind each (`./dist/src/x.js` -> `src/x.ts`). */
export const entryPoints = (): ReadonlyArray<{
  readonly entry: string
  readonly source: string
}> => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    readonly exports: Record<string, string | Record<string, string>>
  }
  return Object.entries(pkg.exports).flatMap(([entry, target]) => {
    if (typeof target === 'string') return []
    const js = target['import'] ?? target['default']
    if (js === undefined) return []
    return [{ entry, source: js.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts') }]
  })
}

/** The names each entry point exports, sorted. */
export const publicNames = (): ReadonlyArray<EntryNames> => {
  const entries = entryPoints()
  const program = ts.createProgram(
    entries.map((e) => join(root, e.source)),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
    },
  )
  const checker = program.getTypeChecker()
  return entries.map(({ entry, source }) => {
    const file = program.getSourceFile(join(root, source))
    const symbol = file === undefined ? undefined : checker.getSymbolAtLocation(file)
    const names =
      symbol === undefined ? [] : checker.getExportsOfModule(symbol).map((s) => s.getName())
    return { entry, source, names: [...names].sort() }
  })
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const all = publicNames()
  let total = 0
  let outsideRuntime = 0
  for (const { entry, names } of all) {
    console.log(`${entry.padEnd(20)} ${String(names.length).padStart(4)}  ${names.join(' ')}`)
    total += names.length
    if (entry !== './runtime') outsideRuntime += names.length
  }
  const distinct = new Set(all.flatMap((e) => e.names)).size
  console.log(`total ${total} (distinct ${distinct}); outside ./runtime ${outsideRuntime}`)
}
