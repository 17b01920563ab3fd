/**
 * The in-process state cache: the last known state and version of each recently handled
 * stream, least recently used first out, so a command on a hot stream reads nothing before it
 * decides. A stale entry (another process appended) is caught by the expected-version check of
 * the append, or, for a decision that appends nothing, by a check of the stream's version, and
 * refreshed from its version onwards.
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

interface Node<State> {
  readonly key: string
  value: CachedStream<State>
  /** Towards the most recently used end. */
  newer: Node<State> | undefined
  /** Towards the least recently used end. */
  older: Node<State> | undefined
}

/**
 * A bounded least-recently-used map from stream id to cached state: a map of nodes threaded
 * on a doubly linked list, so a hit moves one node instead of deleting and re-inserting a
 * map key (which leaves a hole in the map's table on every command).
 *
 * @category model
 * @since 0.1.0
 */
export class StateCache<State> {
  private readonly nodes = new Map<string, Node<State>>()
  private newest: Node<State> | undefined = undefined
  private oldest: Node<State> | undefined = undefined

  constructor(readonly capacity: number) {}

  private unlink(node: Node<State>): void {
    if (node.newer === undefined) this.newest = node.older
    else node.newer.older = node.older
    if (node.older === undefined) this.oldest = node.newer
    else node.older.newer = node.newer
    node.newer = undefined
    node.older = undefined
  }

  private pushNewest(node: Node<State>): void {
    node.older = this.newest
    node.newer = undefined
    if (this.newest === undefined) this.oldest = node
    else this.newest.newer = node
    this.newest = node
  }

  /** The entry, marked as most recently used; `undefined` when absent. */
  get(streamId: string): CachedStream<State> | undefined {
    const node = this.nodes.get(streamId)
    if (node === undefined) return undefined
    if (node !== this.newest) {
      this.unlink(node)
      this.pushNewest(node)
    }
    return node.value
  }

  set(streamId: string, entry: CachedStream<State>): void {
    if (this.capacity <= 0) return
    const existing = this.nodes.get(streamId)
    if (existing !== undefined) {
      existing.value = entry
      if (existing !== this.newest) {
        this.unlink(existing)
        this.pushNewest(existing)
      }
      return
    }
    const node: Node<State> = { key: streamId, value: entry, newer: undefined, older: undefined }
    this.nodes.set(streamId, node)
    this.pushNewest(node)
    if (this.nodes.size > this.capacity) {
      const oldest = this.oldest as Node<State>
      this.unlink(oldest)
      this.nodes.delete(oldest.key)
    }
  }

  delete(streamId: string): void {
    const node = this.nodes.get(streamId)
    if (node === undefined) return
    this.unlink(node)
    this.nodes.delete(streamId)
  }

  get size(): number {
    return this.nodes.size
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
