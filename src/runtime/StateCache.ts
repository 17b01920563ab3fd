/**
 * The in-process state cache: the last known state and version of each recently handled
 * stream, least recently used first out, so a command on a hot stream reads nothing before it
 * decides. A stale entry (another process appended) is caught by the expected-version check of
 * the append and refreshed from its version onwards.
 *
 * @since 0.1.0
 */

/**
 * One stream's cached state. Mutable on purpose: it is private to the runtime and updated in
 * place after each append under the stream's lock.
 *
 * @category model
 * @since 0.1.0
 */
export interface CachedStream<State> {
  state: State
  version: number
  /** Another writer appended: read the events after `version` before deciding again. */
  stale: boolean
  /** Command id -> the versions of its events, for every indexed event carrying one. */
  readonly commandIds: Map<string, CommandSpan>
  /** All events in [indexedFrom, version] have their command ids in `commandIds`. */
  indexedFrom: number
}

/**
 * The versions of the events one command produced.
 *
 * @category model
 * @since 0.1.0
 */
export interface CommandSpan {
  readonly from: number
  readonly to: number
}

/**
 * A bounded least-recently-used map from stream id to cached state.
 *
 * @category model
 * @since 0.1.0
 */
export class StateCache<State> {
  private readonly entries = new Map<string, CachedStream<State>>()

  constructor(readonly capacity: number) {}

  /** The entry, marked as most recently used; `undefined` when absent. */
  get(streamId: string): CachedStream<State> | undefined {
    const entry = this.entries.get(streamId)
    if (entry === undefined) return undefined
    // A Map iterates in insertion order: re-inserting moves the entry to the young end.
    this.entries.delete(streamId)
    this.entries.set(streamId, entry)
    return entry
  }

  set(streamId: string, entry: CachedStream<State>): void {
    if (this.capacity <= 0) return
    this.entries.delete(streamId)
    this.entries.set(streamId, entry)
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next()
      if (oldest.done !== true) this.entries.delete(oldest.value)
    }
  }

  delete(streamId: string): void {
    this.entries.delete(streamId)
  }

  get size(): number {
    return this.entries.size
  }
}

/**
 * Records the command id of one event in the entry's index, widening the span of its command.
 *
 * @category combinators
 * @since 0.1.0
 */
export const indexCommandId = (
  commandIds: Map<string, CommandSpan>,
  commandId: string | undefined,
  version: number,
): void => {
  if (commandId === undefined) return
  const span = commandIds.get(commandId)
  commandIds.set(
    commandId,
    span === undefined
      ? { from: version, to: version }
      : { from: Math.min(span.from, version), to: Math.max(span.to, version) },
  )
}
