/**
 * The package as a user gets it: `npm pack`, the tarball installed offline with install scripts
 * disabled into a fresh consumer project (with the peers a user installs), then README's quick
 * start (read from README.md now, verbatim) type-checked and run under `module: nodenext` and
 * `moduleResolution: bundler`, a CommonJS project that `require`s the package, a browser bundle
 * of kernel + codec + memory store + runtime with no Node built-in, the file store working
 * without any compiler, and the tarball within its budgets.
 */
import { execFile } from 'node:child_process'
import { builtinModules } from 'node:module'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consoleSessions, matches } from '../docs/consoleSessions.js'
import type { PackReport } from './consumerProject.js'
import { makeConsumerTypeChecker } from './consumerTypeCheck.js'
import {
  buildAndPack,
  cliDomainModule,
  exec,
  node,
  readmeInstallWords,
  readmeQuickStart,
  repoRoot,
  writeConsumerProject,
} from './consumerProject.js'

/** Budgets of the tarball: measured 197 kB packed, 728 kB unpacked, 267 files (no maps). */
// Measured 286 kB packed after the CLI (copy, handle, sql), command codecs and the simulation landed.
/** The options `tsc --init` (TypeScript 5.9) writes that matter here, on top of `strict`. */
const tscInit = {
  module: 'nodenext',
  moduleResolution: 'nodenext',
  skipLibCheck: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
} as const

// Measured 312 kB packed, 1,151 kB unpacked after the runtime's argument checks
// (HandlerArguments, ReadArguments, ArgumentRules, DomainDefects), the stores' shared
// Listeners and a longer README landed.
const budget = { packedBytes: 330_000, unpackedBytes: 1_250_000, files: 420 }

// Outside the repository: under it, Node and TypeScript walk up from the consumer to the
// repository's own node_modules and find there whatever the tarball forgot to depend on
// (pg's types were found that way, so a test of README's install line passed without them).
const work = mkdtempSync(join(tmpdir(), 'foldwise-consumer-'))
const consumer = join(work, 'consumer')
// The three TypeScript projects below are checked in this process through one parse cache
// (consumerTypeCheck.ts): three `tsc` runs parsed the same ~430 declaration files three times.
const typeChecker = makeConsumerTypeChecker()
let pack: PackReport

/**
 * What a user adds for the entry points beyond the kernel, runtime and stores (README's install
 * line names them): the PostgreSQL driver with its types, and fast-check for the laws.
 * `foldwise/testing` also needs vitest, left out here (its install is larger than the rest).
 */
const optionalPeers = ['pg', '@types/pg', 'fast-check']

const strict = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  target: 'ES2022',
  types: ['node'],
  typeRoots: [join(repoRoot, 'node_modules', '@types')],
}

/** The package's entry points as a user imports them (`foldwise`, `foldwise/codec`, ...). */
const packageEntries = (): ReadonlyArray<string> => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    readonly exports: Readonly<Record<string, unknown>>
  }
  return Object.keys(pkg.exports)
    .filter((entry) => entry !== './package.json')
    .map((entry) => `foldwise${entry.slice(1)}`)
}

const writeJson = (path: string, value: unknown): void =>
  writeFileSync(path, JSON.stringify(value, null, 2))

/** Type-checks (and emits, unless `noEmit`) the project in `dir`, as `tsc -p` would; throws on an error. */
const compile = (
  dir: string,
  compilerOptions: Readonly<Record<string, unknown>>,
  files: ReadonlyArray<string>,
  checkOnly?: (fileName: string) => boolean,
): void => {
  // The tsconfig.json a user would write, kept beside the files for whoever debugs a failure.
  writeJson(join(dir, 'tsconfig.json'), { compilerOptions, files })
  const errors = typeChecker.check({
    dir,
    compilerOptions,
    files,
    ...(checkOnly === undefined ? {} : { checkOnly }),
  })
  if (errors.length > 0) throw new Error(`type errors in ${dir}:\n${errors.join('')}`)
}

