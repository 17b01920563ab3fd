/**
 * Finds the TypeScript fences of a Markdown document and groups them into modules, following
 * the convention described at the top of code-blocks.test.ts.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CodeSource } from './materialize.js'
import { repoRoot } from './materialize.js'

/** Languages whose fences are compiled (and run). */
const languages: ReadonlySet<string> = new Set(['ts', 'typescript'])

/** Flags a fence may carry after its language: ```ts no-run standalone */
const knownFlags: ReadonlySet<string> = new Set(['no-run', 'standalone', 'excerpt'])

/** A TypeScript fence of a document. */
export interface MarkdownBlock extends CodeSource {
  /** 1-based line of the opening fence. */
  readonly fenceLine: number
  readonly run: boolean
  readonly standalone: boolean
  /** Marked `excerpt`: it must be found verbatim in a .ts file. */
  readonly excerpt: boolean
}

/** The fences of `file` (relative to the root), and the problems found while reading them. */
export const readMarkdownBlocks = (
  file: string,
): { readonly blocks: ReadonlyArray<MarkdownBlock>; readonly problems: ReadonlyArray<string> } => {
  const lines = readFileSync(join(repoRoot, file), 'utf8').split(/\r?\n/)
  const blocks: MarkdownBlock[] = []
  const problems: string[] = []
  let open:
    | {
        readonly indent: number
        readonly fence: string
        readonly line: number
        readonly lang: string
        readonly flags: ReadonlyArray<string>
      }
    | undefined
  let body: string[] = []
  lines.forEach((text, index) => {
    const line = index + 1
    if (open === undefined) {
      const start = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)(.*)$/.exec(text)
      if (start === null) return
      const [, indent = '', fence = '', lang = '', rest = ''] = start
      const flags = rest.split(/[\s,]+/).filter((f) => f !== '')
      open = { indent: indent.length, fence, line, lang: lang.toLowerCase(), flags }
      body = []
      return
    }
    const close = /^\s*(`{3,}|~{3,})\s*$/.exec(text)
    const closing = close?.[1]
    if (
      closing !== undefined &&
      closing[0] === open.fence[0] &&
      closing.length >= open.fence.length
    ) {
      if (languages.has(open.lang)) {
        const unknown = open.flags.filter((f) => !knownFlags.has(f))
        if (unknown.length > 0)
          problems.push(
            `${file}:${open.line}: unknown fence flag ${unknown.join(', ')} (known: ${[...knownFlags].join(', ')})`,
          )
        const noRun = open.flags.includes('no-run')
        blocks.push({
          file,
          line: open.line + 1,
          fenceLine: open.line,
          label: `block at line ${open.line}`,
          code: body.join('\n'),
          run: !noRun,
          standalone: open.flags.includes('standalone'),
          excerpt: open.flags.includes('excerpt'),
        })
      }
      open = undefined
      return
    }
    const strip = Math.min(open.indent, /^\s*/.exec(text)?.[0].length ?? 0)
    body.push(text.slice(strip))
  })
  if (open !== undefined)
    problems.push(`${file}:${open.line}: the fence opened here is never closed`)
  return { blocks, problems }
}

/** One module to write: the blocks it joins, whether it runs, and its name. */
export interface BlockModule {
  readonly name: string
  readonly file: string
  readonly blocks: ReadonlyArray<MarkdownBlock>
  /** The blocks the run executes (the `no-run` ones are left out); empty: not run. */
  readonly runBlocks: ReadonlyArray<MarkdownBlock>
}

/** A document's blocks as modules: its chain (all non-standalone blocks), then each standalone one. */
export const groupBlocks = (
  file: string,
  blocks: ReadonlyArray<MarkdownBlock>,
): ReadonlyArray<BlockModule> => {
  const chain = blocks.filter((b) => !b.standalone)
  const modules: BlockModule[] = []
  if (chain.length > 0)
    modules.push({
      name: `${file} (${chain.length === 1 ? 'block' : 'blocks'} at line ${chain.map((b) => b.fenceLine).join(', ')})`,
      file,
      blocks: chain,
      runBlocks: chain.filter((b) => b.run),
    })
  for (const block of blocks.filter((b) => b.standalone))
    modules.push({
      name: `${file} (standalone block at line ${block.fenceLine})`,
      file,
      blocks: [block],
      runBlocks: block.run ? [block] : [],
    })
  return modules
}
