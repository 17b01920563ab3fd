/**
 * Snapshots and projection checkpoints: one small checksummed file each, replaced atomically,
 * named by the SHA-256 of the stream id or projection name (ids are data, never paths).
 *
 * @since 0.1.0
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Json } from '../../codec/RecordedEvent.js'
import type { ProjectionCheckpoint, StoredSnapshot } from '../../store/EventStore.js'
import type { CorruptStore } from '../../store/StoreError.js'
import { corruptStore } from '../../store/StoreError.js'
import { writeFileAtomicAsync } from './AtomicWrite.js'
import { ensureDirectory } from './FileSystem.js'
import { checkEnvelope, encodeEnvelope } from './LineFormat.js'
import { checkEntry } from './StoreEntries.js'

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The file name that holds the small file of `key`: its SHA-256 in hex, with `.json`.
 *
 * @example
 * import { smallFileName } from './src/adapters/file/SmallFiles.js'
 * assert.match(smallFileName('../../etc/passwd'), /^[0-9a-f]{64}\.json$/)
 *
 * @category constructors
 * @since 0.1.0
 */
export const smallFileName = (key: string): string =>
  `${createHash('sha256').update(key, 'utf8').digest('hex')}.json`

/**
 * The bytes of a snapshot file.
 *
 * @category constructors
 * @since 0.1.0
 */
export const encodeSnapshot = (snapshot: StoredSnapshot): string =>
  encodeEnvelope(
    'snapshot',
    JSON.stringify({
      streamId: snapshot.streamId,
      streamVersion: snapshot.streamVersion,
      stateVersion: snapshot.stateVersion,
      state: snapshot.state,
    }),
  ) + '\n'

/**
 * The bytes of a checkpoint file.
 *
 * @category constructors
 * @since 0.1.0
 */
export const encodeCheckpoint = (checkpoint: ProjectionCheckpoint): string =>
  encodeEnvelope(
    'checkpoint',
    JSON.stringify({
      name: checkpoint.name,
      position: checkpoint.position,
      readModel: checkpoint.readModel,
    }),
  ) + '\n'

// -------------------------------------------------------------------------------------
// destructors
// -------------------------------------------------------------------------------------

const freezeDeep = <A>(value: A): A => {
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) freezeDeep((value as Record<string, unknown>)[key])
    Object.freeze(value)
  }
  return value
}

/**
 * The JSON payload of a small file under `key`, or why it is damaged.
 *
 * @category destructors
 * @since 0.1.0
 */
export const decodeSmallFile = (key: 'snapshot' | 'checkpoint', bytes: Buffer): Json | string => {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0a ? bytes.length - 1 : bytes.length
  const envelope = checkEnvelope(key, bytes, 0, end)
  if (envelope._tag === 'Damaged') return envelope.reason
  try {
    return freezeDeep(
      JSON.parse(bytes.toString('utf8', envelope.payloadStart, envelope.payloadEnd)) as Json,
    )
  } catch {
    return 'not JSON'
  }
}

const readSmallFile = async (
  dir: string,
  key: 'snapshot' | 'checkpoint',
  name: string,
): Promise<{ readonly [field: string]: Json } | undefined | CorruptStore> => {
  const path = join(dir, smallFileName(name))
  // Never through a link: a snapshot or checkpoint is the store's own file.
  const wrong = checkEntry(dir, 'directory') ?? checkEntry(path, 'file')
  if (wrong !== undefined) return wrong
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const payload = decodeSmallFile(key, bytes)
  if (typeof payload === 'string') return corruptStore(path, 0, payload)
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return corruptStore(path, 0, `${key} is not an object`)
  return payload as { readonly [field: string]: Json }
}

// -------------------------------------------------------------------------------------
// persistence
// -------------------------------------------------------------------------------------

/**
 * Loads the snapshot of `streamId` from `dir`, `undefined` when there is none.
 *
 * @category persistence
 * @since 0.1.0
 */
export const loadSnapshotFile = async (
  dir: string,
  streamId: string,
): Promise<StoredSnapshot | undefined | CorruptStore> => {
  const payload = await readSmallFile(dir, 'snapshot', streamId)
  if (payload === undefined || '_tag' in payload) return payload as CorruptStore | undefined
  const { streamVersion, stateVersion, state } = payload
  if (payload['streamId'] !== streamId) return undefined
  if (typeof streamVersion !== 'number' || typeof stateVersion !== 'number' || state === undefined)
    return corruptStore(join(dir, smallFileName(streamId)), 0, 'snapshot has the wrong shape')
  return Object.freeze({ streamId, streamVersion, stateVersion, state })
}

/**
 * Saves a snapshot into `dir`, replacing the stream's previous one atomically.
 *
 * @category persistence
 * @since 0.1.0
 */
export const saveSnapshotFile = async (
  dir: string,
  snapshot: StoredSnapshot,
): Promise<void | CorruptStore> => {
  const wrong = checkEntry(dir, 'directory')
  if (wrong !== undefined) return wrong
  ensureDirectory(dir)
  await writeFileAtomicAsync(
    join(dir, smallFileName(snapshot.streamId)),
    encodeSnapshot(snapshot),
    'snapshot',
  )
}

/**
 * Loads the checkpoint of projection `name` from `dir`, `undefined` when there is none.
 *
 * @category persistence
 * @since 0.1.0
 */
export const loadCheckpointFile = async (
  dir: string,
  name: string,
): Promise<ProjectionCheckpoint | undefined | CorruptStore> => {
  const payload = await readSmallFile(dir, 'checkpoint', name)
  if (payload === undefined || '_tag' in payload) return payload as CorruptStore | undefined
  const { position, readModel } = payload
  if (payload['name'] !== name) return undefined
  if (typeof position !== 'number' || readModel === undefined)
    return corruptStore(join(dir, smallFileName(name)), 0, 'checkpoint has the wrong shape')
  return Object.freeze({ name, position, readModel })
}

/**
 * Saves a projection checkpoint into `dir`, replacing the previous one atomically.
 *
 * @category persistence
 * @since 0.1.0
 */
export const saveCheckpointFile = async (
  dir: string,
  checkpoint: ProjectionCheckpoint,
): Promise<void | CorruptStore> => {
  const wrong = checkEntry(dir, 'directory')
  if (wrong !== undefined) return wrong
  ensureDirectory(dir)
  await writeFileAtomicAsync(
    join(dir, smallFileName(checkpoint.name)),
    encodeCheckpoint(checkpoint),
    'checkpoint',
  )
}
