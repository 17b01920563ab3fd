/**
 * The file store: the embedded, durable default adapter. One directory holds an append-only
 * log of checksummed JSON lines, its index, its format marker, snapshots and checkpoints; any number
 * of processes may open it at once.
 *
 * @since 0.1.0
 */
import { closeSync } from 'node:fs'
import { Effect } from 'effect'
import type { EventToAppend } from '../../codec/RecordedEvent.js'
import type {
  AppendOptions,
  AppendResult,
  CheckpointStore,
  EventStore,
  SnapshotStore,
  Unsubscribe,
} from '../../store/EventStore.js'
import {
  checkAppendArguments,
  checkCheckpoint,
  checkCheckpointName,
  checkReadAllOptions,
  checkReadStreamOptions,
  checkSnapshot,
} from '../../store/StoreArguments.js'
import type { StoreError } from '../../store/StoreError.js'
import {
  isStoreError,
  readOnlyStore,
  storeClosed,
  storeUnavailable,
} from '../../store/StoreError.js'
import { checkStreamId } from '../../store/StreamId.js'
import type { FileLog, IndexStatus, OpenLogOptions, TornTail, UncutTail } from './FileLog.js'
import { refresh } from './CatchUp.js'
import { storeFiles } from './FileLog.js'
import { openLog, saveIndex } from './OpenLog.js'
import { readAllRecords, readStreamRecords } from './ReadRecords.js'
import { describeError, ensureDirectory } from './FileSystem.js'
import { makeGroupCommit } from './GroupCommit.js'
import type { PreparedEvent } from './RecordCodec.js'
import { prepareEvent } from './RecordCodec.js'
import {
  loadCheckpointFile,
  loadSnapshotFile,
  saveCheckpointFile,
  saveSnapshotFile,
} from './SmallFiles.js'
import { watchLog } from './WatchLog.js'
import { requireCompatibleEffect } from '../../store/EffectVersion.js'
import type { Listeners } from '../../store/Listeners.js'
import { tellListeners, wakeOnClose } from '../../store/Listeners.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Options of the file store.
 *
 * @category model
 * @since 0.1.0
 */
export interface FileStoreOptions extends OpenLogOptions {
  /** The clock for `recordedAt` when the caller gives none (default: the wall clock, ISO-8601). */
  readonly now?: () => string
  /** How often `onAppend` polls for other processes' appends besides `fs.watch` (default 250 ms). */
  readonly pollIntervalMs?: number
}

/**
 * What opening (and later catching up) recovered: torn tails cut and how the index was found.
 *
 * @category model
 * @since 0.1.0
 */
export interface FileStoreRecovery {
  readonly tornTails: ReadonlyArray<TornTail>
  readonly index: IndexStatus
  /** A torn tail left in place (a read-only store never cuts one): `verify` names it. */
  readonly uncutTail: UncutTail | undefined
}

/**
 * The file store: events, snapshots, checkpoints, and what recovery did.
 *
 * @category model
 * @since 0.1.0
 */
export interface FileStore extends EventStore, SnapshotStore, CheckpointStore {
  readonly dir: string
  readonly recovery: () => FileStoreRecovery
}

// -------------------------------------------------------------------------------------
// internals
// -------------------------------------------------------------------------------------

const wallClock = (): string => new Date().toISOString()
const indexEvery = 100_000

