/**
 * Every TypeScript fence in README.md and docs/**\/*.md is compiled, and the runnable ones run,
 * so the docs cannot drift from the code.
 *
 * The convention, for whoever writes the docs:
 * - A fence whose language is `ts` or `typescript` is code; anything else (`sh`, `text`, `json`)
 *   is not checked. Code is compiled with the repository's strict options (unused locals are
 *   allowed) and runs with a global `assert` (node:assert/strict) for the checks it shows.
 * - The other fences of one document form one module, in order: a later fence may use what an earlier
 *   one declared, and may repeat an earlier fence's imports (repeats are dropped).
 * - A fence that quotes a .ts file of docs/, src/ or test/ verbatim (same lines, any common
 *   indentation) is an excerpt: it is checked by finding it in that file, which the project
 *   compiles and tests, and it is not compiled again. ```ts excerpt  insists on it: such a
 *   fence fails when it is not found (the quoted file changed).
 * - ```ts standalone  is a module of its own (for an alternative that redeclares names).
 * - ```ts no-run      is compiled but not executed (needs a server, loops forever, ...); in a
 *   chain it is left out of the run, so later fences must not depend on its declarations.
 * - Imports read as the reader sees them: `foldwise`, `foldwise/testing`, ... are the package
 *   (mapped to src/), and relative paths start from the document's own folder
 *   (`./examples/bank.js` in docs/x.md, `./docs/examples/bank.js` in README.md).
 * Any unknown fence flag fails the test, so a typo cannot silently skip a block.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BlockModule } from './markdown.js'
import { findExcerpt, readQuotableFiles } from './excerpts.js'
import { groupBlocks, readMarkdownBlocks } from './markdown.js'
import type { Materialized } from './materialize.js'
import { listFiles, materialize, repoRoot, typeCheck, writeAssertGlobal } from './materialize.js'
import { runMaterialized, scratchDirFor } from './harness.js'

const documents = [
  ...(existsSync(join(repoRoot, 'README.md')) ? ['README.md'] : []),
  ...listFiles('docs', (name) => name.endsWith('.md'), ['docs/api']),
]
const quotable = readQuotableFiles()
const read = documents.map((file) => {
  const { blocks, problems } = readMarkdownBlocks(file)
  const quoted = blocks.map((block) => ({ block, from: findExcerpt(quotable, block.code) }))
  return {
    file,
    blocks,
    excerpts: quoted.filter((q) => q.from !== undefined),
    compiled: quoted.filter((q) => q.from === undefined).map((q) => q.block),
    problems: [
      ...problems,
      ...quoted
        .filter((q) => q.block.excerpt && q.from === undefined)
        .map(
          (q) =>
            `${file}:${q.block.fenceLine}: an excerpt fence not found verbatim in any .ts file of docs/, src/ or test/ (the quoted code changed?)`,
        ),
    ],
  }
})
const problems = read.flatMap((r) => r.problems)
const groups: ReadonlyArray<BlockModule> = read.flatMap((r) =>
  groupBlocks(
    r.file,
    r.compiled.filter((b) => !b.excerpt),
  ),
)
const blockCount = read.reduce((n, r) => n + r.blocks.length, 0)
const excerptCount = read.reduce((n, r) => n + r.excerpts.length, 0)
const compiledCount = read.reduce((n, r) => n + r.compiled.length, 0)
const noRunCount = read.reduce((n, r) => n + r.compiled.filter((b) => !b.run).length, 0)

const scratchDir = scratchDirFor('markdown')
const assertGlobal = writeAssertGlobal(scratchDir)
const moduleName = (group: BlockModule, suffix: string): string =>
  join(
    scratchDir,
    `${group.file.replace(/[^\w.-]+/g, '_')}.L${group.blocks[0]?.fenceLine ?? 0}${suffix}.ts`,
  )
const origin = (group: BlockModule): string => join(repoRoot, group.file, '..')

const checked = groups.map((group) =>
  materialize(moduleName(group, ''), origin(group), group.blocks),
)
const runs: ReadonlyArray<{ readonly group: BlockModule; readonly module: Materialized }> = groups
  .map((group, i) => {
    if (group.runBlocks.length === 0) return undefined
    const module =
      group.runBlocks.length === group.blocks.length
        ? checked[i]
        : materialize(moduleName(group, '.run'), origin(group), group.runBlocks)
    return module === undefined ? undefined : { group, module }
  })
  .filter((r) => r !== undefined)

describe('docs code blocks', () => {
  it('finds well-formed fences', () => {
    console.log(
      blockCount === 0
        ? `docs code blocks: no ts fences in ${documents.length} documents (${documents.join(', ') || 'none'}); nothing to check`
        : `docs code blocks: ${blockCount} ts fences in ${documents.length} documents: ${excerptCount} excerpts found verbatim in their .ts files, ${compiledCount} compiled as ${groups.length} modules (${noRunCount} no-run), ${runs.length} modules run`,
    )
    expect(problems).toEqual([])
  })

  it(`finds ${excerptCount} excerpts in the files they quote`, () => {
    for (const r of read)
      for (const { block, from } of r.excerpts)
        expect(from, `${r.file}:${block.fenceLine}`).toBeDefined()
  })

  // One TypeScript program over the docs and what they import: 40 s on a loaded 2-core machine
  // (measured), past the suite's 30 s default.
  it(`type-checks the ${compiledCount} other ts fences`, () => {
    const errors = typeCheck(checked, [assertGlobal])
    expect(errors, `type errors in the docs:\n${errors.join('\n')}`).toEqual([])
  }, 120_000)

  for (const { group, module } of runs)
    it(`runs ${group.name}`, async () => {
      await runMaterialized(module)
    })
})
