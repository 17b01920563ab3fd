/**
 * Excerpts: a fence that quotes a TypeScript file of the repository verbatim (the house rule
 * is that code shown in docs lives in a .ts file that the tests compile and run). Such a fence
 * is checked by finding it, line for line, in the file it quotes; the file itself is compiled
 * by the project's type check and run by its tests.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { listFiles, repoRoot } from './materialize.js'

/** The folders whose .ts files the project compiles, and so a fence may quote. */
const quotable = ['docs', 'src', 'test'] as const

/** Drops trailing spaces, blank edge lines and the indentation every line shares. */
const normalize = (lines: ReadonlyArray<string>): ReadonlyArray<string> => {
  let out = lines.map((l) => l.replace(/\s+$/, ''))
  while (out.length > 0 && out[0] === '') out = out.slice(1)
  while (out.length > 0 && out[out.length - 1] === '') out = out.slice(0, -1)
  const indent = Math.min(
    ...out.filter((l) => l !== '').map((l) => /^\s*/.exec(l)?.[0].length ?? 0),
  )
  return Number.isFinite(indent) ? out.map((l) => l.slice(indent)) : out
}

/** Every quotable .ts file, read once, as lines. */
export interface QuotableFiles {
  readonly files: ReadonlyArray<{ readonly file: string; readonly lines: ReadonlyArray<string> }>
}

export const readQuotableFiles = (): QuotableFiles => ({
  files: quotable
    .flatMap((dir) => listFiles(dir, (name) => name.endsWith('.ts') && !name.endsWith('.d.ts')))
    .map((file) => ({
      file,
      lines: readFileSync(join(repoRoot, file), 'utf8')
        .split(/\r?\n/)
        .map((l) => l.replace(/\s+$/, '')),
    })),
})

/** Where `code` is quoted from (`docs/examples/bank.ts:97`), or undefined when it is not. */
export const findExcerpt = (quotableFiles: QuotableFiles, code: string): string | undefined => {
  const wanted = normalize(code.split(/\r?\n/))
  const first = wanted[0]?.trim()
  if (first === undefined || wanted.length === 0) return undefined
  for (const { file, lines } of quotableFiles.files)
    for (let i = 0; i + wanted.length <= lines.length; i++) {
      if (lines[i]?.trim() !== first) continue
      const window = normalize(lines.slice(i, i + wanted.length))
      if (window.length === wanted.length && window.every((l, k) => l === wanted[k]))
        return `${file}:${i + 1}`
    }
  return undefined
}
