/**
 * The version a user installs tells the truth: package.json's version is at least every
 * `@since` in src/ (a release cannot carry an API "since" a later one), and `foldwise --version`
 * prints that same version. The package once shipped as 0.1.0 with names marked `@since 0.2.0`,
 * while its file store's errors spoke of "foldwise 0.1" as an older, incompatible release.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { foldwiseVersion } from '../../src/cli/Foldwise.js'
import { listFiles, repoRoot } from '../docs/materialize.js'

const packageVersion = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { readonly version: string }
).version

/** `[major, minor, patch]` of a plain `x.y.z` version. */
const parts = (version: string): ReadonlyArray<number> => version.split('.').map(Number)

/** Negative, zero or positive as `a` is below, equal to or above `b`. */
const compareVersions = (a: string, b: string): number => {
  const [x, y] = [parts(a), parts(b)]
  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

describe('the package version', () => {
  it('is a plain x.y.z version', () => {
    expect(packageVersion).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it('is not older than any @since in src/', () => {
    const since = new Set(
      listFiles('src', (name) => name.endsWith('.ts')).flatMap((file) =>
        [...readFileSync(join(repoRoot, file), 'utf8').matchAll(/@since\s+(\d+\.\d+\.\d+)/g)].map(
          (m) => m[1] ?? '',
        ),
      ),
    )
    expect(since.size).toBeGreaterThan(0)
    const later = [...since].filter((v) => compareVersions(v, packageVersion) > 0)
    expect(later, `package.json says ${packageVersion}`).toEqual([])
  })

  it('is what foldwise --version prints', () => {
    expect(foldwiseVersion).toBe(packageVersion)
  })

  it('compares versions by number, not as text (the checker itself)', () => {
    expect(compareVersions('0.10.0', '0.2.0')).toBeGreaterThan(0)
    expect(compareVersions('0.2.0', '0.2.0')).toBe(0)
    expect(compareVersions('0.1.9', '0.2.0')).toBeLessThan(0)
  })
})
