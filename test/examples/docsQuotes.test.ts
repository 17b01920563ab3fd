/**
 * The walkthroughs quote their code from files the tests run; this keeps the quotes verbatim.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const read = (path: string): string =>
  readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')

const codeBlocks = (markdown: string): ReadonlyArray<string> =>
  Array.from(markdown.matchAll(/```ts\n([^]*?)```/g), (match) => match[1] ?? '')

const walkthroughs: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
  ['docs/first-decider.md', ['docs/examples/bank.ts', 'test/examples/bank.test.ts']],
  [
    'docs/testing-with-properties.md',
    [
      'docs/examples/arbitraries.ts',
      'docs/examples/bank.ts',
      'test/examples/laws.prop.test.ts',
      'test/examples/counterexample.test.ts',
      'test/testing/deciderLaws.test.ts',
      'test/testing/brokenDeciders.ts',
    ],
  ],
]

describe('walkthroughs quote tested code verbatim', () => {
  for (const [doc, sources] of walkthroughs) {
    it(doc, () => {
      const source = sources.map(read).join('\n')
      const blocks = codeBlocks(read(doc))
      expect(blocks.length).toBeGreaterThan(0)
      for (const block of blocks) expect(source).toContain(block)
    })
  }
})
