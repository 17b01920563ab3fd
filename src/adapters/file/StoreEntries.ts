/**
 * The entries of a store directory are the store's own: each must be what it should be (a
 * regular file, or a directory), and never a symbolic link. The store opens its files with
 * `O_NOFOLLOW`, so a link planted where a file should be is refused, never followed out of the
 * store (a read-only command once truncated a file outside the store through such a link).
 *
 * @since 0.1.0
 */
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  renameSync,
} from 'node:fs'
import { basename, join } from 'node:path'
import type { CorruptStore } from '../../store/StoreError.js'
import { corruptStore } from '../../store/StoreError.js'
import { storeFiles } from './FileLog.js'
import { ensureDirectory, syncDirectory } from './FileSystem.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How a store file is opened: only read; read and written in place; read and appended to
 * (created when missing); or created anew (failing when it exists).
 *
 * @category model
 * @since 0.1.0
 */
export type OpenMode = 'read' | 'update' | 'append' | 'create'

const noFollow = constants.O_NOFOLLOW ?? 0

const flagsOf: { readonly [mode in OpenMode]: number } = {
  read: constants.O_RDONLY | noFollow,
  update: constants.O_RDWR | noFollow,
  append: constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | noFollow,
  create: constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | noFollow,
}

// -------------------------------------------------------------------------------------
// guards
// -------------------------------------------------------------------------------------

/**
 * What is wrong with the entry at `path` when it should be a `kind`: `undefined` when it is one
 * (or is missing), else a phrase such as `"is a symbolic link"`.
 *
 * @category guards
 * @since 0.1.0
 */
export const entryProblem = (path: string, kind: 'file' | 'directory'): string | undefined => {
  let stats
  try {
    stats = lstatSync(path)
  } catch {
    return undefined
  }
  if (stats.isSymbolicLink())
    return 'is a symbolic link (the store never follows links for its own files)'
  if (kind === 'file' && !stats.isFile())
    return stats.isDirectory() ? 'is a directory, not a file' : 'is not a regular file'
  if (kind === 'directory' && !stats.isDirectory()) return 'is not a directory'
  return undefined
}

/**
 * `CorruptStore` naming the entry at `path` when it is not a `kind` (see `entryProblem`).
 *
 * @category guards
 * @since 0.1.0
 */
export const checkEntry = (path: string, kind: 'file' | 'directory'): CorruptStore | undefined => {
  const problem = entryProblem(path, kind)
  return problem === undefined
    ? undefined
    : corruptStore(path, 0, `${path} ${problem}; foldwise repair moves it to quarantine`)
}

// -------------------------------------------------------------------------------------
// opening
// -------------------------------------------------------------------------------------

/**
 * Opens the store's own file at `path` without following a symbolic link, and only when it is
 * a regular file: a link or a directory there is `CorruptStore`. Other I/O errors are thrown.
 *
 * @category opening
 * @since 0.1.0
 */
export const openStoreFile = (path: string, mode: OpenMode): number | CorruptStore => {
  const wrong = checkEntry(path, 'file')
  if (wrong !== undefined) return wrong
  let fd: number
  try {
    fd = openSync(path, flagsOf[mode], 0o644)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // The entry changed between the check and the open.
    if (code === 'ELOOP' || code === 'EISDIR')
      return checkEntry(path, 'file') ?? corruptStore(path, 0, `${path} is not a regular file`)
    throw error
  }
  // A directory opens for reading: the check above may have raced a rename.
  if (!fstatSync(fd).isFile()) {
    closeSync(fd)
    return checkEntry(path, 'file') ?? corruptStore(path, 0, `${path} is not a regular file`)
  }
  return fd
}

/** A name in the quarantine folder not yet taken, for an entry moved there whole. */
const freeQuarantineEntry = (quarantine: string, base: string): string => {
  let name = base
  for (let n = 2; existsSync(join(quarantine, name)); n++) name = `${base}-${n}`
  return join(quarantine, name)
}

/**
 * Every entry of a store directory with the kind it must be.
 *
 * @category guards
 * @since 0.1.0
 */
export const storeEntryKinds = (dir: string) => {
  const files = storeFiles(dir)
  // The `lock` entry is checked with the format marker (StoreFormat.ts): a directory in this
  // version, a file in stores foldwise 0.1 used.
  return [
    [files.format, 'file'],
    [files.log, 'file'],
    [files.index, 'file'],
    [files.snapshots, 'directory'],
    [files.checkpoints, 'directory'],
    [files.quarantine, 'directory'],
  ] as const
}

/**
 * One line per entry of the store in `dir` that is a link or of the wrong kind, for `verify`.
 *
 * @category guards
 * @since 0.1.0
 */
export const describeWrongEntries = (dir: string): ReadonlyArray<string> => {
  const log = storeFiles(dir).log
  const problems: string[] = []
  for (const [path, kind] of storeEntryKinds(dir)) {
    const wrong = entryProblem(path, kind)
    if (wrong !== undefined)
      problems.push(
        `${path} ${wrong}: opening refuses the store${path === log ? '' : '; foldwise repair moves it to quarantine'}`,
      )
  }
  return problems
}

// -------------------------------------------------------------------------------------
// repairing
// -------------------------------------------------------------------------------------

/**
 * Moves the entries of the store in `dir` that are links or of the wrong kind into quarantine
 * as they are (never the log: a repair will not guess which file is the log), saying so in
 * `actions`; with `dryRun`, only says so. Returns whether anything moved.
 *
 * @category repairing
 * @since 0.1.0
 */
export const moveWrongEntries = (dir: string, dryRun: boolean, actions: string[]): boolean => {
  const files = storeFiles(dir)
  let moved = false
  for (const [path, kind] of storeEntryKinds(dir)) {
    if (path === files.log) continue
    const wrong = entryProblem(path, kind)
    if (wrong === undefined) continue
    // The quarantine folder itself cannot hold itself: it is renamed beside the store.
    const target =
      path === files.quarantine
        ? freeQuarantineEntry(dir, 'quarantine-moved-aside')
        : freeQuarantineEntry(files.quarantine, `moved-${basename(path)}`)
    actions.push(`move ${path} (it ${wrong}) to ${target}`)
    if (!dryRun) {
      if (path !== files.quarantine) ensureDirectory(files.quarantine)
      renameSync(path, target)
      moved = true
    }
  }
  if (moved) syncDirectory(dir)
  return moved
}
