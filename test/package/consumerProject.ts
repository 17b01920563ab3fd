/**
 * Helpers of the consumer test: build and pack the package, and make a consumer project that
 * installs the tarball offline. npm cannot resolve a version range without the registry's
 * package documents, which `npm ci` does not cache; so the consumer gets a lockfile whose
 * entries (versions and integrity hashes) are copied from this repository's own lockfile, and
 * `npm ci --offline` takes every tarball from the local npm cache that installing this
 * repository filled.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

const run = promisify(execFile)

/** Runs a command, resolving with its output; a failure carries stdout and stderr. */
export const exec = async (
  command: string,
  args: ReadonlyArray<string>,
  cwd: string,
): Promise<{ readonly stdout: string; readonly stderr: string }> => {
  try {
    return await run(command, [...args], { cwd, maxBuffer: 64 * 1024 * 1024, env: process.env })
  } catch (error) {
    const e = error as {
      readonly stdout?: string
      readonly stderr?: string
      readonly message?: string
    }
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? e.message ?? ''}`,
    )
  }
}

/** Runs a Node script of the repository's own tools (tsc, esbuild...) by its path. */
export const node = process.execPath

/** What `npm pack --json` reports of one tarball. */
export interface PackReport {
  readonly filename: string
  readonly size: number
  readonly unpackedSize: number
  readonly entryCount: number
  readonly files: ReadonlyArray<{ readonly path: string; readonly size: number }>
}

/**
 * Builds dist/ with tsc and packs it into `destination` (install scripts off: dist is built).
 * The build emits without type-checking (`--noCheck`): `npm test` type-checks src/ on its own
 * (`npm run typecheck`), the consumer projects then check the emitted declarations, and the
 * release build (`prepack`) still checks everything. Measured here: 8.0 s of CPU against 14.0 s;
 * the output differs only in the order tsc prints a union's members.
 */
export const buildAndPack = async (destination: string): Promise<PackReport> => {
  await exec(
    node,
    [
      join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      'tsconfig.build.json',
      '--noCheck',
    ],
    repoRoot,
  )
  const { stdout } = await exec(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', destination],
    repoRoot,
  )
  const reports = JSON.parse(stdout) as ReadonlyArray<PackReport>
  const report = reports[0]
  if (report === undefined) throw new Error(`npm pack reported nothing: ${stdout}`)
  return report
}

interface LockEntry {
  readonly version: string
  readonly dependencies?: Readonly<Record<string, string>>
  readonly optionalDependencies?: Readonly<Record<string, string>>
  readonly peerDependencies?: Readonly<Record<string, string>>
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>
  readonly [key: string]: unknown
}

interface PackageJson {
  readonly version: string
  readonly license: string
  readonly dependencies?: Readonly<Record<string, string>>
  readonly peerDependencies?: Readonly<Record<string, string>>
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>
  readonly bin?: Readonly<Record<string, string>>
  readonly engines?: Readonly<Record<string, string>>
}

const required = (
  dependencies: Readonly<Record<string, string>> | undefined,
  peers: Readonly<Record<string, string>> | undefined,
  meta: Readonly<Record<string, { readonly optional?: boolean }>> | undefined,
): ReadonlyArray<string> => [
  ...Object.keys(dependencies ?? {}),
  ...Object.keys(peers ?? {}).filter((name) => meta?.[name]?.optional !== true),
]

/**
 * Writes package.json and package-lock.json of a consumer project in `dir` that depends on the
 * tarball and on every required peer of the package (what `npm install foldwise` gives a user),
 * and on the `optional` packages named (what README's install line says to add), at the
 * versions this repository's lockfile holds.
 */
export const writeConsumerProject = (
  dir: string,
  tarball: string,
  optional: ReadonlyArray<string> = [],
): ReadonlyArray<string> => {
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
    readonly packages: Readonly<Record<string, LockEntry>>
  }
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as PackageJson
  const packages: Record<string, Record<string, unknown>> = {}
  const add = (name: string): void => {
    const key = `node_modules/${name}`
    if (packages[key] !== undefined) return
    const entry = lock.packages[key]
    if (entry === undefined) throw new Error(`${name} is not in package-lock.json`)
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...kept } = entry
    packages[key] = kept
    for (const dependency of required(
      entry.dependencies,
      entry.peerDependencies,
      entry.peerDependenciesMeta,
    ))
      add(dependency)
    // npm ci wants an entry for every optional dependency too (pg's pg-cloudflare).
    for (const dependency of Object.keys(entry.optionalDependencies ?? {}))
      if (lock.packages[`node_modules/${dependency}`] !== undefined) add(dependency)
  }
  const direct = [
    ...required(pkg.dependencies, pkg.peerDependencies, pkg.peerDependenciesMeta),
    ...optional,
  ]
  for (const name of direct) add(name)
  const resolved = `file:${tarball}`
  const rootEntry = {
    name: 'consumer',
    dependencies: {
      foldwise: resolved,
      ...Object.fromEntries(
        direct.map((name) => [name, lock.packages[`node_modules/${name}`]?.version ?? '*']),
      ),
    },
  }
  packages['node_modules/foldwise'] = {
    version: pkg.version,
    resolved,
    integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
    license: pkg.license,
    ...(pkg.dependencies === undefined ? {} : { dependencies: pkg.dependencies }),
    ...(pkg.peerDependencies === undefined ? {} : { peerDependencies: pkg.peerDependencies }),
    ...(pkg.peerDependenciesMeta === undefined
      ? {}
      : { peerDependenciesMeta: pkg.peerDependenciesMeta }),
    ...(pkg.bin === undefined ? {} : { bin: pkg.bin }),
    ...(pkg.engines === undefined ? {} : { engines: pkg.engines }),
  }
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ ...rootEntry, private: true, type: 'module' }, null, 2),
  )
  writeFileSync(
    join(dir, 'package-lock.json'),
    JSON.stringify(
      {
        name: 'consumer',
        lockfileVersion: 3,
        requires: true,
        packages: { '': rootEntry, ...packages },
      },
      null,
      2,
    ),
  )
  return Object.keys(packages).map((key) => key.slice('node_modules/'.length))
}

/** README's quick start: the file it names in its first line and the code of every ```ts block of the section. */
export interface QuickStart {
  readonly fileName: string
  readonly code: string
}

/**
 * README's quick start, verbatim: every ```ts block under the `## Quick start` heading (the memory
 * store, then the file store), joined in order, saved under the name its first line gives
 * (`// quickstart.mts`), as a user who copies it would save it.
 */
export const readmeQuickStart = (): QuickStart => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
  const section = readme.split(/^## Quick start\s*$/m)[1]?.split(/^## /m)[0] ?? ''
  const blocks = [...section.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) => m[1] ?? '')
  if (blocks.length === 0) throw new Error('README.md has no ```ts block under "## Quick start"')
  const code = blocks.join('\n')
  const fileName = /^\/\/ (\S+\.[cm]?ts)\b/.exec(code)?.[1]
  if (fileName === undefined)
    throw new Error(
      "README's quick start does not open with the file name to save it as (// x.mts)",
    )
  return { fileName, code }
}

