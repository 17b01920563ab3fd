/**
 * The quarantine folder of a store: bytes removed from the log (a torn tail cut on open, damaged
 * records a repair took out) are copied here, synced, before the log changes. Nothing removed
 * from a log is ever only deleted.
 *
 * @since 0.1.0
 */
import { closeSync, existsSync, fdatasyncSync, openSync, readSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { ensureDirectory, syncDirectory } from './FileSystem.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A piece of a file to set aside: where, how long, and why.
 *
 * @category model
 * @since 0.1.0
 */
export interface QuarantinePiece {
  readonly file: string
  readonly offset: number
  readonly length: number
  readonly reason: string
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The first of `base`, `base-2`, `base-3`... not yet taken in the quarantine folder, as a path
 * ending in `.jsonl`. Named by what it holds, not by the clock, so a dry run names the file a
 * real run writes.
 *
 * @category constructors
 * @since 0.1.0
 */
export const freeQuarantineFile = (quarantine: string, base: string): string => {
  let name = base
  for (let n = 2; existsSync(join(quarantine, `${name}.jsonl`)); n++) name = `${base}-${n}`
  return join(quarantine, `${name}.jsonl`)
}

const readRange = (fd: number, offset: number, length: number): Buffer => {
  const buffer = Buffer.alloc(length)
  let done = 0
  while (done < length) {
    const got = readSync(fd, buffer, done, length - done, offset + done)
    if (got === 0) break
    done += got
  }
  return buffer.subarray(0, done)
}

/**
 * Copies the pieces of the file open as `fd` into the new file `path` of the quarantine folder
 * `quarantine`, one JSON line each (`file`, `offset`, `length`, `reason`, the bytes in
 * `base64`), and syncs the file and the folder: after this returns, the bytes survive a crash.
 *
 * @category constructors
 * @since 0.1.0
 */
export const writeQuarantine = (
  quarantine: string,
  path: string,
  fd: number,
  pieces: ReadonlyArray<QuarantinePiece>,
): void => {
  ensureDirectory(quarantine)
  const out = openSync(path, 'wx')
  try {
    for (const piece of pieces)
      writeSync(
        out,
        JSON.stringify({
          file: piece.file,
          offset: piece.offset,
          length: piece.length,
          reason: piece.reason,
          base64: readRange(fd, piece.offset, piece.length).toString('base64'),
        }) + '\n',
      )
    fdatasyncSync(out)
  } finally {
    closeSync(out)
  }
  syncDirectory(quarantine)
}
