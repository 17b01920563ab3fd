/**
 * The kernel's size in a browser bundle (issue 6): each public entry bundled on its own with
 * esbuild for the browser, minified, with its peer libraries (fp-ts, io-ts, fast-check) left
 * external, as an app that already has them would see it. Sizes only, no rates.
 */
import { builtinModules } from 'node:module'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import type { BenchRow, BenchSection } from './harness.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const peers = ['fp-ts', 'fp-ts/*', 'io-ts', 'io-ts/*', 'fast-check']

const entries: ReadonlyArray<{ readonly name: string; readonly imports: ReadonlyArray<string> }> = [
  { name: 'foldwise (kernel: deciders, views, sagas)', imports: ['./src/index.ts'] },
  { name: 'foldwise/codec', imports: ['./src/codec/index.ts'] },
  { name: 'foldwise + foldwise/codec', imports: ['./src/index.ts', './src/codec/index.ts'] },
  { name: 'foldwise/testing/kit (laws, given/when/then)', imports: ['./src/testing/kit.ts'] },
  { name: 'foldwise/testing (kit + store conformance suite)', imports: ['./src/testing/index.ts'] },
]

const kB = (bytes: number): string => `${(bytes / 1024).toFixed(1)} kB`

const measure = async (imports: ReadonlyArray<string>): Promise<string> => {
  const result = await build({
    absWorkingDir: root,
    stdin: {
      contents: imports.map((path) => `export * from '${path}'`).join('\n'),
      resolveDir: root,
      sourcefile: 'entry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: peers,
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  const node = Object.keys(result.metafile.inputs).filter(
    (input) => input.startsWith('node:') || builtinModules.includes(input),
  )
  const gzip = gzipSync(code, { level: 9 }).byteLength
  return `${kB(code.byteLength)} minified, ${kB(gzip)} gzipped${node.length > 0 ? `; pulls in Node: ${node.join(', ')}` : ''}`
}

const bench = async (): Promise<ReadonlyArray<BenchSection>> => {
  const rows: BenchRow[] = []
  for (const entry of entries) {
    let note: string
    try {
      note = await measure(entry.imports)
    } catch (error) {
      note = `does not bundle for the browser: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
    }
    rows.push({ name: entry.name, note })
  }
  return [
    {
      title: `Bundle size (esbuild, browser, minified; ${peers.filter((p) => !p.endsWith('*')).join(', ')} external)`,
      rows,
    },
  ]
}

export default bench

// Run alone: `npx tsx test/bench/bundle.bench.ts`
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { formatSection } = await import('./harness.js')
  for (const section of await bench()) console.log(formatSection(section))
}