/** A domain module of docs/cli.md: the file to save it as, its code, and the command its first line gives. */
export interface DomainModuleBlock {
  readonly fileName: string
  readonly code: string
  /** The words of the command after "then:", quotes removed (`npx`, `foldwise`, `handle`, ...). */
  readonly command: ReadonlyArray<string>
}

/**
 * The ```ts block of docs/cli.md that a user saves as their own domain module, verbatim: its
 * first line names the file and the command to run once it is compiled
 * (`// tally-domain.mts: compile it (...), then: npx foldwise handle ...`).
 */
export const cliDomainModule = (): DomainModuleBlock => {
  const doc = readFileSync(join(repoRoot, 'docs', 'cli.md'), 'utf8')
  for (const match of doc.matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
    const code = match[1] ?? ''
    const head = /^\/\/ (\S+\.[cm]?ts): .*?then: (.+)$/m.exec(code.split('\n')[0] ?? '')
    if (head?.[1] === undefined || head[2] === undefined) continue
    const command = [...head[2].matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '')
    return { fileName: head[1], code, command }
  }
  throw new Error('docs/cli.md has no ```ts block opening with "// <file>.ts: ... then: <command>"')
}

/** The packages README's install block names, as words (`npm install a b  # add c and d ...`). */
export const readmeInstallWords = (): ReadonlySet<string> => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
  const section = readme.split(/^## Install\s*$/m)[1]?.split(/^## /m)[0] ?? ''
  const block = /^```sh\n([\s\S]*?)^```/m.exec(section)?.[1]
  if (block === undefined) throw new Error('README.md has no ```sh block under "## Install"')
  return new Set(block.split(/[\s,;()`]+/).filter((word) => word.length > 0))
}
