/**
 * When the prose of README.md or docs/ says a name comes from an entry point ("`checkStreamId`
 * in `foldwise/store`", "`eventCodec` from `foldwise/codec`"), that entry point exports it. Code
 * blocks are compiled by code-blocks.test.ts; prose is not, and docs/file-store.md still sent
 * readers to `checkStreamId`, which the public API had stopped offering.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { publicNames } from '../package/publicNames.js'
import { listFiles, repoRoot } from './materialize.js'

/** `name` and entry of every "`name` in|from `foldwise...`" of a document's prose. */
const claims = (
  markdown: string,
): ReadonlyArray<{ readonly name: string; readonly entry: string }> =>
  [
    ...markdown
      .replace(/^```[\s\S]*?^```/gm, '')
      .matchAll(/`([A-Za-z_]\w*)`[^`\n]{0,12}?\b(?:in|from) `(foldwise(?:\/[\w/]+)?)`/g),
  ].map((m) => ({ name: m[1] ?? '', entry: m[2] ?? '' }))

it('reads the claims of a text (the checker itself)', () => {
  expect(
    claims(
      '(`checkStreamId` in `foldwise/store`), `x` (from `foldwise`)\n```ts\n`y` in `foldwise`\n```\n',
    ),
  ).toEqual([
    { name: 'checkStreamId', entry: 'foldwise/store' },
    { name: 'x', entry: 'foldwise' },
  ])
})

it('every name the docs place in an entry point is exported by it', () => {
  const offered = new Map<string, ReadonlySet<string>>(
    publicNames().map((e) => [`foldwise${e.entry.slice(1)}`, new Set(e.names)]),
  )
  const documents = ['README.md', ...listFiles('docs', (f) => f.endsWith('.md'), ['docs/api'])]
  const all = documents.flatMap((file) =>
    claims(readFileSync(join(repoRoot, file), 'utf8')).map((claim) => ({ file, ...claim })),
  )
  expect(all.length).toBeGreaterThan(3)
  const wrong = all.filter(({ name, entry }) => offered.get(entry)?.has(name) !== true)
  expect(wrong).toEqual([])
})
