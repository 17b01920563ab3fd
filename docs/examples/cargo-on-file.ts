/**
 * The persistence walkthrough (docs/persistence.md): the cargo ship handled by the runtime on
 * the file store, its log read back with nothing but Node, and the store verified. Imports
 * sit with the region that uses them, so each quoted region reads on its own. Run by
 * cargo-on-file.test.ts.
 *
 * @since 0.1.0
 */
// #region open
import { Effect } from 'effect'
import { openFileStore } from '../../src/adapters/file/index.js'
import { EventStoreService } from '../../src/runtime/index.js'

/** Runs `program` on the file store in `dir` (created when missing), then closes the store. */
export const onFileStore = <A, E>(dir: string, program: Effect.Effect<A, E, EventStoreService>) =>
  Effect.acquireUseRelease(
    openFileStore(dir),
    (store) => program.pipe(Effect.provide(EventStoreService.layer(store))),
    (store) => store.close(),
  )
// #endregion open

// #region ship
import { commandHandler, snapshotEvery } from '../../src/runtime/index.js'
import type { CargoCommand } from '../../src/examples/cargo.js'
import { cargoShip } from '../../src/examples/cargo.js'
import { cargoEventCodec, cargoStateCodec } from '../../src/examples/cargo.codec.js'

/** A snapshot of the ship every 5 events, in `snapshots/` next to the log. */
export const shipSnapshots = snapshotEvery(5, cargoStateCodec)

/** The ships' handler: the decider, its codec and its snapshot policy, bound once. */
export const ships = commandHandler(cargoShip, cargoEventCodec, { snapshots: shipSnapshots })

/** Handles commands on one ship, in order; fails with the first rejection. */
export const sail = (shipId: string, commands: ReadonlyArray<CargoCommand>) =>
  Effect.forEach(commands, (command) => ships.handle(`ship-${shipId}`, command))
// #endregion ship

// #region read-log
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import type { RecordedEvent } from '../../src/codec/index.js'
import { RecordedEventCodec } from '../../src/codec/index.js'

/** One line of `events.jsonl`: `{"crc32":"<8 hex digits>","event":<record JSON>}`. */
const envelope = /^\{"crc32":"([0-9a-f]{8})","event":(.*)\}$/

/** A line of the log: a record whose checksum holds, or the text of a damaged line. */
export type LogLine =
  | { readonly _tag: 'Record'; readonly record: RecordedEvent }
  | { readonly _tag: 'Damaged'; readonly text: string }

const readLine = (text: string): LogLine => {
  const [, stored, json] = envelope.exec(text) ?? []
  // The checksum covers the record's bytes exactly as written: no re-serializing.
  if (json === undefined || crc32(json).toString(16).padStart(8, '0') !== stored)
    return { _tag: 'Damaged', text }
  const decoded = RecordedEventCodec.decode(JSON.parse(json))
  return decoded._tag === 'Right'
    ? { _tag: 'Record', record: decoded.right }
    : { _tag: 'Damaged', text }
}

/** Reads a store's log with nothing but Node: one entry per line. */
export const readLog = (dir: string): ReadonlyArray<LogLine> =>
  readFileSync(join(dir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((text) => text !== '')
    .map(readLine)
// #endregion read-log
