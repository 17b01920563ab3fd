/**
 * Shared by the docs test files: a scratch directory that lives as long as the file's tests,
 * and the run of one materialized module with the global `assert` that documented code uses.
 */
import strictAssert from 'node:assert/strict'
import { afterAll } from 'vitest'
import type { Materialized } from './materialize.js'
import { locateError, makeScratchDir } from './materialize.js'

/** Call at the top of a test file: a fresh scratch directory, removed after the file's tests. */
export const scratchDirFor = (kind: string): string => {
  const scratch = makeScratchDir(kind)
  afterAll(() => scratch.remove())
  return scratch.dir
}

/**
 * Imports (runs) `module` with `assert` (node:assert/strict) as a global; a failure is rethrown
 * naming the document line it came from.
 */
export const runMaterialized = async (module: Materialized): Promise<void> => {
  ;(globalThis as { assert?: unknown }).assert = strictAssert
  try {
    await import(/* @vite-ignore */ module.path)
  } catch (error) {
    throw locateError(error, module)
  }
}
