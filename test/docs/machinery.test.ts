/**
 * The docs checks must be able to fail: a drifted fixture document is run through the same
 * machinery, and its type error, failing assertion and malformed fences are found and located.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { groupBlocks, readMarkdownBlocks } from './markdown.js'
import { readTsdocExamples } from './tsdoc.js'
import {
  materialize,
  repoRoot,
  rewriteSpecifiers,
  typeCheck,
  writeAssertGlobal,
} from './materialize.js'
import { runMaterialized, scratchDirFor } from './harness.js'

const fixture = 'test/docs/fixtures/drift.md'
const scratchDir = scratchDirFor('machinery')

const { blocks, problems } = readMarkdownBlocks(fixture)
const modules = groupBlocks(fixture, blocks).map((group, i) => ({
  group,
  checked: materialize(
    join(scratchDir, `m${i}.ts`),
    join(repoRoot, 'test/docs/fixtures'),
    group.blocks,
  ),
  run: materialize(
    join(scratchDir, `m${i}.run.ts`),
    join(repoRoot, 'test/docs/fixtures'),
    group.runBlocks,
  ),
}))

const runModule = async (index: number): Promise<unknown> => {
  const module = modules[index]?.run
  if (module === undefined) throw new Error(`no module ${index}`)
  try {
    await runMaterialized(module)
    return undefined
  } catch (error) {
    return error
  }
}

describe('docs machinery', () => {
  it('reads ts and typescript fences with their flags, and nothing else', () => {
    expect(problems).toEqual([])
    expect(blocks.map((b) => [b.fenceLine, b.run, b.standalone])).toEqual([
      [5, true, false],
      [10, true, false],
      [16, false, false],
      [20, true, true],
      [24, true, true],
    ])
    expect(modules.map((m) => m.group.blocks.length)).toEqual([3, 1, 1])
    expect(modules[0]?.group.runBlocks.map((b) => b.fenceLine)).toEqual([5, 10])
  })

  it('reports unknown flags and unclosed fences', () => {
    expect(readMarkdownBlocks('test/docs/fixtures/typo.md').problems).toEqual([
      'test/docs/fixtures/typo.md:1: unknown fence flag norun (known: no-run, standalone, excerpt)',
      'test/docs/fixtures/typo.md:5: the fence opened here is never closed',
    ])
  })

  it('locates a type error at its document line, and only that one', () => {
    const errors = typeCheck(
      modules.map((m) => m.checked),
      [writeAssertGlobal(scratchDir)],
    )
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(
      /^test\/docs\/fixtures\/drift\.md:21 \(block at line 20\) col 7: TS2322/,
    )
  })

  it('runs a chain whose later fence uses an earlier one, leaving no-run fences out', async () => {
    expect(await runModule(0)).toBeUndefined()
  })

  it('locates a failing assertion at its document line', async () => {
    const error = await runModule(2)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(
      /^test\/docs\/fixtures\/drift\.md:27 \(block at line 24\): /,
    )
  })

  it('maps package specifiers to src/ and relative ones from the document folder', () => {
    const code =
      "import { given } from 'foldwise/testing'\nimport { bankAccount } from './examples/bank.js'\n"
    const rewritten = rewriteSpecifiers(
      code,
      join(repoRoot, 'docs'),
      join(repoRoot, '.tmp/docs-blocks/x'),
    )
    expect(rewritten).toBe(
      "import { given } from '../../../src/testing/index.js'\nimport { bankAccount } from '../../../docs/examples/bank.js'\n",
    )
  })

  it('reads TSDoc examples with their symbol, line and no-run mark', () => {
    const examples = readTsdocExamples('test/docs/fixtures/documented.ts')
    expect(examples.map((e) => [e.symbol, e.line, e.run, e.code.split('\n').length])).toEqual([
      ['double', 9, true, 2],
      ['double', 13, false, 1],
      ['Box.content', 26, true, 2],
    ])
    expect(examples[2]?.code).toMatch(/^const box/)
  })
})
