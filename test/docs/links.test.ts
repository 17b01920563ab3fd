/**
 * A newcomer finds every page and no link leads nowhere: docs/index.md and README.md link every
 * page of docs/, and every relative link of README.md and docs/*.md names a file that exists.
 * (docs/index.md once left out the simulation walkthrough that README listed.)
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listFiles, repoRoot } from './materialize.js'

/** The targets of a Markdown document's inline links, `[text](target)`, fenced code left out. */
const linkTargets = (markdown: string): ReadonlyArray<string> =>
  [...markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/\]\(([^)\s]+)\)/g)].map(
    (m) => m[1] ?? '',
  )

/** A link's target as a path from the repository root, or undefined for a URL or an anchor. */
const localTarget = (document: string, target: string): string | undefined => {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) return undefined
  return normalize(join(dirname(document), target.split('#')[0] ?? ''))
}

const pages = listFiles('docs', (name) => name.endsWith('.md'), ['docs/api']).filter(
  (file) => dirname(file) === 'docs' && file !== 'docs/index.md',
)
const documents = ['README.md', 'docs/index.md', ...pages]
const read = (file: string): string => readFileSync(join(repoRoot, file), 'utf8')
const linked = (document: string): ReadonlySet<string> =>
  new Set(
    linkTargets(read(document)).flatMap((target) => {
      const local = localTarget(document, target)
      return local === undefined ? [] : [local]
    }),
  )

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/ /g, '-')

/** The anchors of a Markdown document's headings, fenced code left out. */
const anchors = (markdown: string): ReadonlySet<string> =>
  new Set(
    [...markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      slug(m[1] ?? ''),
    ),
  )

describe('links of README.md and docs/', () => {
  it('finds the pages and the links (the checker itself)', () => {
    expect(pages.length).toBeGreaterThan(10)
    expect(linkTargets('[a](b.md#c) `x` [d](https://e) \n```ts\n[f](g.md)\n```\n')).toEqual([
      'b.md#c',
      'https://e',
    ])
    expect(localTarget('docs/index.md', 'cli.md#your-own-domain')).toBe(join('docs', 'cli.md'))
    expect(localTarget('README.md', 'https://example.com/x.md')).toBeUndefined()
    expect(slug('`foldwise copy`: another store, the same events')).toBe(
      'foldwise-copy-another-store-the-same-events',
    )
  })

  it.each(['docs/index.md', 'README.md'])('%s links every page of docs/', (document) => {
    const targets = linked(document)
    expect(pages.filter((page) => !targets.has(normalize(page)))).toEqual([])
  })

  it('every relative link names a file that exists', () => {
    const broken = documents.flatMap((document) =>
      [...linked(document)]
        .filter((target) => !existsSync(join(repoRoot, target)))
        .map((target) => `${document} -> ${target}`),
    )
    expect(broken).toEqual([])
  })
})

it('every anchor of a link to a Markdown document names one of its headings', () => {
  const broken = documents.flatMap((document) =>
    linkTargets(read(document)).flatMap((target) => {
      const [path, anchor] = target.split('#')
      if (anchor === undefined || /^[a-z][a-z0-9+.-]*:/i.test(target)) return []
      const file =
        path === '' || path === undefined ? document : normalize(join(dirname(document), path))
      if (!file.endsWith('.md') || !existsSync(join(repoRoot, file))) return []
      return anchors(read(file)).has(anchor) ? [] : [`${document} -> ${target}`]
    }),
  )
  expect(broken).toEqual([])
})
