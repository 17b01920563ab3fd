/**
 * The event ids a log holds, as a compact hash set: a 32-bit hash per global position and an
 * open-addressing table of positions by hash (about 12 bytes per event, no string kept). A hash
 * match is only a candidate: the caller confirms it by reading the record's id from the log, so
 * a collision never refuses a new id.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The hash of each position's event id (`hashes[position - 1]`) and a table of positions
 * (`0` = empty slot) keyed by hash, kept at most half full.
 *
 * @category model
 * @since 0.1.0
 */
export interface EventIds {
  hashes: Uint32Array
  table: Uint32Array
  count: number
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The 32-bit FNV-1a hash of an event id's UTF-16 code units.
 *
 * @category constructors
 * @since 0.1.0
 */
export const hashEventId = (eventId: string): number => {
  let hash = 0x811c9dc5
  for (let i = 0; i < eventId.length; i++) {
    hash ^= eventId.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/**
 * An empty set with room for `capacity` ids before it grows.
 *
 * @category constructors
 * @since 0.1.0
 */
export const emptyEventIds = (capacity = 1024): EventIds => ({
  hashes: new Uint32Array(capacity),
  table: new Uint32Array(tableSizeFor(capacity)),
  count: 0,
})

/**
 * The set of the given hashes (of positions 1, 2, …), as read from an index file.
 *
 * @category constructors
 * @since 0.1.0
 */
export const eventIdsOf = (hashes: Uint32Array, count: number): EventIds => {
  const ids: EventIds = {
    hashes,
    table: new Uint32Array(tableSizeFor(count)),
    count: 0,
  }
  for (let i = 0; i < count; i++) place(ids.table, hashes, i + 1)
  ids.count = count
  return ids
}

const tableSizeFor = (count: number): number => {
  let size = 2048
  while (size < count * 2 + 2) size *= 2
  return size
}

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/** Puts `position` in the first free slot of its hash's probe sequence. */
const place = (table: Uint32Array, hashes: Uint32Array, position: number): void => {
  const mask = table.length - 1
  let slot = (hashes[position - 1] as number) & mask
  while (table[slot] !== 0) slot = (slot + 1) & mask
  table[slot] = position
}

/**
 * Adds the id hash of the next position (`count + 1`).
 *
 * @category combinators
 * @since 0.1.0
 */
export const addEventId = (ids: EventIds, hash: number): void => {
  if (ids.count + 1 > ids.hashes.length) {
    const bigger = new Uint32Array(ids.hashes.length * 2)
    bigger.set(ids.hashes)
    ids.hashes = bigger
  }
  ids.hashes[ids.count] = hash
  ids.count++
  if (ids.count * 2 + 2 > ids.table.length) {
    ids.table = new Uint32Array(ids.table.length * 2)
    for (let p = 1; p <= ids.count; p++) place(ids.table, ids.hashes, p)
  } else place(ids.table, ids.hashes, ids.count)
}

/**
 * Whether some position's id has `hash` (no candidate: the id is certainly not stored). Allocates
 * nothing: the common case of an append's check.
 *
 * @category combinators
 * @since 0.1.0
 */
export const hasHash = (ids: EventIds, hash: number): boolean => {
  const mask = ids.table.length - 1
  for (let slot = hash & mask; ids.table[slot] !== 0; slot = (slot + 1) & mask)
    if (ids.hashes[(ids.table[slot] as number) - 1] === hash) return true
  return false
}

/**
 * The positions whose id has `hash` (candidates to confirm against the log), in table order.
 *
 * @category combinators
 * @since 0.1.0
 */
export const positionsWithHash = (ids: EventIds, hash: number): ReadonlyArray<number> => {
  const found: number[] = []
  const mask = ids.table.length - 1
  for (let slot = hash & mask; ids.table[slot] !== 0; slot = (slot + 1) & mask) {
    const position = ids.table[slot] as number
    if (ids.hashes[position - 1] === hash) found.push(position)
  }
  return found
}

// -------------------------------------------------------------------------------------
// persistence
// -------------------------------------------------------------------------------------

/**
 * The first `count` hashes as base64 of little-endian 32-bit words (for the index file).
 *
 * @category persistence
 * @since 0.1.0
 */
export const encodeHashes = (ids: EventIds): string => {
  const bytes = Buffer.allocUnsafe(ids.count * 4)
  for (let i = 0; i < ids.count; i++) bytes.writeUInt32LE(ids.hashes[i] as number, i * 4)
  return bytes.toString('base64')
}

/**
 * The hashes of `encodeHashes`, or `undefined` when there are not `count` of them.
 *
 * @category persistence
 * @since 0.1.0
 */
export const decodeHashes = (base64: unknown, count: number): Uint32Array | undefined => {
  if (typeof base64 !== 'string') return undefined
  const bytes = Buffer.from(base64, 'base64')
  if (bytes.length !== count * 4) return undefined
  const hashes = new Uint32Array(Math.max(1024, count))
  for (let i = 0; i < count; i++) hashes[i] = bytes.readUInt32LE(i * 4)
  return hashes
}
