/**
 * package.json is published as written: `npm pkg fix` (the normalization `npm publish` applies,
 * warning "npm auto-corrected some errors in your package.json") changes nothing in it. It once
 * rewrote the bin `./bin/foldwise.js` to `bin/foldwise.js`, with a warning that read as if the
 * CLI had been removed.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { exec, repoRoot } from './consumerProject.js'

const dir = mkdtempSync(join(tmpdir(), 'foldwise-manifest-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('npm pkg fix finds nothing to correct in package.json', async () => {
  copyFileSync(join(repoRoot, 'package.json'), join(dir, 'package.json'))
  await exec('npm', ['pkg', 'fix', '--ignore-scripts'], dir)
  const fixed = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as unknown
  const written = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as unknown
  expect(fixed).toEqual(written)
}, 30_000)
