/**
 * Random event ids: version-4 UUIDs from the platform's CSPRNG (`crypto.getRandomValues`), as
 * `crypto.randomUUID` makes them, but without trees of string fragments. Web-standard APIs only
 * (no `node:crypto`, no `Buffer`), so the runtime bundles for browsers, workers, Deno and Bun.
 *
 * Why not `crypto.randomUUID` itself: Node builds its UUIDs by concatenating pieces, so each
 * is a tree of ~20 string fragments in V8. A store keeps every event id (in the record and in
 * its index of ids), and keeping a tree costs the garbage collector ~20 objects to promote
 * instead of one: measured here, keeping 100,000 of them costs ~1 µs per id, more than a whole
 * hand-written command. These ids are written as ASCII into a byte array, 128 at a time from
 * one batch of random bytes; the batch is decoded into one string and each id is a slice of it
 * (one object per id). Measured against the former `Buffer#toString('latin1')` per id: as fast
 * or faster (0.3-0.5 µs against 0.4-0.8 µs per kept id on this shared machine); decoding each
 * id on its own with `TextDecoder` took 0.6-0.8 µs.
 *
 * @since 0.1.0
 */

const batchSize = 128
const hexDigits = new Uint8Array([
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
])
const dash = 0x2d

/**
 * A generator of random version-4 UUIDs (RFC 9562 layout: lowercase hex, version nibble 4,
 * variant bits 10). Each generator has its own buffers.
 *
 * @example
 * import { randomUuids } from './src/runtime/RandomIds.js'
 * const ids = randomUuids()
 * const id = ids()
 * assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
 * assert.notStrictEqual(ids(), id)
 *
 * @category constructors
 * @since 0.1.0
 */
export const randomUuids = (): (() => string) => {
  const bytes = new Uint8Array(16 * batchSize)
  const text = new Uint8Array(36 * batchSize)
  const decoder = new TextDecoder()
  let batch = ''
  let next = batchSize
  const refill = (): void => {
    globalThis.crypto.getRandomValues(bytes)
    for (let u = 0; u < batchSize; u++) {
      const from = u * 16
      bytes[from + 6] = ((bytes[from + 6] as number) & 0x0f) | 0x40
      bytes[from + 8] = ((bytes[from + 8] as number) & 0x3f) | 0x80
      let at = u * 36
      for (let b = 0; b < 16; b++) {
        if (b === 4 || b === 6 || b === 8 || b === 10) text[at++] = dash
        const byte = bytes[from + b] as number
        text[at++] = hexDigits[byte >> 4] as number
        text[at++] = hexDigits[byte & 0x0f] as number
      }
    }
    // The random bytes are spent: none stays in memory once written out as text.
    bytes.fill(0)
    batch = decoder.decode(text)
    next = 0
  }
  return () => {
    if (next === batchSize) refill()
    const start = 36 * next++
    return batch.slice(start, start + 36)
  }
}
