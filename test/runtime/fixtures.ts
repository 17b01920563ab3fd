/**
 * Shared fixtures of the runtime tests: a pass-through JSON codec (for domains whose events are
 * already plain JSON) and fresh stores.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { left, right } from 'fp-ts/lib/Either.js'
import type { EventCodec } from '../../src/codec/EventCodec.js'
import type { Json } from '../../src/codec/RecordedEvent.js'
import { unknownEventType } from '../../src/codec/DecodeError.js'

/** Encodes an event as itself; decodes any record whose type is in `types`. */
export const passThroughCodec = <Event extends { readonly type: string }>(
  types: ReadonlyArray<Event['type']>,
): EventCodec<Event> => {
  const known = new Set<string>(types)
  return {
    encode: (event) => ({ type: event.type, schemaVersion: 1, data: event as unknown as Json }),
    decode: (record) =>
      known.has(record.type)
        ? right(record.data as Event)
        : left(unknownEventType(record, [...known])),
  }
}

/** A fresh directory under the OS temp dir and its remover. */
export const tempDir = (prefix: string): { readonly dir: string; readonly remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), `foldwise-${prefix}-`))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
