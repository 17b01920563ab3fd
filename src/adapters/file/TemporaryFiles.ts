/**
 * Temporary files: every atomic replacement writes one beside its target first. A name is
 * unique per attempt whatever the process id (containers reuse the same PID on every start),
 * and its writer holds a lock on it while it lives, so a leftover is known to be a dead
 * writer's: those are removed under the store's exclusive lock and never block anything.
 *
 * @since 0.1.0
 */
import { randomBytes } from 'node:crypto'
import { closeSync, existsSync, fstatSync, lstatSync, readdirSync, unlinkSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { faultPoint } from './FaultPoints.js'
import { tryLockPrivateFile } from './NativeLock.js'
import { openStoreFile } from './StoreEntries.js'

// -------------------------------------------------------------------------------------
// guards
// -------------------------------------------------------------------------------------

/**
 * Whether `name` is a temporary file of the store: `.<target>.<id>.tmp` (and the names older
 * versions used: `.<target>.<pid>.<n>.tmp`, `events.jsonl.repair.tmp`).
 *
 * @category guards
 * @since 0.1.0
 */
export const isTemporaryName = (name: string): boolean =>
  (name.startsWith('.') && name.endsWith('.tmp')) || name.endsWith('.repair.tmp')

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Creates a new temporary file beside `target` (exclusively, never through a link) and locks
 * it; returns its path and descriptor. The lock is the writer's claim: a cleaner that can take
 * it knows the writer is gone. A cleaner may remove the file between its creation and the
 * lock: then the attempt starts again under a new name.
 *
 * @category constructors
 * @since 0.1.0
 */
export const createTemporary = (target: string): { readonly path: string; readonly fd: number } => {
  for (;;) {
    const path = join(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`)
    const fd = openStoreFile(path, 'create')
    if (typeof fd !== 'number') throw new Error(fd.reason)
    if (tryLockPrivateFile(fd) && sameFile(path, fd)) return { path, fd }
    closeSync(fd)
  }
}

const sameFile = (path: string, fd: number): boolean => {
  try {
    const named = lstatSync(path)
    const open = fstatSync(fd)
    return named.ino === open.ino && named.dev === open.dev
  } catch {
    return false
  }
}

// -------------------------------------------------------------------------------------
// folding
// -------------------------------------------------------------------------------------

/**
 * The temporary files in `dir` (none when it is missing), as paths.
 *
 * @category folding
 * @since 0.1.0
 */
export const listTemporaries = (dir: string): ReadonlyArray<string> =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter(isTemporaryName)
        .sort()
        .map((name) => join(dir, name))
    : []

/**
 * Removes the temporary files in `dirs` whose writers are gone (their lock is free); a live
 * writer's is left alone. Call under the store's exclusive lock. Returns the paths removed.
 *
 * @category folding
 * @since 0.1.0
 */
export const removeDeadTemporaries = (dirs: ReadonlyArray<string>): ReadonlyArray<string> => {
  const removed: string[] = []
  for (const dir of dirs)
    for (const path of listTemporaries(dir)) {
      const stats = lstatSync(path, { throwIfNoEntry: false })
      if (stats === undefined || stats.isDirectory()) continue
      if (stats.isSymbolicLink()) {
        // A link by a temporary's name: removing the link never touches its target.
        unlinkSync(path)
        removed.push(path)
        continue
      }
      const fd = openStoreFile(path, 'update')
      if (typeof fd !== 'number') continue
      try {
        if (!tryLockPrivateFile(fd)) continue
        unlinkSync(path)
        removed.push(path)
        if (removed.length === 1) faultPoint('cleanup:after-first-remove')
      } finally {
        closeSync(fd)
      }
    }
  return removed
}
