/**
 * Finds the `@example` tags of the TSDoc comments in a source file, with the symbol each one
 * documents and the line it starts on.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import type { CodeSource } from './materialize.js'
import { repoRoot } from './materialize.js'

/** An `@example` of a TSDoc comment. */
export interface TsdocExample extends CodeSource {
  readonly symbol: string
  /** False when the example is marked `no-run` (after `@example` or on its fence). */
  readonly run: boolean
}

const nameOf = (node: ts.Node): string | undefined => {
  if (ts.isVariableStatement(node))
    return node.declarationList.declarations.map((d) => d.name.getText()).join(', ')
  if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return '(module)'
  const name = ts.getNameOfDeclaration(node as ts.Declaration)
  return name?.getText()
}

/** The examples of one comment: text after `@example` up to the next block tag. */
const examplesOf = (
  file: string,
  source: ts.SourceFile,
  doc: ts.JSDoc,
  symbol: string,
): ReadonlyArray<TsdocExample> => {
  const raw = source.text.slice(doc.pos, doc.end)
  const firstLine = source.getLineAndCharacterOfPosition(doc.pos).line + 1
  const lines = raw.split('\n').map((text) =>
    text
      .replace(/^\s*\/\*\*\s?/, '')
      .replace(/\s*\*\/\s*$/, '')
      .replace(/^\s*\* ?/, ''),
  )
  const examples: TsdocExample[] = []
  let current: { start: number; caption: string; body: string[] } | undefined
  const finish = (): void => {
    if (current === undefined) return
    let body = current.body
    let start = current.start
    let noRun = /(^|\s)no-run(\s|$)/.test(current.caption)
    const fenceAt = body.findIndex((l) => /^\s*```/.test(l))
    if (fenceAt >= 0) {
      noRun ||= /(^|\s)no-run(\s|$)/.test(body[fenceAt] ?? '')
      const closeAt = body.findIndex((l, i) => i > fenceAt && /^\s*```\s*$/.test(l))
      body = body.slice(fenceAt + 1, closeAt < 0 ? body.length : closeAt)
      start += fenceAt + 1
    }
    while (body.length > 0 && (body[body.length - 1] ?? '').trim() === '') body = body.slice(0, -1)
    const n = examples.length + 1
    examples.push({
      file,
      line: start,
      symbol,
      run: !noRun,
      label: `@example ${n} of ${symbol}${current.caption === '' ? '' : ` "${current.caption}"`}`,
      code: body.join('\n'),
    })
    current = undefined
  }
  lines.forEach((text, i) => {
    const tag = /^\s*@(\w+)\s*(.*)$/.exec(text)
    if (tag !== null) {
      finish()
      if (tag[1] === 'example')
        current = { start: firstLine + i + 1, caption: (tag[2] ?? '').trim(), body: [] }
      return
    }
    current?.body.push(text)
  })
  finish()
  return examples
}

/** The `@example`s of `file` (relative to the root), in source order. */
export const readTsdocExamples = (file: string): ReadonlyArray<TsdocExample> => {
  const text = readFileSync(join(repoRoot, file), 'utf8')
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const found: TsdocExample[] = []
  const seen = new Set<number>()
  const visit = (node: ts.Node, container: string): void => {
    const name = nameOf(node)
    const qualified =
      name === undefined ? container : container === '' ? name : `${container}.${name}`
    for (const doc of ts.getJSDocCommentsAndTags(node)) {
      if (!ts.isJSDoc(doc) || seen.has(doc.pos)) continue
      seen.add(doc.pos)
      if (doc.tags?.some((t) => t.tagName.text === 'example') === true)
        found.push(...examplesOf(file, source, doc, qualified === '' ? '(module)' : qualified))
    }
    const nests =
      ts.isClassDeclaration(node) ||
      ts.isInterfaceDeclaration(node) ||
      ts.isModuleDeclaration(node) ||
      ts.isVariableStatement(node) ||
      ts.isSourceFile(node)
    ts.forEachChild(node, (child) =>
      visit(child, nests && !ts.isSourceFile(node) ? qualified : container),
    )
  }
  visit(source, '')
  return found.sort((a, b) => a.line - b.line)
}
