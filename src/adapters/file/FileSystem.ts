/**
 * The few file-system steps the file store builds on: durable appends, durable small-file
 * replacement and directory syncs. The cross-process lock is in `Lock.ts`.
 *
 * @since 0.1.0
 */
import { closeSync, fdatasync, fsyncSync, mkdirSync, openSync, write } from 'node:fs'
import { dirname } from 'node:path'

// -------------------------------------------------------------------------------------
// durable writes
// -------------------------------------------------------------------------------------

const writeAsync = (
  fd: number,
  buffer: Uint8Array,
  offset: number,
  length: number,
): Promise<number> =>
  new Promise((resolve, reject) =>
    write(fd, buffer, offset, length, null, (error, written) =>
      error ? reject(error) : resolve(written),
    ),
  )

/**
 * Writes all of `bytes` at the end of `fd` (opened for appending) and waits for `fdatasync`.
 *
 * @category durable writes
 * @since 0.1.0
 */
export const appendDurably = async (fd: number, bytes: Uint8Array): Promise<void> => {
  let done = 0
  while (done < bytes.length) done += await writeAsync(fd, bytes, done, bytes.length - done)
  await new Promise<void>((resolve, reject) =>
    fdatasync(fd, (error) => (error ? reject(error) : resolve())),
  )
}

/**
 * Syncs a directory so a file created or renamed in it survives a crash.
 *
 * @category durable writes
 * @since 0.1.0
 */
export const syncDirectory = (dir: string): void => {
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/**
 * Creates `dir` (and its parents) when missing, syncing the parent of each directory made.
 *
 * @category durable writes
 * @since 0.1.0
 */
export const ensureDirectory = (dir: string): void => {
  const first = mkdirSync(dir, { recursive: true })
  if (first === undefined) return
  let made = dir
  while (true) {
    syncDirectory(dirname(made))
    if (made === first || dirname(made) === made) break
    made = dirname(made)
  }
}

/**
 * A one-line description of an I/O error.
 *
 * @category durable writes
 * @since 0.1.0
 */
export const describeError = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)