beforeAll(async () => {
  rmSync(work, { recursive: true, force: true })
  mkdirSync(consumer, { recursive: true })
  const started = performance.now()
  pack = await buildAndPack(work)
  const packed = performance.now()
  writeConsumerProject(consumer, join(work, pack.filename), optionalPeers)
  await exec('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], consumer)
  console.log(
    `consumer test: build + pack ${Math.round(packed - started)} ms, offline install ${Math.round(performance.now() - packed)} ms`,
  )
}, 240_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('the packed package in a consumer project', () => {
  it('the tarball ships the build, SQL, CLI, README and LICENSE; no map, test or docs; within budgets', () => {
    const paths = pack.files.map((f) => f.path)
    expect(paths).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']))
    expect(paths).toContain('dist/src/index.js')
    expect(paths).toContain('dist/src/index.d.ts')
    expect(paths).toContain('bin/foldwise.js')
    expect(paths.filter((p) => p.startsWith('sql/')).length).toBeGreaterThan(0)
    const outside = paths.filter(
      (p) =>
        !/^(dist\/src\/.+\.(js|d\.ts)|sql\/.+\.sql|bin\/foldwise\.js|LICENSE|README\.md|package\.json)$/.test(
          p,
        ),
    )
    expect(outside).toEqual([])
    expect(
      paths.filter((p) => /\.map$|\.test\.|^dist\/(test|docs)\/|docs\/examples/.test(p)),
    ).toEqual([])
    expect(pack.size).toBeLessThanOrEqual(budget.packedBytes)
    expect(pack.unpackedSize).toBeLessThanOrEqual(budget.unpackedBytes)
    expect(pack.entryCount).toBeLessThanOrEqual(budget.files)
  })

  it("README's quick start (memory, then file store), saved as it says in a fresh `npm init -y` project, type-checks under module nodenext and runs", async () => {
    const dir = join(consumer, 'nodenext')
    mkdirSync(dir, { recursive: true })
    // What `npm init -y` writes (npm 10.9 and later): a CommonJS package, where a `.ts` file
    // with top-level await does not compile; README names the file to save the quick start in.
    writeJson(join(dir, 'package.json'), { name: 'nodenext', version: '1.0.0', type: 'commonjs' })
    const { fileName, code } = readmeQuickStart()
    writeFileSync(join(dir, fileName), code)
    compile(dir, { ...strict, ...tscInit, outDir: 'out' }, [fileName])
    await exec(node, [join(dir, 'out', fileName.replace(/ts$/, 'js'))], dir)
  }, 120_000)

  it("README's quick start type-checks under moduleResolution bundler and runs once bundled", async () => {
    const dir = join(consumer, 'bundler')
    mkdirSync(dir, { recursive: true })
    const { fileName, code } = readmeQuickStart()
    writeFileSync(join(dir, fileName), code)
    compile(
      dir,
      {
        ...strict,
        module: 'esnext',
        moduleResolution: 'bundler',
        skipLibCheck: true,
        noEmit: true,
      },
      [fileName],
    )
    await build({
      absWorkingDir: dir,
      entryPoints: [fileName],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'es2022',
      outfile: join(dir, 'out.mjs'),
      logLevel: 'silent',
    })
    await exec(node, [join(dir, 'out.mjs')], dir)
  }, 120_000)

  it('a CommonJS project requires every entry point (the same names as import) and runs a decider', async () => {
    const dir = join(consumer, 'cjs')
    mkdirSync(dir, { recursive: true })
    writeJson(join(dir, 'package.json'), { type: 'commonjs' })
    writeFileSync(
      join(dir, 'main.js'),
      [
        "const assert = require('node:assert/strict')",
        "const { decideAndEvolve, fold } = require('foldwise')",
        "const { versions, eventCodec } = require('foldwise/codec')",
        "const { makeMemoryStore } = require('foldwise/adapters/memory')",
        "const { left, right } = require('fp-ts/lib/Either')",
        'const counter = {',
        '  initialState: 0,',
        "  decide: (c, n) => (n + c.by > 3 ? left({ _tag: 'TooMany' }) : right([{ type: 'Added', by: c.by }])),",
        '  evolve: (n, e) => n + e.by,',
        '}',
        "const step = decideAndEvolve(counter)({ type: 'Add', by: 2 }, 0)",
        "assert.deepEqual(step, right({ events: [{ type: 'Added', by: 2 }], state: 2 }))",
        "assert.equal(fold(counter)([{ type: 'Added', by: 1 }, { type: 'Added', by: 2 }]), 3)",
        "assert.equal(typeof versions, 'function')",
        "assert.equal(typeof eventCodec, 'function')",
        "assert.equal(typeof makeMemoryStore, 'function')",
        "console.log('cjs ok')",
      ].join('\n'),
    )
    const { stdout } = await exec(node, [join(dir, 'main.js')], dir)
    expect(stdout.trim()).toBe('cjs ok')
    // Every entry point loads by require, and ESM import gives it the same names (foldwise/testing
    // needs vitest, which the consumer does not install).
    const entries = packageEntries().filter((entry) => entry !== 'foldwise/testing')
    writeFileSync(
      join(dir, 'entries.js'),
      [
        'const names = {}',
        `for (const entry of ${JSON.stringify(entries)}) names[entry] = Object.keys(require(entry)).sort()`,
        'console.log(JSON.stringify(names))',
      ].join('\n'),
    )
    writeFileSync(
      join(dir, 'entries.mjs'),
      [
        'const names = {}',
        `for (const entry of ${JSON.stringify(entries)}) names[entry] = Object.keys(await import(entry)).filter((n) => n !== 'default' && n !== 'module.exports').sort()`,
        'console.log(JSON.stringify(names))',
      ].join('\n'),
    )
    const required = JSON.parse(
      (await exec(node, [join(dir, 'entries.js')], dir)).stdout,
    ) as Record<string, ReadonlyArray<string>>
    const imported = JSON.parse(
      (await exec(node, [join(dir, 'entries.mjs')], dir)).stdout,
    ) as Record<string, ReadonlyArray<string>>
    expect(Object.keys(required)).toEqual(entries)
    for (const entry of entries) expect(required[entry]?.length, entry).toBeGreaterThan(0)
    expect(required).toEqual(imported)
  }, 60_000)

  it('a CommonJS TypeScript file (.cts, module nodenext) imports the package, type-checks and runs', async () => {
    const dir = join(consumer, 'cjs-ts')
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      join(dir, 'main.cts'),
      [
        "import assert = require('node:assert/strict')",
        "import { decideAndEvolve, fold } from 'foldwise'",
        "import type { Decider } from 'foldwise'",
        "import { left, right } from 'fp-ts/lib/Either'",
        "const counter: Decider<{ readonly by: number }, number, { readonly by: number }, 'TooMany'> = {",
        '  initialState: 0,',
        "  decide: (c, n) => (n + c.by > 3 ? left('TooMany') : right([{ by: c.by }])),",
        '  evolve: (n, e) => n + e.by,',
        '}',
        'assert.deepEqual(decideAndEvolve(counter)({ by: 2 }, 0), right({ events: [{ by: 2 }], state: 2 }))',
        'assert.equal(fold(counter)([{ by: 1 }, { by: 2 }]), 3)',
        "console.log('cts ok')",
      ].join('\n'),
    )
    compile(
      dir,
      {
        ...strict,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        skipLibCheck: true,
        outDir: 'out',
      },
      ['main.cts'],
    )
    const { stdout } = await exec(node, [join(dir, 'out', 'main.cjs')], dir)
    expect(stdout.trim()).toBe('cts ok')
  }, 120_000)

  it("every entry point but foldwise/testing type-checks with skipLibCheck off, given the packages README's install line names", () => {
    const words = readmeInstallWords()
    expect(optionalPeers.filter((name) => !words.has(name))).toEqual([])
    const dir = join(consumer, 'entries')
    mkdirSync(dir, { recursive: true })
    const entries = packageEntries().filter((entry) => entry !== 'foldwise/testing')
    expect(entries).toContain('foldwise/adapters/postgres')
    writeFileSync(
      join(dir, 'entries.ts'),
      entries.map((entry, i) => `export * as entry${i} from '${entry}'`).join('\n'),
    )
    // The project's file and every declaration file of the package, each checked in full.
    compile(
      dir,
      { ...strict, module: 'nodenext', moduleResolution: 'nodenext', noEmit: true },
      ['entries.ts'],
      (fileName) => fileName.startsWith(dir) || fileName.includes('/node_modules/foldwise/'),
    )
  }, 60_000)

  it("docs/cli.md's domain module, saved and compiled as it says, runs through the installed bin", async () => {
    const dir = join(consumer, 'own-domain')
    mkdirSync(dir, { recursive: true })
    // A project as `npm init -y` and `tsc --init` (TypeScript 5.9) make it.
    writeJson(join(dir, 'package.json'), { name: 'own-domain', version: '1.0.0', type: 'commonjs' })
    const { fileName, code, command } = cliDomainModule()
    writeFileSync(join(dir, fileName), code)
    compile(dir, { ...strict, ...tscInit, declaration: true, outDir: 'dist' }, [fileName])
    // `npx foldwise ...` runs node_modules/.bin/foldwise: the package's bin, run here directly.
    expect(command.slice(0, 2)).toEqual(['npx', 'foldwise'])
    const bin = join(consumer, 'node_modules', 'foldwise', 'bin', 'foldwise.js')
    const { stdout } = await exec(node, [bin, ...command.slice(2)], dir)
    expect(stdout).toContain('stream tally-1 is at version 1')
    // docs/cli.md's session on that module, replayed in a shell where `foldwise` is the
    // installed bin, on a fresh ./data.
    rmSync(join(dir, 'data'), { recursive: true, force: true })
    const session = consoleSessions(readFileSync(join(repoRoot, 'docs', 'cli.md'), 'utf8')).find(
      (s) => s.runs[0]?.commandLine.includes('--decider ./dist/tally-domain.mjs') === true,
    )
    expect(session?.runs.length).toBeGreaterThan(3)
    const path = `${join(consumer, 'node_modules', '.bin')}:${process.env['PATH'] ?? ''}`
    for (const shown of session?.runs ?? []) {
      const printed = await new Promise<{ readonly code: number; readonly lines: string[] }>(
        (resolve) => {
          execFile(
            'sh',
            ['-c', `${shown.commandLine} 2>&1`],
            { cwd: dir, env: { ...process.env, PATH: path }, timeout: 30_000 },
            (error, out) =>
              resolve({
                code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
                lines: out === '' ? [] : out.replace(/\n$/, '').split('\n'),
              }),
          )
        },
      )
      const where = `docs/cli.md:${shown.line} $ ${shown.commandLine}\n--- shown\n${shown.output.join('\n')}\n--- printed\n${printed.lines.join('\n')}`
      expect(matches(shown.output, printed.lines), where).toBe(true)
      expect(printed.code, where).toBe(shown.exitCode)
    }
  }, 60_000)

  it('esbuild bundles kernel, codec, memory store and runtime for the browser with no Node built-in', async () => {
    const result = await build({
      absWorkingDir: consumer,
      stdin: {
        contents: [
          "export * from 'foldwise'",
          "export * from 'foldwise/codec'",
          "export * from 'foldwise/adapters/memory'",
          "export * from 'foldwise/runtime'",
        ].join('\n'),
        resolveDir: consumer,
        sourcefile: 'entry.ts',
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      write: false,
      metafile: true,
      logLevel: 'silent',
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.some((i) => i.includes('node_modules/foldwise/dist/src/runtime/'))).toBe(true)
    const builtins = new Set(builtinModules)
    const nodeInputs = inputs.filter(
      (i) => i.startsWith('(disabled):') || i.startsWith('node:') || builtins.has(i),
    )
    expect(nodeInputs).toEqual([])
  }, 60_000)

  it('the install needs no compiler: no installed package has an install script or a binding.gyp', () => {
    const modules = join(consumer, 'node_modules')
    const packages = readdirSync(modules).flatMap((name) =>
      name.startsWith('@') ? readdirSync(join(modules, name)).map((n) => `${name}/${n}`) : [name],
    )
    const builds = packages.filter((name) => {
      if (name.startsWith('.')) return false
      const pkg = JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')) as {
        readonly scripts?: Readonly<Record<string, string>>
      }
      const scripts = pkg.scripts ?? {}
      return (
        scripts['preinstall'] !== undefined ||
        scripts['install'] !== undefined ||
        scripts['postinstall'] !== undefined ||
        existsSync(join(modules, name, 'binding.gyp'))
      )
    })
    expect(builds).toEqual([])
  })

  it('with install scripts disabled, the file store opens, appends and reads back', async () => {
    const dir = join(consumer, 'filestore')
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      join(dir, 'main.mjs'),
      [
        "import assert from 'node:assert/strict'",
        "import { Effect } from 'effect'",
        "import { openFileStore } from 'foldwise/adapters/file'",
        "import { toPromiseStore } from 'foldwise/store'",
        'const store = toPromiseStore(await Effect.runPromise(openFileStore(process.argv[2])))',
        "const event = { eventId: 'e1', type: 'Opened', schemaVersion: 1, data: {}, metadata: {} }",
        "const appended = await store.append('account-1', [event], { expectedVersion: 'no_stream' })",
        "assert.equal(appended._tag, 'Right')",
        "const read = await store.readStream('account-1')",
        "assert.ok(read._tag === 'Right' && read.right.length === 1)",
        'await store.close()',
        "console.log('file store ok')",
      ].join('\n'),
    )
    const { stdout } = await exec(node, [join(dir, 'main.mjs'), join(dir, 'data')], dir)
    expect(stdout.trim()).toBe('file store ok')
  }, 60_000)
})
