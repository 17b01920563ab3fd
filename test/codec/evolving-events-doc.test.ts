/**
 * Runs the code of docs/evolving-events.md and checks that every region the walkthrough quotes
 * is the code as it is in docs/examples/evolving-events.ts.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  readDamaged,
  readFromTheFuture,
  readOldRecords,
  readOldSnapshot,
  recordsWrittenByV1,
  writeNewEvent,
} from '../../docs/examples/evolving-events.js'

const read = (path: string): string =>
  readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8')

describe('docs/evolving-events.md', () => {
  it('quotes every region of its example code verbatim', () => {
    const source = read('../../docs/examples/evolving-events.ts')
    const markdown = read('../../docs/evolving-events.md')
    const regions = Array.from(
      source.matchAll(/\/\/ #region (\S+)\n([\s\S]*?)\n\/\/ #endregion \1/g),
    )
    expect(regions.map((r) => r[1])).toStrictEqual([
      'v1',
      'v2',
      'read-old',
      'write-new',
      'errors',
      'snapshots',
    ])
    for (const [, , code] of regions) expect(markdown).toContain('```ts excerpt\n' + code + '\n```')
  })

  it('v1 records were written at schema version 1', () => {
    expect(recordsWrittenByV1.map((r) => r.schemaVersion)).toStrictEqual([1, 1])
  })

  it('old records decode to the current shape', () => {
    expect(readOldRecords()).toStrictEqual([
      {
        _tag: 'Right',
        right: { type: 'OrderPlaced', orderId: 'o-1', total: { minor: 1999, currency: 'EUR' } },
      },
      { _tag: 'Right', right: { type: 'OrderShipped', orderId: 'o-1' } },
    ])
  })

  it('new events are written at the current version', () => {
    expect(writeNewEvent()).toStrictEqual({
      type: 'OrderPlaced',
      schemaVersion: 2,
      data: { orderId: 'o-2', total: { minor: 4250, currency: 'USD' } },
    })
  })

  it('prints the error lines the walkthrough shows', () => {
    const markdown = read('../../docs/evolving-events.md')
    expect(markdown).toContain(readFromTheFuture())
    expect(markdown).toContain(readDamaged())
    expect(readFromTheFuture()).toMatch(/^UnsupportedSchemaVersion in order-o-3@1/)
    expect(readDamaged()).toMatch(/data\.total\.minor: expected SafeInteger, got "12\.50"$/)
  })

  it('refuses a snapshot of the old state version', () => {
    expect(readOldSnapshot()).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'UnsupportedSchemaVersion', schemaVersion: 1 },
    })
  })
})
