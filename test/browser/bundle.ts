/**
 * Bundles the pure core for a browser with esbuild: the kernel, the codecs, the testing laws
 * and the bank-account example, around the checks in `entry.ts`. The bundle is one IIFE script
 * that defines the global `foldwiseRunsAnywhere`; the browser test and the worker test run the
 * same script. Nothing is external, so anything reaching for Node fails here.
 */
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BuildFailure, Message, Metafile } from 'esbuild'
import { build } from 'esbuild'
import type { RunsAnywhereReport } from './entry.js'

export type { RunsAnywhereReport } from './entry.js'

const here = dirname(fileURLToPath(import.meta.url))
export const repoRoot = resolve(here, '..', '..')

/** The global the bundle defines. */
export const bundleGlobal = 'foldwiseRunsAnywhere'

/** What the bundle's global holds. */
export interface RunsAnywhereGlobal {
  readonly run: () => Promise<RunsAnywhereReport>
}

/** The bundled script and the files it was made of (relative to the repository root). */
export interface RunsAnywhereBundle {
  readonly code: string
  readonly inputs: ReadonlyArray<string>
}

const builtins: ReadonlySet<string> = new Set(builtinModules)

/**
 * The inputs that are Node's, or that a browser bundle must not carry: `node:*` and bare
 * builtins (`fs`), modules esbuild disabled for the browser, and vitest.
 */
export const forbiddenInputs = (inputs: ReadonlyArray<string>): ReadonlyArray<string> =>
  inputs.filter((input) => {
    const name = input.replace(/^\(disabled\):/, '')
    return (
      input.startsWith('(disabled):') ||
      name.startsWith('node:') ||
      builtins.has(name) ||
      /(^|\/)node_modules\/(vitest|@vitest|vite|pg)\//.test(name)
    )
  })

const formatMessages = (messages: ReadonlyArray<Message>): string =>
  messages
    .map((m) => {
      const where = m.location === null ? '' : `${m.location.file}:${m.location.line}: `
      const notes = m.notes.map((n) => `\n    ${n.text}`).join('')
      return `  ${where}${m.text}${notes}`
    })
    .join('\n')

const isBuildFailure = (error: unknown): error is BuildFailure =>
  error instanceof Error && Array.isArray((error as Partial<BuildFailure>).errors)

/** Bundles `entry` (default: entry.ts) for the browser; a Node import fails with esbuild's message. */
export const bundleRunsAnywhere = async (
  entry: string = join(here, 'entry.ts'),
): Promise<RunsAnywhereBundle> => {
  let result: {
    readonly outputFiles: ReadonlyArray<{ readonly text: string }>
    readonly metafile: Metafile
  }
  try {
    result = await build({
      absWorkingDir: repoRoot,
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: bundleGlobal,
      target: 'es2022',
      write: false,
      metafile: true,
      logLevel: 'silent',
      external: [],
    })
  } catch (error) {
    if (isBuildFailure(error))
      throw new Error(`the browser bundle does not build:\n${formatMessages(error.errors)}`)
    throw error
  }
  const code = result.outputFiles[0]?.text
  if (code === undefined) throw new Error('esbuild wrote no bundle')
  const inputs = Object.keys(result.metafile.inputs).map((p) =>
    p.startsWith('(') ? p : relative(repoRoot, resolve(repoRoot, p)),
  )
  return { code, inputs }
}

/** Every check of a report as one line, for the test output. */
export const formatReport = (report: RunsAnywhereReport): string =>
  [
    `runs anywhere, ${report.environment}:`,
    ...report.checks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`),
  ].join('\n')

/** The failed checks of a report, as text. */
export const failedChecks = (report: RunsAnywhereReport): ReadonlyArray<string> =>
  report.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`)