const fromPromise = <A>(
  body: () => Promise<A | StoreError>,
  what: string,
): Effect.Effect<A, StoreError> =>
  Effect.flatMap(
    Effect.tryPromise({
      try: body,
      catch: (error) => storeUnavailable(`${what}: ${describeError(error)}`),
    }),
    (outcome) => (isStoreError(outcome) ? Effect.fail(outcome) : Effect.succeed(outcome)),
  )

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Opens the file store in `dir`, creating it when missing. Opening checks the log (every line's
 * checksum by default), cuts a torn tail left by a crash (an unfinished append, copied to
 * `quarantine/` first) and reports it in `recovery()`; any other damage, or a symbolic link or
 * directory where a store file belongs, fails with `CorruptStore` and nothing is written. With
 * `readOnly: true` nothing in `dir` is ever created, written, cut or removed (a read-only mount
 * opens); a torn tail is reported in `recovery().uncutTail`, and appends and saves fail.
 *
 * @example
 * import { Effect } from 'effect'
 * import { mkdtempSync, rmSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { openFileStore } from 'foldwise/adapters/file'
 * const dir = mkdtempSync(join(tmpdir(), 'foldwise-'))
 * const program = Effect.gen(function* () {
 *   const store = yield* openFileStore(dir)
 *   const event = { eventId: 'e1', type: 'Opened', schemaVersion: 1, data: {}, metadata: {} }
 *   yield* store.append('account-1', [event], { expectedVersion: 'no_stream' })
 *   const events = yield* store.readStream('account-1')
 *   yield* store.close()
 *   return events.length
 * })
 * Effect.runPromise(program).then((n) => {
 *   assert.strictEqual(n, 1)
 *   rmSync(dir, { recursive: true })
 * })
 *
 * @category constructors
 * @since 0.1.0
 */
export const openFileStore = (
  dir: string,
  options?: FileStoreOptions,
): Effect.Effect<FileStore, StoreError> => {
  requireCompatibleEffect()
  return fromPromise(async () => {
    if (options?.readOnly !== true) ensureDirectory(dir)
    const opened = await openLog(dir, options)
    if ('_tag' in opened) return opened
    return makeFileStore(opened, options)
  }, `cannot open the file store in ${dir}`)
}

const makeFileStore = (log: FileLog, options: FileStoreOptions | undefined): FileStore => {
  const now = options?.now ?? wallClock
  const files = storeFiles(log.dir)
  const readOnly = log.readOnly ? readOnlyStore(log.dir) : undefined
  const listeners: Listeners = new Set()
  let closed = false
  let indexedAt = log.index.count

  const notify = (head: number): void => tellListeners(listeners, head)
  const commits = makeGroupCommit(log, (head) => {
    if (head - indexedAt >= indexEvery) {
      indexedAt = head
      void saveIndex(log).catch(() => undefined)
    }
    notify(head)
  })
  const watcher = watchLog(log.path, options?.pollIntervalMs ?? 250, () => {
    const before = log.index.count
    if (refresh(log) === undefined && log.index.count > before) notify(log.index.count)
  })

  /** Runs `body` on an open, caught-up, undamaged store. */
  const reading = <A>(body: () => A | StoreError): Effect.Effect<A, StoreError> =>
    Effect.suspend(() => {
      if (closed) return Effect.fail(storeClosed)
      try {
        const damage = refresh(log)
        if (damage !== undefined) return Effect.fail(damage)
        const outcome = body()
        return isStoreError(outcome) ? Effect.fail(outcome) : Effect.succeed(outcome)
      } catch (error) {
        return Effect.fail(storeUnavailable(`cannot read ${log.path}: ${describeError(error)}`))
      }
    })

  const withStreamId = <A>(
    streamId: string,
    body: () => A | StoreError,
  ): Effect.Effect<A, StoreError> => {
    const invalid = checkStreamId(streamId)
    return invalid === undefined ? reading(body) : Effect.fail(invalid)
  }

  const append = (
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    appendOptions: AppendOptions,
  ): Effect.Effect<AppendResult, StoreError> =>
    // One primitive per append: the checks run when the effect runs, and a refusal resumes at once.
    Effect.callback<AppendResult, StoreError>((resume) => {
      if (closed) return resume(Effect.fail(storeClosed))
      if (readOnly !== undefined) return resume(Effect.fail(readOnly))
      if (log.damage !== undefined) return resume(Effect.fail(log.damage))
      const expectedVersion = checkAppendArguments(streamId, events, appendOptions)
      if (typeof expectedVersion === 'object') return resume(Effect.fail(expectedVersion))
      // The clock is read once per append, and only when an event has no `recordedAt`. Each
      // event's fields are read once, by the checking copy: a getter answering differently on
      // a second read cannot slip past the check.
      let stamp: string | undefined
      const clock = (): string => (stamp ??= now())
      const prepared = new Array<PreparedEvent>(events.length)
      for (let i = 0; i < events.length; i++) {
        const ready = prepareEvent(streamId, events[i] as EventToAppend, clock, i)
        // A value that is not JSON, or a wrong field, refuses the whole append before anything
        // is written.
        if ('_tag' in ready) return resume(Effect.fail(ready))
        prepared[i] = ready
      }
      commits.enqueue({
        streamId,
        events: prepared,
        expectedVersion,
        settle: (outcome) =>
          resume(isStoreError(outcome) ? Effect.fail(outcome) : Effect.succeed(outcome)),
      })
    })

  return {
    dir: log.dir,
    recovery: () => ({
      tornTails: log.tornTails.slice(),
      index: log.indexStatus,
      uncutTail: log.uncutTail,
    }),
    append,
    readStream: (streamId, readOptions) =>
      withStreamId(streamId, () => {
        const invalid = checkReadStreamOptions(readOptions)
        return invalid ?? readStreamRecords(log, streamId, readOptions)
      }),
    streamVersion: (streamId) =>
      withStreamId(streamId, () => log.index.streams.get(streamId)?.length ?? 0),
    currentVersion: (streamId) => {
      // On the spot when the log is readable (refresh only stats it and catches the index
      // up); any failure goes through `streamVersion`, which reports it the same way.
      if (!closed && checkStreamId(streamId) === undefined)
        try {
          if (refresh(log) === undefined) return log.index.streams.get(streamId)?.length ?? 0
        } catch {
          // reported by streamVersion below
        }
      return withStreamId(streamId, () => log.index.streams.get(streamId)?.length ?? 0)
    },
    readAll: (readOptions) =>
      reading(() => checkReadAllOptions(readOptions) ?? readAllRecords(log, readOptions)),
    headPosition: () => reading(() => log.index.count),
    onAppend: (listener) =>
      reading((): Unsubscribe => {
        const entry = (head: number): void => listener(head)
        listeners.add(entry)
        watcher.start()
        return () => {
          listeners.delete(entry)
          if (listeners.size === 0) watcher.stop()
        }
      }),
    close: () =>
      Effect.promise(async () => {
        if (closed) return
        closed = true
        watcher.stop()
        wakeOnClose(listeners, log.index.count)
        await commits.drain()
        if (!log.readOnly && log.damage === undefined && log.index.count !== indexedAt)
          await saveIndex(log).catch(() => undefined)
        closeSync(log.fd)
        log.lock.close()
      }),
    loadSnapshot: (streamId) =>
      withStreamId(streamId, () => undefined).pipe(
        Effect.flatMap(() =>
          fromPromise(() => loadSnapshotFile(files.snapshots, streamId), 'cannot load a snapshot'),
        ),
      ),
    saveSnapshot: (snapshot) =>
      Effect.suspend(() => {
        const checked = checkSnapshot(snapshot)
        return '_tag' in checked
          ? Effect.fail(checked)
          : withStreamId(checked.streamId, () => readOnly ?? undefined).pipe(
              Effect.flatMap(() =>
                fromPromise(
                  () => saveSnapshotFile(files.snapshots, checked),
                  'cannot save a snapshot',
                ),
              ),
            )
      }),
    loadCheckpoint: (name) =>
      Effect.suspend(() => {
        const invalid = checkCheckpointName('loadCheckpoint', name)
        return invalid !== undefined
          ? Effect.fail(invalid)
          : reading(() => undefined).pipe(
              Effect.flatMap(() =>
                fromPromise(
                  () => loadCheckpointFile(files.checkpoints, name),
                  'cannot load a checkpoint',
                ),
              ),
            )
      }),
    saveCheckpoint: (checkpoint) =>
      Effect.suspend(() => {
        const checked = checkCheckpoint(checkpoint)
        return '_tag' in checked
          ? Effect.fail(checked)
          : reading(() => readOnly ?? undefined).pipe(
              Effect.flatMap(() =>
                fromPromise(
                  () => saveCheckpointFile(files.checkpoints, checked),
                  'cannot save a checkpoint',
                ),
              ),
            )
      }),
  }
}
