/**
 * Every `@example` in the TSDoc of src/**\/*.ts is compiled and run, with a global `assert`
 * (node:assert/strict), so the API reference cannot drift from the code. The convention:
 * - An example is a module of its own. It imports what it uses from the package (`foldwise`,
 *   `foldwise/store`, ... are mapped to src/); relative imports start from the repository
 *   root, as a user of the package reads them (`./docs/examples/bank.js`). It ends in an
 *   assertion.
 * - A fenced example (```ts ... ```) is read from inside the fence.
 * - `@example no-run` (or a ```ts no-run fence) is compiled but not executed: for examples
 *   that register test suites (the conformance suites) or need a server.
 * A failure names the source file, the symbol and the example's line.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Materialized } from './materialize.js'
import { listFiles, materialize, repoRoot, typeCheck, writeAssertGlobal } from './materialize.js'
import { runMaterialized, scratchDirFor } from './harness.js'
import type { TsdocExample } from './tsdoc.js'
import { readTsdocExamples } from './tsdoc.js'

const sources = listFiles('src', (name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
const examples: ReadonlyArray<TsdocExample> = sources.flatMap(readTsdocExamples)
const scratchDir = scratchDirFor('tsdoc')

const modules: ReadonlyArray<{ readonly example: TsdocExample; readonly module: Materialized }> =
  examples.map((example, i) => ({
    example,
    module: materialize(
      join(
        scratchDir,
        `${i}-${example.file.replace(/[^\w.-]+/g, '_')}-${example.symbol.replace(/\W+/g, '_')}.ts`,
      ),
      repoRoot,
      [example],
    ),
  }))

describe('TSDoc @example blocks', () => {
  it(`type-checks all ${examples.length} examples`, () => {
    console.log(
      `TSDoc examples: ${examples.length} @example blocks in ${new Set(examples.map((e) => e.file)).size} of ${sources.length} source files; ${examples.filter((e) => !e.run).length} are no-run`,
    )
    const errors = typeCheck(
      modules.map((m) => m.module),
      [writeAssertGlobal(scratchDir)],
    )
    expect(errors, `type errors in TSDoc examples:\n${errors.join('\n')}`).toEqual([])
  })

  for (const { example, module } of modules.filter((m) => m.example.run))
    it(`runs ${example.file} ${example.symbol} (line ${example.line})`, async () => {
      expect(example.code.trim(), `${example.file} ${example.symbol}: empty @example`).not.toBe('')
      // An example that asserts nothing would pass whatever the code does. The testing kit's
      // own checks (then..., law.check) assert too.
      expect(example.code, `${example.file} ${example.symbol}: asserts nothing`).toMatch(
        /\bassert\b|\.then(Rejects|NothingHappens|State)?\(|\.check\(/,
      )
      await runMaterialized(module)
    })
})
