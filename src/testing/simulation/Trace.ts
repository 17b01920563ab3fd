/**
 * The trace of a simulated run: one line per thing that happened (a command sent and its
 * outcome, an injected fault, a stored batch, a crash, a projection's progress), stamped with
 * simulated time, plus the ledger of every batch the store accepted. The same plan gives the
 * same trace, byte for byte.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One batch the underlying store accepted: who appended it, where, and the command id its
 * events carry (undefined when they carry none).
 *
 * @category model
 * @since 0.1.0
 */
export interface StoredBatch {
  readonly component: string
  readonly streamId: string
  readonly commandId: string | undefined
  readonly fromVersion: number
  readonly toVersion: number
}

/**
 * A trace being written: lines in the order things happened, and the stored batches. A line is
 * kept as its parts and printed only when `lines` or `text` is read: most runs pass and are
 * never printed, and printing every detail as JSON as it happened took a fifth of a run's CPU
 * time (measured on the example systems). Details must therefore not change after they are
 * recorded (the simulation records plan data, fresh objects and frozen values only).
 *
 * @category model
 * @since 0.1.0
 */
export class Trace {
  readonly batches: Array<StoredBatch> = []
  private readonly times: Array<number> = []
  private readonly parts: Array<string> = []
  private readonly details: Array<unknown> = []
  private readonly printed: Array<string> = []

  constructor(private readonly now: () => number) {}

  /** Records one line: simulated time, component, what happened, and its details as JSON. */
  record(component: string, what: string, detail?: unknown): void {
    this.times.push(this.now())
    this.parts.push(`${component} ${what}`)
    this.details.push(detail)
  }

  /** Records a batch the store accepted (and a line for it). */
  stored(batch: StoredBatch): void {
    this.batches.push(batch)
    this.record(batch.component, 'stored', {
      streamId: batch.streamId,
      versions: `${batch.fromVersion}..${batch.toVersion}`,
      commandId: batch.commandId ?? null,
    })
  }

  /** How many lines were recorded. */
  get length(): number {
    return this.times.length
  }

  /** The lines so far: simulated ms, component, what happened, details as stable JSON. */
  get lines(): ReadonlyArray<string> {
    for (let i = this.printed.length; i < this.times.length; i++) {
      const detail = this.details[i]
      const suffix = detail === undefined ? '' : ` ${stableJson(detail)}`
      this.printed.push(`${this.times[i]} ${this.parts[i]}${suffix}`)
    }
    return this.printed.slice()
  }

  /** The whole trace as text, one line each. */
  text(): string {
    return this.lines.join('\n')
  }
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * JSON with object keys in sorted order, `Map`s as their entries and `undefined` as null, so a
 * value prints the same whatever order its fields were built in.
 *
 * @example
 * import { stableJson } from './src/testing/simulation/Trace.js'
 * assert.strictEqual(stableJson({ b: 1, a: [new Map([['x', 2]])] }), '{"a":[[["x",2]]],"b":1}')
 *
 * @category utils
 * @since 0.1.0
 */
export const stableJson = (value: unknown): string => JSON.stringify(normalize(value, 0))

const normalize = (value: unknown, depth: number): unknown => {
  if (depth > 64) return '…'
  if (value === undefined) return null
  if (value === null || typeof value !== 'object') return value
  if (value instanceof Map)
    return Array.from(value, ([k, v]) => [normalize(k, depth + 1), normalize(v, depth + 1)])
  if (value instanceof Set) return Array.from(value, (v) => normalize(v, depth + 1))
  if (Array.isArray(value)) return value.map((v) => normalize(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort())
    out[key] = normalize((value as Record<string, unknown>)[key], depth + 1)
  return out
}
